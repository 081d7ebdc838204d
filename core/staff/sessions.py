"""Signed-in staff sessions that survive a page reload.

A sign-in opens a session whose random token only the browser keeps (the database keeps its
SHA-256); it ends on sign-out, after `SESSION_IDLE` unused or `SESSION_MAX` in all, with a
new password, or when the account is deactivated.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core.data.db import as_utc
from core.data.orm import StaffSession
from core.staff.accounts import SignIn, find_user

SESSION_IDLE = timedelta(minutes=30)  # a session unused this long is over


SESSION_MAX = timedelta(hours=12)  # and none outlives a working day


_SEEN_EVERY = timedelta(minutes=1)  # how often a session's use is written down


def open_session(*, session: Session, name: str, now: datetime) -> str:
    """Start a session for a member of staff who has just signed in; returns its token, which
    only the browser keeps (the database keeps its SHA-256). The caller commits."""
    token = secrets.token_urlsafe(32)
    session.add(StaffSession(token_hash=_token_hash(token), user_name=name, created_at=now, last_seen_at=now))
    return token


def resume_session(*, session: Session, token: str, now: datetime) -> SignIn | None:
    """The member of staff whose session `token` names, if it is still open: not ended, used in
    the last `SESSION_IDLE`, younger than `SESSION_MAX`, and its account active. The caller commits."""
    found = session.get(StaffSession, _token_hash(token))
    if found is None or found.ended_at is not None:
        return None
    if now - as_utc(found.last_seen_at) > SESSION_IDLE or now - as_utc(found.created_at) > SESSION_MAX:
        found.ended_at = now
        return None
    account = find_user(session=session, name=found.user_name)
    if account is None or not account.active:
        found.ended_at = now
        return None
    if now - as_utc(found.last_seen_at) >= _SEEN_EVERY:
        found.last_seen_at = now
    return SignIn("ok", name=account.name, role=account.role)


def close_session(*, session: Session, token: str, now: datetime) -> None:
    """End the session `token` names (sign-out); the caller commits."""
    found = session.get(StaffSession, _token_hash(token))
    if found is not None and found.ended_at is None:
        found.ended_at = now


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
