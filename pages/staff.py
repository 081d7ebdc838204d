"""Staff accounts (administrators only): list, add, change a role, deactivate, unlock, set a
temporary password; and the audit log of what staff did."""

from datetime import UTC, datetime

import streamlit as st
from sqlalchemy.orm import Session

from core import staff
from core.data.orm import StaffAccount
from ui import cache
from ui.answers import keep_answers, tabs
from ui.audit_log import audit_log
from ui.format import local_time, staff_table
from ui.plain import plain
from ui.session import require
from ui.texts import language_switch, t

lang = language_switch()
me = require("staff")
state = st.session_state
DONE = {  # each change's confirmation
    "user_created": "ui.staff.created_temporary",
    "password_reset": "ui.staff.password_set",
    "unlocked": "ui.staff.unlocked",
    "activated": "ui.staff.activated",
    "deactivated": "ui.staff.deactivated",
    "role_changed": "ui.staff.role_changed",
}


def change(tab: str, action: str, name: str, role: str = "", password: str | None = None, repeat: str | None = None):
    """One account change and its audit entry, in one transaction; the outcome is shown on the next
    run, in the tab where it was asked for. Passwords an administrator sets are temporary."""
    try:
        if password != repeat:
            raise staff.AccountError("passwords_differ")
        with Session(cache.engine()) as session, session.begin():
            if action == "user_created":
                staff.create_user(session=session, name=name, role=role, password=password or "", temporary=True)
            elif action == "password_reset":
                staff.reset_password(session=session, name=name, password=password or "", temporary=True)
            elif action == "unlocked":
                staff.unlock(session=session, name=name)
            elif action == "role_changed":
                staff.set_role(session=session, name=name, role=role)
            else:
                staff.set_active(session=session, name=name, active=action == "activated")
            target = staff.normalize_user_name(name)
            details = {"role": role} if action == "role_changed" else None
            staff.record_audit(session=session, user_name=me.name, action=action, target=target, details=details)
        role_name = t(f"ui.role.{role}", lang) if role else ""
        state["staff_flash"] = (tab, "success", t(DONE[action], lang, name=target, role=role_name))
    except staff.AccountError as refused:
        state["staff_flash"] = (tab, "error", refused.message(lang))


def flash(tab: str) -> None:
    """The outcome of the last change, if it was asked for in `tab`."""
    if state.get("staff_flash", ("",))[0] == tab:
        _, kind, text = state.pop("staff_flash")
        (st.success if kind == "success" else st.error)(plain(text))


@st.dialog(t("ui.staff.confirm_title", lang), on_dismiss=lambda: state.pop("staff_confirming", None))
def confirm_deactivation(account: StaffAccount) -> None:
    """Open while `staff_confirming` names the account (so it survives the reruns its buttons cause)."""
    st.markdown(t("ui.staff.confirm_text", lang, name=plain(account.name), role=t(f"ui.role.{account.role}", lang)))
    left, right = st.columns(2)
    if left.button(t("ui.staff.confirm", lang), type="primary", key="staff_confirm_deactivate", width="stretch"):
        state.pop("staff_confirming", None)
        change("manage", "deactivated", account.name)
        st.rerun()
    if right.button(t("ui.staff.cancel", lang), key="staff_cancel_deactivate", width="stretch"):
        state.pop("staff_confirming", None)
        st.rerun()


st.title(t("ui.staff.title", lang))
now = datetime.now(UTC)
with Session(cache.engine()) as session:
    accounts = {account.name: account for account in staff.list_users(session=session)}
    session.expunge_all()
st.dataframe(staff_table(list(accounts.values()), lang, now), hide_index=True)

names = {"add": t("ui.staff.add", lang), "manage": t("ui.staff.manage", lang), "audit": t("ui.staff.audit", lang)}
add_tab, manage_tab, audit_tab = tabs(names, key="staff_tab")
keep_answers("staff", ["staff_new_role", *(f"staff_role_{name}" for name in accounts)], lang)
with add_tab:
    flash("add")
    with st.form("staff_add", clear_on_submit=True):
        st.text_input(t("ui.staff.name", lang), key="staff_new_name")
        st.selectbox(
            t("ui.staff.role", lang), staff.ROLES, format_func=lambda r: t(f"ui.role.{r}", lang), key="staff_new_role"
        )
        st.text_input(
            t("ui.staff.password", lang), type="password", key="staff_new_password", autocomplete="new-password"
        )
        st.text_input(t("ui.staff.repeat", lang), type="password", key="staff_new_repeat", autocomplete="new-password")
        fields = ("staff_new_name", "staff_new_role", "staff_new_password", "staff_new_repeat")
        st.form_submit_button(
            t("ui.staff.create", lang),
            type="primary",
            on_click=lambda: change("add", "user_created", *(state[key] for key in fields)),
            key="staff_create",
        )

with manage_tab:
    flash("manage")
    who = st.selectbox(
        t("ui.staff.account", lang), list(accounts), index=None, placeholder=t("ui.choose", lang), key="staff_account"
    )
    if who is not None:
        account = accounts[who]
        until = staff.locked_until(account, now)
        status = t("ui.staff.locked", lang, time=local_time(until, lang)) if until else None
        status = status or t("ui.staff.active" if account.active else "ui.staff.inactive", lang)
        last = local_time(account.last_sign_in_at, lang) or t("ui.staff.never", lang)
        role = t(f"ui.role.{account.role}", lang)
        st.markdown(t("ui.staff.details", lang, name=plain(who), role=role, state=status, last=last))
        yourself = who == me.name  # an administrator can neither lock themselves out nor drop their own role
        with st.container(horizontal=True, vertical_alignment="bottom"):
            new_role = st.selectbox(
                t("ui.staff.role", lang),
                staff.ROLES,
                index=staff.ROLES.index(account.role),
                format_func=lambda r: t(f"ui.role.{r}", lang),
                key=f"staff_role_{who}",
                disabled=yourself,
                width=260,
            )
            if st.button(
                t("ui.staff.change_role", lang), key="staff_change_role", disabled=yourself or new_role == account.role
            ):
                change("manage", "role_changed", who, new_role)
                st.rerun()
            if account.active and st.button(t("ui.staff.deactivate", lang), key="staff_toggle", disabled=yourself):
                state["staff_confirming"] = who
            if not account.active:
                st.button(
                    t("ui.staff.activate", lang), on_click=change, args=("manage", "activated", who), key="staff_toggle"
                )
            if until is not None:
                st.button(
                    t("ui.staff.unlock", lang), on_click=change, args=("manage", "unlocked", who), key="staff_unlock"
                )
        if state.get("staff_confirming") == who and account.active:
            confirm_deactivation(account)
        with st.form("staff_reset", clear_on_submit=True):
            st.text_input(t("ui.staff.password", lang), type="password", key="staff_reset_password")
            st.text_input(t("ui.staff.repeat", lang), type="password", key="staff_reset_repeat")
            reset = ("staff_reset_password", "staff_reset_repeat")
            st.form_submit_button(
                t("ui.staff.reset", lang),
                on_click=lambda: change("manage", "password_reset", who, "", *(state[key] for key in reset)),
                key="staff_reset_submit",
            )

with audit_tab:
    audit_log(me.name, lang)
