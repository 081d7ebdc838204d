"""Staff screens (issue 14): an account's last sign-in and whether it must change a temporary
password at its next sign-in; a trigram index for finding clients by part of a passport.

Revision ID: 0013
Revises: 0007 (the head when merged; the lead re-chains)
Create Date: 2026-11-25 14:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0013"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        # '4510 12' finds passports containing those digits: an infix LIKE, indexed by trigrams.
        op.execute("CREATE INDEX ix_clients_passport_trgm ON clients USING gin (passport gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_clients_passport_trgm")
    with op.batch_alter_table("staff_accounts", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("last_sign_in_at")
