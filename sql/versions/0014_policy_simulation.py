"""Policy simulation (issue 12): an index that covers the live book (a segment's recent PDs and
the fields the knock-out rules read come from the index alone), and cut-offs measured after a
version was written (`policy_measurements`: version 1 on a fresh database had no champion to
measure on; an annotation, the version's rules stay as written).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25 16:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_LIVE_BOOK = ["segment", "created_at", "pd", "age", "income", "decline_app_cnt", "bki_request_cnt"]


def upgrade() -> None:
    with op.batch_alter_table("decision_inputs", schema=None) as batch_op:
        batch_op.create_index("ix_decision_inputs_live_book", _LIVE_BOOK, unique=False)
    op.create_table(
        "policy_measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("measured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("pd", sa.Float(), nullable=False),
        sa.Column("approval_rate", sa.Float(), nullable=False),
        sa.Column("bad_rate", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["number"], ["policy_versions.number"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number", "segment", name="uq_policy_measurements_number_segment"),
    )


def downgrade() -> None:
    op.drop_table("policy_measurements")
    with op.batch_alter_table("decision_inputs", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_inputs_live_book")
