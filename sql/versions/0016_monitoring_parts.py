"""Monitoring summaries in two parts per day (issue 13): what the decisions alone give, and what
their outcomes give (summed from `monitoring_labels`, which now say whether the decision was
approved), so that recording outcomes re-sums only the second. A stale day says which changed.

The three tables hold derived data: they are made afresh, empty, and the summaries are summed
again when next asked for (the rank statistics, `monitoring_ranks`, are kept: the labels they
rank do not change).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _drop()
    _days(part=True)
    _labels(approved=True)
    op.create_table(
        "monitoring_stale_days",
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("decisions", sa.Boolean(), nullable=False),
        sa.Column("outcomes", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("segment", "day"),
    )


def downgrade() -> None:
    _drop()
    _days(part=False)
    _labels(approved=False)
    op.create_table(
        "monitoring_stale_days",
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("labels", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("segment", "day"),
    )


def _drop() -> None:
    op.drop_table("monitoring_stale_days")
    with op.batch_alter_table("monitoring_labels", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_labels_segment_day")
    op.drop_table("monitoring_labels")
    op.drop_table("monitoring_days")


def _days(*, part: bool) -> None:
    key = ["segment", "basis", "day", "part"] if part else ["segment", "basis", "day"]
    op.create_table(
        "monitoring_days",
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("basis", sa.String(length=100), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *([sa.Column("part", sa.String(length=16), nullable=False)] if part else []),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("tallies", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint(*key),
    )


def _labels(*, approved: bool) -> None:
    op.create_table(
        "monitoring_labels",
        sa.Column("application_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pd", sa.Float(), nullable=False),
        sa.Column("shadow_pd", sa.Float(), nullable=True),
        sa.Column("age", sa.Float(), nullable=True),
        *([sa.Column("approved", sa.Boolean(), nullable=False)] if approved else []),
        sa.Column("bad", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("application_id"),
    )
    with op.batch_alter_table("monitoring_labels", schema=None) as batch_op:
        batch_op.create_index("ix_monitoring_labels_segment_day", ["segment", "day"], unique=False)
