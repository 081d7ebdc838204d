"""Staff accounts (administrators only): list, add, deactivate, unlock, set a new password."""

from datetime import UTC, datetime

import streamlit as st
from sqlalchemy.orm import Session

from core import staff
from ui import cache
from ui.format import staff_table
from ui.plain import plain
from ui.session import require
from ui.texts import language_switch, t

lang = language_switch()
me = require("staff")
state = st.session_state


def change(action: str, name: str, role: str = "", password: str | None = None, repeat: str | None = None) -> None:
    """One account change and its audit entry, in one transaction; the outcome is shown on the next run."""
    try:
        if password != repeat:
            raise staff.AccountError("passwords_differ")
        with Session(cache.engine()) as session, session.begin():
            if action == "user_created":
                staff.create_user(session=session, name=name, role=role, password=password or "")
            elif action == "password_reset":
                staff.reset_password(session=session, name=name, password=password or "")
            elif action == "unlocked":
                staff.unlock(session=session, name=name)
            else:
                staff.set_active(session=session, name=name, active=action == "activated")
            target = staff.normalize_user_name(name)
            staff.record_audit(session=session, user_name=me.name, action=action, target=target)
        state["staff_flash"] = ("success", t("ui.staff.done", lang, name=target))
    except staff.AccountError as refused:
        state["staff_flash"] = ("error", refused.message(lang))


def add() -> None:
    fields = ("staff_new_name", "staff_new_role", "staff_new_password", "staff_new_repeat")
    change("user_created", *(state[key] for key in fields))


def reset() -> None:
    change("password_reset", state["staff_account"], "", state["staff_reset_password"], state["staff_reset_repeat"])


st.title(t("ui.staff.title", lang))
if flash := state.pop("staff_flash", None):
    (st.success if flash[0] == "success" else st.error)(plain(flash[1]))
with Session(cache.engine()) as session:
    accounts = staff.list_users(session=session)
    st.dataframe(staff_table(accounts, lang, datetime.now(UTC)), hide_index=True)
    active = {account.name: account.active for account in accounts}

add_tab, manage_tab = st.tabs([t("ui.staff.add", lang), t("ui.staff.manage", lang)])
with add_tab, st.form("staff_add", clear_on_submit=True):
    st.text_input(t("ui.staff.name", lang), key="staff_new_name")
    st.selectbox(
        t("ui.staff.role", lang), staff.ROLES, format_func=lambda role: t(f"ui.role.{role}", lang), key="staff_new_role"
    )
    st.text_input(t("ui.staff.password", lang), type="password", key="staff_new_password", autocomplete="new-password")
    st.text_input(t("ui.staff.repeat", lang), type="password", key="staff_new_repeat", autocomplete="new-password")
    st.form_submit_button(t("ui.staff.create", lang), type="primary", on_click=add, key="staff_create")

with manage_tab:
    who = st.selectbox(
        t("ui.staff.account", lang), list(active), index=None, placeholder=t("ui.choose", lang), key="staff_account"
    )
    if who is not None:
        left, right = st.columns(2)
        left.button(
            t("ui.staff.deactivate" if active[who] else "ui.staff.activate", lang),
            on_click=change,
            args=("deactivated" if active[who] else "activated", who),
            disabled=who == me.name,  # an administrator cannot lock themselves out
            key="staff_toggle",
        )
        right.button(t("ui.staff.unlock", lang), on_click=change, args=("unlocked", who), key="staff_unlock")
        with st.form("staff_reset", clear_on_submit=True):
            st.text_input(t("ui.staff.password", lang), type="password", key="staff_reset_password")
            st.text_input(t("ui.staff.repeat", lang), type="password", key="staff_reset_repeat")
            st.form_submit_button(t("ui.staff.reset", lang), on_click=reset, key="staff_reset_submit")
