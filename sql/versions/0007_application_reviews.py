"""Manual review: staff decisions on referred applications, beside the automatic ones.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 13:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.SmallInteger(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("offer", sa.String(length=32), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("reviewer", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id", "step", name="uq_application_reviews_step"),
    )
    with op.batch_alter_table("application_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_application_reviews_decided_at"), ["decided_at"], unique=False)
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index("ix_applications_decision_created_at", ["decision", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_decision_created_at")
    with op.batch_alter_table("application_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_reviews_decided_at"))
    op.drop_table("application_reviews")
