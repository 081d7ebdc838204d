"""Pooled PostgreSQL connections: one broken while it sat idle in the pool (a restart, a
failover, an idle-session timeout) is replaced before anyone uses it (`core.data.connections`)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from core.data import connections
from core.data.db import make_engine
from tests.conftest import PG_ADMIN_URL

pytestmark = pytest.mark.postgres


def backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_broken_while_idle_is_replaced_before_use(pg_url, monkeypatch):
    monkeypatch.setattr(connections, "IDLE_PING_SECONDS", 0.2)
    engine = make_engine(pg_url)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        first = backend_pid(engine)
        assert backend_pid(engine) == first  # in steady use: the same pooled connection
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        time.sleep(0.3)
        assert backend_pid(engine) != first  # no error: the dead one was found and replaced
    finally:
        engine.dispose()
        admin.dispose()
