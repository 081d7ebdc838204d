"""The audit log: an append-only record of what staff did (sign-ins, records viewed, changes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
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


def audit_entries(*, session: Session, user_name: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """The newest audit entries, optionally of one user."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if user_name is not None:
        query = query.where(AuditEntry.user_name == user_name)
    return list(session.scalars(query))
