"""The signed-in member of staff. It lives in the session's state, which stays on the server;
the browser keeps only the random token of a staff session (`core.staff`) in a cookie, so that
a reload, which starts a new Streamlit session, does not sign the person out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from core import staff
from ui import cache
from ui.model_health import warn_of_broken_models
from ui.notices import demo_model_notice
from ui.password import change_password_form, must_change
from ui.startup import through_router
from ui.texts import current_language, t

_USER = "staff_user"
_TOKEN = "staff_token"  # the signed-in session's token
_TRIED = "staff_cookie_tried"  # the cookie's token, once this Streamlit session has tried it
COOKIE = "credit_staff"


@dataclass(frozen=True)
class StaffUser:
    """Who is signed in, and in which role."""

    name: str
    role: str


def current_user() -> StaffUser | None:
    """The signed-in member of staff, or None. The session is asked of the database on every
    run (one lookup by primary key and one by unique name: 0.2 ms on SQLite, 0.6 ms on
    PostgreSQL, `bench/bench_session.py`), so a session ended elsewhere
    (sign-out in another tab, a new password, 30 idle minutes, a deactivated account or a changed
    role) shows no page of personal data here from the next click on."""
    user = st.session_state.get(_USER)
    if user is None:
        return _resume()
    if _still_open() != user:
        _forget()
        return None
    return user


def _resume() -> StaffUser | None:
    """Sign this new Streamlit session in from the browser's session cookie, if it is still open."""
    token = _cookie()
    if not token or st.session_state.get(_TRIED) == token:
        return None
    if not cache.startup().done:
        return None  # the process's first start-up has yet to make the database; next run
    st.session_state[_TRIED] = token
    now = datetime.now(UTC)
    with Session(cache.engine()) as session, session.begin():
        result = staff.resume_session(session=session, token=token, now=now)
        if result is not None:
            staff.record_audit(session=session, user_name=result.name or "", action="session_resumed", now=now)
    if result is None:
        return None
    return _remember(StaffUser(name=result.name or "", role=result.role or ""), token)


def _cookie() -> str | None:
    """The session cookie the browser sent when this Streamlit session connected."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None


def _still_open() -> StaffUser | None:
    """Who the session's token signs in now, asked of the database (None: the session is over)."""
    with Session(cache.engine()) as session, session.begin():
        found = staff.resume_session(session=session, token=st.session_state.get(_TOKEN, ""), now=datetime.now(UTC))
    return None if found is None else StaffUser(name=found.name or "", role=found.role or "")


def _remember(user: StaffUser, token: str) -> StaffUser:
    st.session_state.update({_USER: user, _TOKEN: token})
    return user


def _forget() -> None:
    for key in (_USER, _TOKEN):
        st.session_state.pop(key, None)


def keep_cookie() -> None:
    """Give the browser the signed-in session's cookie, or take a stale one away (the router
    calls this on every run). Streamlit cannot set a cookie from the server, so a short script
    does it; the cookie holds nothing but the random token."""
    token, held = st.session_state.get(_TOKEN), _cookie()
    if token == held or (token is None and st.session_state.get(_TRIED) != held):
        return  # a cookie not yet tried (a process still starting up) is not stale: keep it
    value, age = (token, int(staff.SESSION_MAX.total_seconds())) if token else ("", 0)
    secure = "(location.protocol === 'https:' ? '; Secure' : '')"
    script = f"document.cookie = '{COOKIE}={value}; path=/; max-age={age}; SameSite=Strict' + {secure};"
    st.sidebar.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


def require(area: str) -> StaffUser:
    """The signed-in user, if their role may open `area`; otherwise the page stops here.
    One signed in with a temporary password chooses their own first (the router gives staff
    pages the wide layout). A signed-in page also shows the warning of a model that cannot be
    served (`ui.model_health`).

    The router already hands each visitor only their pages; this check stands behind it."""
    through_router()
    user = current_user()
    if user is None or not staff.may_open(user.role, area):
        st.info(t("ui.staff_only", current_language()), icon=":material/lock:")
        st.stop()
    if must_change(user.name):
        change_password_form(user.name, current_language())
        st.stop()
    if st.session_state.pop("own_password_changed", False):
        st.success(t("ui.password.done", current_language()), icon=":material/check:")
    warn_of_broken_models(current_language())
    demo_model_notice(current_language())  # every staff page, so no one misses it
    return user


def sign_in(name: str, password: str) -> staff.SignIn:
    """Check the name and password (`core.staff.authenticate`); on success the session is signed in."""
    now = datetime.now(UTC)
    with Session(cache.engine()) as session, session.begin():
        result = staff.authenticate(session=session, name=name, password=password, now=now)
        token = staff.open_session(session=session, name=result.name or "", now=now) if result.ok else None
    if token is not None:
        _remember(StaffUser(name=result.name or "", role=result.role or ""), token)
    return result


def sign_out() -> None:
    """End the staff session (and say so in the audit log)."""
    if _USER in st.session_state:
        audit("logout")
        with Session(cache.engine()) as session, session.begin():
            staff.close_session(session=session, token=st.session_state.get(_TOKEN, ""), now=datetime.now(UTC))
        _forget()


def audit(action: str, *, target: str | None = None, details: dict[str, Any] | None = None) -> None:
    """Record what the signed-in member of staff just did."""
    user = st.session_state.get(_USER)
    with Session(cache.engine()) as session, session.begin():
        staff.record_audit(
            session=session, user_name=user.name if user else "-", action=action, target=target, details=details
        )
