"""Credit policy as versioned data: versions (never edited), activations (append-only), and
the policy version and credit limit on every decision.

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-25 13:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("based_on", sa.Integer(), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_table(
        "policy_activations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["number"], ["policy_versions.number"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("policy_activations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_activations_number"), ["number"], unique=False)
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("policy_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("credit_limit", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("credit_limit")
        batch_op.drop_column("policy_version")
    with op.batch_alter_table("policy_activations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_activations_number"))
    op.drop_table("policy_activations")
    op.drop_table("policy_versions")
