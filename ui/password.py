"""The password change a temporary password requires before any staff page opens."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st
from sqlalchemy.orm import Session

from core import staff
from ui import cache
from ui.plain import plain
from ui.texts import t


def must_change(name: str) -> bool:
    """Whether `name` signed in with a temporary password still to be changed."""
    with Session(cache.engine()) as session:
        return staff.must_change_password(session=session, name=name)


def change_password_form(name: str, lang: str) -> None:
    """The form that replaces a temporary password; the page reruns once it is changed."""
    st.title(t("ui.password.title", lang))
    st.info(t("ui.password.why", lang), icon=":material/password:")
    with st.form("own_password", clear_on_submit=True):
        current = st.text_input(
            t("ui.password.current", lang), type="password", key="own_current", autocomplete="current-password"
        )
        new = st.text_input(t("ui.password.new", lang), type="password", key="own_new", autocomplete="new-password")
        repeat = st.text_input(
            t("ui.password.repeat", lang), type="password", key="own_repeat", autocomplete="new-password"
        )
        submitted = st.form_submit_button(t("ui.password.submit", lang), type="primary", key="own_submit")
    if not submitted:
        return
    try:
        if new != repeat:
            raise staff.AccountError("passwords_differ")
        with Session(cache.engine()) as session, session.begin():
            staff.change_own_password(session=session, name=name, current=current, new=new)
            staff.record_audit(session=session, user_name=name, action="password_changed", now=datetime.now(UTC))
    except staff.AccountError as refused:
        st.error(plain(refused.message(lang)), icon=":material/error:")
        return
    st.session_state["own_password_changed"] = True
    st.rerun()
