"""Staff sign-in (name and password, with lockout) and sign-out."""

import streamlit as st

from core import staff
from ui.format import local_time
from ui.plain import plain
from ui.session import current_user, sign_in, sign_out
from ui.startup import through_router
from ui.texts import language_switch, t

through_router()
lang = language_switch()
user = current_user()

if user is not None:
    if st.session_state.pop("login_landing", False):
        st.switch_page(f"pages/{staff.ROLE_AREAS[user.role][0]}.py")  # the role's first area
    st.title(t("ui.nav.account", lang))
    st.markdown(t("ui.login.signed_in", lang, name=plain(user.name), role=t(f"ui.role.{user.role}", lang)))
    if st.button(t("ui.login.sign_out", lang), key="logout", icon=":material/logout:"):
        sign_out()
        st.rerun()
    st.stop()

st.title(t("ui.login.title", lang))
with st.form("login_form"):
    name = st.text_input(t("ui.login.name", lang), key="login_name", autocomplete="username")
    password = st.text_input(
        t("ui.login.password", lang), type="password", key="login_password", autocomplete="current-password"
    )
    submitted = st.form_submit_button(t("ui.login.submit", lang), type="primary", key="login_submit")

if submitted:
    with st.spinner(t("ui.login.checking", lang)):
        result = sign_in(name, password)
    if result.ok:
        st.session_state["login_landing"] = True
        st.rerun()
    elif result.outcome == "locked":
        st.error(t("ui.login.locked", lang, time=local_time(result.locked_until, lang)), icon=":material/lock_clock:")
    elif result.outcome == "inactive":
        st.error(t("ui.login.inactive", lang), icon=":material/person_off:")
    else:
        st.error(t("ui.login.invalid", lang), icon=":material/error:")
