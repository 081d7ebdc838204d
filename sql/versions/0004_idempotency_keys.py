"""Idempotency keys: a retried submission returns the stored decision, never a second application.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=100), nullable=True))
    # Applications stored before keys existed get one each, so the column can be required.
    op.execute("UPDATE applications SET idempotency_key = 'legacy-' || id WHERE idempotency_key IS NULL")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.alter_column("idempotency_key", existing_type=sa.String(length=100), nullable=False)
        batch_op.create_index(batch_op.f("ix_applications_idempotency_key"), ["idempotency_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_idempotency_key"))
        batch_op.drop_column("idempotency_key")
