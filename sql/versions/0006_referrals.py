"""Referred applications, identity checks, all contributions, consent and offer acceptance (issue 11).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 13:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("referral_reasons", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column("linked_applications", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column("identity_check", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
        batch_op.add_column(sa.Column("contributions", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("consent_version", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("offer_accepted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("offer_accepted_at")
        batch_op.drop_column("consent_version")
        batch_op.drop_column("contributions")
        batch_op.drop_column("identity_check")
        batch_op.drop_column("linked_applications")
        batch_op.drop_column("referral_reasons")
