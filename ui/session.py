"""The signed-in member of staff. It lives in the session's state, which stays on the server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from core import auth
from ui import cache
from ui.startup import through_router
from ui.texts import current_language, t

_USER = "staff_user"


@dataclass(frozen=True)
class StaffUser:
    """Who is signed in, and in which role."""

    name: str
    role: str


def current_user() -> StaffUser | None:
    """The signed-in member of staff, or None. An account deactivated (or given another role)
    since sign-in is signed out within seconds."""
    user = st.session_state.get(_USER)
    if user is not None and cache.account_state(user.name) != (user.role, True):
        del st.session_state[_USER]
        return None
    return user


def require(area: str) -> StaffUser:
    """The signed-in user, if their role may open `area`; otherwise the page stops here.

    The router already hands each visitor only their pages; this check stands behind it."""
    through_router()
    user = current_user()
    if user is None or not auth.may_open(user.role, area):
        st.info(t("ui.staff_only", current_language()), icon=":material/lock:")
        st.stop()
    return user


def sign_in(name: str, password: str) -> auth.SignIn:
    """Check the name and password (`core.auth.authenticate`); on success the session is signed in."""
    with Session(cache.engine()) as session, session.begin():
        result = auth.authenticate(session=session, name=name, password=password, now=datetime.now(UTC))
    if result.ok:
        cache.account_state.clear()
        st.session_state[_USER] = StaffUser(name=result.name or "", role=result.role or "")
    return result


def sign_out() -> None:
    """End the staff session (and say so in the audit log)."""
    if _USER in st.session_state:
        audit("logout")
        del st.session_state[_USER]


def audit(action: str, *, target: str | None = None, details: dict[str, Any] | None = None) -> None:
    """Record what the signed-in member of staff just did."""
    user = st.session_state.get(_USER)
    with Session(cache.engine()) as session, session.begin():
        auth.record_audit(
            session=session, user_name=user.name if user else "-", action=action, target=target, details=details
        )
