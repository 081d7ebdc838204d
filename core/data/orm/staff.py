"""Staff accounts, their sessions and sign-in counters, the audit log, and the API channels' keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Index,
    Integer,
    String,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.data.orm.base import Base


class StaffAccount(Base):
    """A member of staff who may sign in: role, argon2 password hash and lockout state."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)  # core.staff.accounts.normalize_user_name
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)  # consecutive, since the last success
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # temporary


class UnknownSignIn(Base):
    """Failed sign-ins under a name that has no account, counted like an account's own so that
    such a name locks exactly alike (`core.staff.lockout`)."""

    __tablename__ = "unknown_sign_ins"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # core.staff.accounts.normalize_user_name
    failed_attempts: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StaffSession(Base):
    """A signed-in browser of a member of staff, so that a reload keeps them signed in. Only
    the SHA-256 of the session's random token is stored; the browser holds the token."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what to which record, and when: sign-ins, searches, client views, account changes."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_user_name_at", "user_name", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_name: Mapped[str] = mapped_column(String(64))  # as typed at sign-in, so unknown names are logged too
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ApiKey(Base):
    """A channel's key to the decision API (core.api). Only the SHA-256 of the random key is
    stored; `prefix` (its first characters) names it in listings. `window_count` counts the key's
    requests in the minute `window_minute` (minutes since 1970, UTC), for its rate limit."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), index=True)
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    rate_limit: Mapped[int] = mapped_column(Integer)  # requests per minute
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    window_minute: Mapped[int] = mapped_column(Integer, default=0)
    window_count: Mapped[int] = mapped_column(Integer, default=0)
