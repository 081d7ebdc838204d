"""The audit log: an append-only record of what staff did (sign-ins, records viewed, changes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, func, insert, select
from sqlalchemy.orm import Session

from core.data.orm import AuditEntry


def record_audit(
    *,
    session: Session,
    user_name: str,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Append one entry to the audit log (the caller commits)."""
    entry = AuditEntry(
        at=now or datetime.now(UTC), user_name=user_name, action=action, target=target, details=details or {}
    )
    session.add(entry)
    return entry


_APPEND = insert(cast(Table, AuditEntry.__table__))


def append_audit(
    *, connection: Connection, user_name: str, action: str, target: str | None, details: dict[str, Any], now: datetime
) -> None:
    """Append one entry in one statement on `connection` (the decision API's, once per request:
    built once, no unit of work; an autocommit connection commits it at once)."""
    connection.execute(
        _APPEND, {"at": now, "user_name": user_name, "action": action, "target": target, "details": details}
    )


def audit_entries(
    *,
    session: Session,
    user_name: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEntry]:
    """The newest audit entries in [since, until), optionally of one user and one action; a page
    of them (`limit`, `offset`)."""
    query = select(AuditEntry).where(*_conditions(user_name, action, since, until))
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(query))


def count_audit_entries(
    *,
    session: Session,
    user_name: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many entries `audit_entries` finds with these filters, over every page."""
    query = select(func.count()).select_from(AuditEntry).where(*_conditions(user_name, action, since, until))
    return session.scalar(query) or 0


def _conditions(user_name: str | None, action: str | None, since: datetime | None, until: datetime | None) -> list:
    wanted = [(user_name, AuditEntry.user_name == user_name), (action, AuditEntry.action == action)]
    conditions = [condition for value, condition in wanted if value is not None]
    if since is not None:
        conditions.append(AuditEntry.at >= since)
    if until is not None:
        conditions.append(AuditEntry.at < until)
    return conditions


def audit_actions(*, session: Session) -> list[str]:
    """Every kind of action the log holds, for a filter."""
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def audit_users(*, session: Session) -> list[str]:
    """Every name the log holds entries of (names typed at a failed sign-in included)."""
    return list(session.scalars(select(AuditEntry.user_name).distinct().order_by(AuditEntry.user_name)))
