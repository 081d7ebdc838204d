"""Demo rows marked as such, and the database's set-up choices (e.g. no demo data).

Synthetic demo clients and history carry `demo = true`, so real history is never mixed with
them: an import into a database holding demo history is refused unless it replaces it.

Revision ID: 0005
Revises: 0012
Create Date: 2026-11-25 13:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows stored before this migration were all demo rows only if the database was seeded by the
    # first start; that cannot be told apart from real history here, so they count as real.
    for table in ("clients", "historical_applications"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))
            batch_op.create_index(batch_op.f(f"ix_{table}_demo"), ["demo"], unique=False)
    op.create_table(
        "setup_choices",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("setup_choices")
    for table in ("historical_applications", "clients"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_demo"))
            batch_op.drop_column("demo")
