"""Engines and migrations: the embedded SQLite default and PostgreSQL behave the same."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect

from core.config import PROJECT_DIR, Settings, get_settings
from core.data.connections import ping_when_idle, postgres_engine_options, without_time_limits

MIGRATIONS_DIR = PROJECT_DIR / "sql"


def make_engine(url: str, *, settings: Settings | None = None, autocommit: bool = False) -> Engine:
    """An engine for `url`; SQLite gets WAL, enforced foreign keys and a busy timeout;
    PostgreSQL gets bounded waits and a pool sized by `settings` (`core.data.connections`).
    `autocommit`: each statement commits on its own (for single statements: no BEGIN, no COMMIT)."""
    mode: dict[str, Any] = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **mode)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, **postgres_engine_options(settings or get_settings()), **mode)
    ping_when_idle(engine)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets the app read while a decision is written; FULL sync so no accepted application is lost.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """Alembic configuration pointing at `sql/` and at `engine`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    with engine.begin() as connection, without_time_limits(connection):
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_migrated(engine: Engine) -> bool:
    """Whether the schema exists (the migrations have run at least once)."""
    return inspect(engine).has_table("alembic_version")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
