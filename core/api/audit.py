"""The audit of every request to `/v1`: who (the channel and its key), what, the answer's status
and how long it took.

A new decision's entry is written by the decision itself, in its transaction (`routes`), so
the two are committed together; `AuditRequests` writes every other request's entry once its
answer has been sent, so a slow or lost database never delays an answer.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.staff.audit import append_audit

log = logging.getLogger(__name__)


class AuditRequests:
    """ASGI middleware: write every request to /v1 to the audit log, with its channel and
    outcome, unless the request's decision wrote it already. (A plain ASGI class: Starlette's
    `BaseHTTPMiddleware` costs a task and a stream per request.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["started"], status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if not state.get("audited"):
                entry = request_entry(
                    scope, status=status, application_id=state.get("application_id"), key=state.get("key")
                )
                await run_in_threadpool(_write_apart, scope["app"].state.autocommit, entry)


def request_entry(scope: Scope, *, status: int, application_id: int | None, key: Any) -> dict[str, Any]:
    """The audit entry's details of a request: channel, key, method, path, status, application, caller, ms."""
    client = scope.get("client")
    started = scope.get("state", {}).get("started")
    return {
        "channel": key.channel if key else None,
        "key_id": key.key_id if key else None,
        "method": scope["method"],
        "path": scope["path"],
        "status": status,
        "application_id": application_id,
        "client_ip": client[0] if client else None,
        "ms": None if started is None else round((time.perf_counter() - started) * 1000, 1),
    }


def write_entry(connection: Connection, entry: dict[str, Any]) -> None:
    """Append a request's entry on `connection` (committed with whatever else it commits)."""
    who = f"api:{entry['channel']}" if entry["channel"] else "api:unauthenticated"
    target = f"application {entry['application_id']}" if entry["application_id"] else entry["path"]
    append_audit(
        connection=connection, user_name=who, action="api_request", target=target, details=entry, now=datetime.now(UTC)
    )


def _write_apart(engine: Engine, entry: dict[str, Any]) -> None:
    try:
        with engine.connect() as connection:  # an autocommit engine: the entry is committed at once
            write_entry(connection, entry)
    except SQLAlchemyError as error:  # the answer stands (a decision may be stored); the gap is logged
        log.error("audit entry not written (%s): %s", error.__class__.__name__, entry)
