"""How the product talks to PostgreSQL when the network misbehaves: bounded waits everywhere.

A decision must never hang on a lost database. Three limits make sure of it:

- libpq's connect timeout, TCP keepalives and TCP user timeout, so a dead peer or a cable
  pulled mid-query is noticed by the kernel;
- a server-side `statement_timeout`, so a slow or locked statement is cancelled;
- a client-side inactivity limit: psycopg2 waits for the server through a wait callback
  (its documented hook for cooperative I/O), and ours gives up when nothing arrives for
  the statement timeout plus a second. That catches what the kernel cannot see: a peer,
  proxy or balancer that keeps the TCP connection open but never answers.

The pool is small (pool size + overflow per process, see the README's configuration table)
so that several app processes stay under PostgreSQL's `max_connections`.
"""

from __future__ import annotations

import select
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import psycopg2
import psycopg2.extensions as ext
from sqlalchemy import Connection, Engine, event, exc

from core.config import Settings

# A server that answers nothing for this much longer than the statement timeout is gone.
_GRACE_SECONDS = 1.0
# A pooled connection idle longer than this is pinged before use; one in steady use is not (a
# ping is a round trip, and a decision checks out two or three connections).
IDLE_PING_SECONDS = 1.0
_installed = threading.Lock()


class DatabaseUnavailable(RuntimeError):
    """The database did not answer in time or the connection broke: try again shortly.

    Raised before or after a write; a retry with the same idempotency key is always safe.
    """


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn a lost connection, a timeout or an exhausted pool into `DatabaseUnavailable`."""
    try:
        yield
    except (exc.OperationalError, exc.InterfaceError, exc.TimeoutError) as error:
        raise DatabaseUnavailable(str(error).splitlines()[0]) from error
    except exc.DBAPIError as error:
        if error.connection_invalidated:
            raise DatabaseUnavailable(str(error).splitlines()[0]) from error
        raise


@contextmanager
def without_time_limits(connection: Connection) -> Iterator[None]:
    """Lift the statement limits for this transaction of `connection`: a migration may
    rebuild an index for minutes on a large table, which is no sign of a lost server."""
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, _BoundedConnection):
        yield
        return
    connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
    raw.io_seconds, limit = None, raw.io_seconds
    try:
        yield
    finally:
        raw.io_seconds = limit


def postgres_engine_options(settings: Settings) -> dict[str, Any]:
    """`create_engine` keyword arguments for PostgreSQL: pool size, timeouts, keepalives."""
    _install_wait_callback()
    connect_seconds = settings.db_connect_timeout
    statement_ms = int(settings.db_statement_timeout * 1000)
    factory = partial(
        _BoundedConnection,
        connect_seconds=connect_seconds,
        io_seconds=settings.db_statement_timeout + _GRACE_SECONDS,
    )
    return {
        "pool_pre_ping": False,  # `ping_when_idle` instead
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout,
        "pool_recycle": 1800,
        "connect_args": {
            "connection_factory": factory,
            "connect_timeout": max(1, round(connect_seconds)),
            "options": f"-c statement_timeout={statement_ms}",
            "keepalives": 1,
            "keepalives_idle": settings.db_keepalive_idle,
            "keepalives_interval": max(1, settings.db_keepalive_idle // 3),
            "keepalives_count": 3,
            "tcp_user_timeout": int((settings.db_statement_timeout + _GRACE_SECONDS) * 1000),
        },
    }


def ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before use only if it sat idle for `IDLE_PING_SECONDS`: one
    that a restart, a failover or a dropped TCP session broke while idle is replaced before a
    decision uses it (SQLAlchemy's documented pessimistic check, as a checkout event). A
    connection broken within the last second fails its statement instead, and the caller's
    `DatabaseUnavailable` asks for a retry, which finds a fresh one."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < IDLE_PING_SECONDS:
            return  # new (just connected) or in steady use
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            if not dbapi_connection.autocommit:
                dbapi_connection.rollback()
        except psycopg2.Error as error:
            raise exc.DisconnectionError(str(error).splitlines()[0] if str(error) else "lost") from error


class _BoundedConnection(psycopg2.extensions.connection):
    """A psycopg2 connection that carries its waiting limits, for the wait callback."""

    def __init__(self, dsn: str, async_: int = 0, *, connect_seconds: float, io_seconds: float | None):
        self.connect_seconds = connect_seconds
        self.io_seconds = io_seconds
        super().__init__(dsn, async_)


def _install_wait_callback() -> None:
    with _installed:
        if ext.get_wait_callback() is not _wait:
            ext.set_wait_callback(_wait)


def _wait(connection: Any) -> None:
    """psycopg2's wait callback: wait for the socket, at most the connection's limit at a time.

    Connections made elsewhere (Optuna's, an admin's) carry no limit and wait as psycopg2's
    own `extras.wait_select` does.
    """
    connecting = connection.status == ext.STATUS_SETUP
    limit = getattr(connection, "connect_seconds" if connecting else "io_seconds", None)
    deadline = None if limit is None else time.monotonic() + limit
    while True:
        try:
            state = connection.poll()
        except KeyboardInterrupt:
            connection.cancel()
            continue
        if state == ext.POLL_OK:
            return
        events = select.POLLIN if state == ext.POLL_READ else select.POLLOUT
        poller = select.poll()
        poller.register(connection.fileno(), events | select.POLLERR | select.POLLHUP)
        timeout_ms = None if deadline is None else max(0, (deadline - time.monotonic()) * 1000)
        if not poller.poll(timeout_ms) and deadline is not None and time.monotonic() >= deadline:
            what = "connect" if connecting else "answer"
            raise psycopg2.OperationalError(f"the database did not {what} within {limit:g} s")
        if not connecting and limit is not None:
            deadline = time.monotonic() + limit  # an inactivity limit: a long result may stream
