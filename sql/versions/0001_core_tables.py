"""Core tables: regions, existing clients, historical applications, submitted applications.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 01:02:16.456806
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("passport", sa.String(length=10), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("decline_app_cnt", sa.Integer(), nullable=False),
        sa.Column("score_bki", sa.Float(), nullable=False),
        sa.Column("bki_request_cnt", sa.Integer(), nullable=False),
        sa.Column("sna", sa.SmallInteger(), nullable=False),
        sa.Column("first_time", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("passport"),
    )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clients_name_key"), ["name_key"], unique=False
        )

    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("passport", sa.String(length=10), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("model_name", sa.String(length=100), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("pd", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("offer", sa.String(length=32), nullable=False),
        sa.Column("knockout", sa.String(length=64), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applications_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_applications_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            "ix_applications_created_at_decision",
            ["created_at", "decision"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_applications_name_key"), ["name_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_applications_passport"), ["passport"], unique=False
        )

    op.create_table(
        "historical_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("app_date", sa.Date(), nullable=False),
        sa.Column("education", sa.String(length=3), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("age", sa.SmallInteger(), nullable=False),
        sa.Column("car", sa.Boolean(), nullable=False),
        sa.Column("car_type", sa.Boolean(), nullable=False),
        sa.Column("decline_app_cnt", sa.Integer(), nullable=False),
        sa.Column("good_work", sa.Boolean(), nullable=False),
        sa.Column("score_bki", sa.Float(), nullable=False),
        sa.Column("bki_request_cnt", sa.Integer(), nullable=False),
        sa.Column("region_rating", sa.SmallInteger(), nullable=False),
        sa.Column("home_address", sa.SmallInteger(), nullable=False),
        sa.Column("work_address", sa.SmallInteger(), nullable=False),
        sa.Column("income", sa.Integer(), nullable=False),
        sa.Column("sna", sa.SmallInteger(), nullable=False),
        sa.Column("first_time", sa.SmallInteger(), nullable=False),
        sa.Column("foreign_passport", sa.Boolean(), nullable=False),
        sa.Column("default", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id"),
    )
    with op.batch_alter_table("historical_applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_historical_applications_client_id"),
            ["client_id"],
            unique=False,
        )

    if op.get_bind().dialect.name == "postgresql":
        # Staff search by any part of a name ('иван' in 'Петров Иван'): trigram indexes make
        # the infix LIKE indexed on PostgreSQL. SQLite scans, which is fine at embedded sizes.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_clients_name_trgm ON clients USING gin (name_key gin_trgm_ops)"
        )
        op.execute(
            "CREATE INDEX ix_applications_name_trgm ON applications USING gin (name_key gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_applications_name_trgm")
        op.execute("DROP INDEX IF EXISTS ix_clients_name_trgm")
    with op.batch_alter_table("historical_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_historical_applications_client_id"))

    op.drop_table("historical_applications")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_passport"))
        batch_op.drop_index(batch_op.f("ix_applications_name_key"))
        batch_op.drop_index("ix_applications_created_at_decision")
        batch_op.drop_index(batch_op.f("ix_applications_created_at"))
        batch_op.drop_index(batch_op.f("ix_applications_client_id"))

    op.drop_table("applications")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clients_name_key"))

    op.drop_table("clients")
    op.drop_table("regions")
