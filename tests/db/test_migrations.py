"""The migrations in sql/ against the typed models in core/orm.py."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from core.data.db import alembic_config
from core.data.orm import Base


def differences(engine) -> list:
    """What autogenerate would change; the trigram indexes are PostgreSQL-only and live in the
    migration, not in the models."""
    with engine.connect() as connection:
        found = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    return [d for d in found if not (d[0] == "remove_index" and d[1].name.endswith("_trgm"))]


def test_the_migrations_build_what_the_models_describe(engine):
    assert differences(engine) == []


def test_the_migrations_go_down_and_up_again(engine):
    config = alembic_config(engine)
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert differences(engine) == []
