"""Monitoring: replayed applications (no identity, an external reference), observed outcomes,
shadow scores of the challenger, decisions' inputs as typed columns, and alerts raised.

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-25 13:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

_IDENTITY = (
    ("full_name", sa.String(length=200)),
    ("name_key", sa.String(length=200)),
    ("birth_date", sa.Date()),
    ("passport", sa.String(length=10)),
)
_INPUTS = (
    "education", "age", "income", "good_work", "car", "car_type", "foreign_passport", "region_rating",
    "home_address", "work_address", "decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time",
)  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        for name, kind in _IDENTITY:
            batch_op.alter_column(name, existing_type=kind, nullable=True)
        batch_op.add_column(sa.Column("external_ref", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_applications_external_ref"), ["external_ref"], unique=True)

    op.create_table(
        "outcomes",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("default", sa.Boolean(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("application_id"),
    )
    op.create_table(
        "shadow_scores",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("pd", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("application_id"),
    )
    with op.batch_alter_table("shadow_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shadow_scores_model_version"), ["model_version"], unique=False)

    op.create_table(
        "decision_inputs",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("knocked_out", sa.Boolean(), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("pd", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        *(sa.Column(name, sa.Float(), nullable=True) for name in _INPUTS),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("application_id"),
    )
    with op.batch_alter_table("decision_inputs", schema=None) as batch_op:
        batch_op.create_index("ix_decision_inputs_segment_created_at", ["segment", "created_at"], unique=False)

    op.create_table(
        "monitoring_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("monitoring_alerts", schema=None) as batch_op:
        batch_op.create_index("ux_monitoring_alerts_key", ["segment", "period", "kind", "subject"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("monitoring_alerts", schema=None) as batch_op:
        batch_op.drop_index("ux_monitoring_alerts_key")
    op.drop_table("monitoring_alerts")
    with op.batch_alter_table("decision_inputs", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_inputs_segment_created_at")
    op.drop_table("decision_inputs")
    with op.batch_alter_table("shadow_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shadow_scores_model_version"))
    op.drop_table("shadow_scores")
    op.drop_table("outcomes")
    # Replayed applications have no identity and cannot stay once the columns are required again.
    op.execute("DELETE FROM applications WHERE passport IS NULL")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_external_ref"))
        batch_op.drop_column("external_ref")
        for name, kind in _IDENTITY:
            batch_op.alter_column(name, existing_type=kind, nullable=False)
