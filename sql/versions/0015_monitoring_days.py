"""Monitoring over a million decisions: per-day summaries of each segment's decisions (against the
champion's reference), the decisions with outcomes narrowed for rank statistics, the rank
statistics computed over them, and the days whose summaries new decisions or outcomes made stale.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-25 17:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_days",
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("basis", sa.String(length=100), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("tallies", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("segment", "basis", "day"),
    )
    op.create_table(
        "monitoring_labels",
        sa.Column("application_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pd", sa.Float(), nullable=False),
        sa.Column("shadow_pd", sa.Float(), nullable=True),
        sa.Column("age", sa.Float(), nullable=True),
        sa.Column("bad", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("application_id"),
    )
    with op.batch_alter_table("monitoring_labels", schema=None) as batch_op:
        batch_op.create_index("ix_monitoring_labels_segment_day", ["segment", "day"], unique=False)
    op.create_table(
        "monitoring_stale_days",
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("labels", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("segment", "day"),
    )
    op.create_table(
        "monitoring_ranks",
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("grp", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("auroc", sa.Float(), nullable=True),
        sa.Column("ks", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("segment", "kind", "first_day", "last_day", "grp"),
    )


def downgrade() -> None:
    op.drop_table("monitoring_ranks")
    op.drop_table("monitoring_stale_days")
    with op.batch_alter_table("monitoring_labels", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_labels_segment_day")
    op.drop_table("monitoring_labels")
    op.drop_table("monitoring_days")
