"""The router: page config, which pages this visitor may see, and nothing else.

A page that is not handed to `st.navigation` for this visitor does not exist for them, not
even by its URL; staff pages are only built for a signed-in member of staff, by role.
"""

import streamlit as st

from core.staff import ROLE_AREAS
from ui.session import current_user, keep_cookie
from ui.startup import ensure_ready, go_to_asked_page, router_ran
from ui.texts import current_language, t

PAGES = {  # name: (file, icon)
    "apply": ("pages/apply.py", ":material/credit_card:"),
    "sign_in": ("pages/login.py", ":material/login:"),
    "account": ("pages/login.py", ":material/logout:"),
    "clients": ("pages/clients.py", ":material/person_search:"),
    "decisions": ("pages/decisions.py", ":material/fact_check:"),
    "review": ("pages/review.py", ":material/assignment_ind:"),
    "experiments": ("pages/experiments.py", ":material/science:"),
    "policy": ("pages/policy.py", ":material/tune:"),
    "monitoring": ("pages/monitoring.py", ":material/monitoring:"),
    "staff": ("pages/staff.py", ":material/manage_accounts:"),
}

st.set_page_config(page_title="Credit card", page_icon=":material/credit_card:")
lang, user = current_language(), current_user()


def page(name: str, **options: object) -> st.Page:
    path, icon = PAGES[name]
    return st.Page(path, title=t(f"ui.nav.{name}", lang), icon=icon, **options)


if user is None:
    pages = [page("apply", default=True), page("sign_in")]
    navigation = st.navigation(pages)
else:
    sections = {
        t("ui.nav.section.work", lang): [page(name) for name in ROLE_AREAS[user.role]],
        t("ui.nav.section.public", lang): [page("apply", default=True)],
        t("ui.nav.section.account", lang): [page("account")],
    }
    pages = [each for section in sections.values() for each in section]
    navigation = st.navigation(sections)
router_ran()
keep_cookie()
ensure_ready()  # the process's first start-up, under this visitor's own navigation
if user is None and current_user() is not None:
    st.rerun()  # a session cookie could only be tried once the first start-up was done
staff_pages = {name: t(f"ui.nav.{name}", lang) for name in PAGES if name not in ("apply", "sign_in", "account")}
st.set_page_config(layout="wide" if navigation.url_path in staff_pages else "centered")  # tables and charts
go_to_asked_page(pages, staff_pages, user.role if user else None)  # a deep link, or a page not theirs
navigation.run()
