"""How a visitor's run starts: through the router, after the process's first start-up."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from urllib.parse import urlparse

import streamlit as st

from ui import cache
from ui.texts import current_language, t


def ensure_ready() -> None:
    """Run the one-off start-up (≈40 s on an empty machine) with a progress bar; instant afterwards."""
    gate = cache.startup()
    if gate.done:
        return
    placeholder = st.empty()
    with placeholder.status(t("ui.startup.title", current_language()), expanded=True) as status:
        bar = st.progress(0.0)
        gate.run(lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0), text=message))
        status.update(state="complete")
    placeholder.empty()


_router_ran = threading.Event()
_ASKED = "router_asked_page"  # the page a run without the router was asked for
_URL_SEEN = "router_url_seen"  # the path of the browser's URL the last run was told of


def router_ran() -> None:
    """The router (Home.py) says that it has built a navigation in this process."""
    _router_ran.set()


def through_router() -> None:
    """Send a page that runs without the router to the router; every page starts with this.

    Until a process first runs `st.navigation`, Streamlit runs a `pages/` script named in the
    URL by itself, under a navigation listing every file there, and skips Home.py with its
    start-up gate. Such a visitor is sent to Home.py, which builds their own navigation."""
    if not _router_ran.is_set():
        st.session_state[_ASKED] = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
        st.switch_page("Home.py")


def go_to_asked_page(pages: Iterable[st.Page], staff_pages: dict[str, str], role: str | None) -> None:
    """After `through_router`, open the page the URL asked for, if it is one of this visitor's;
    a URL that is none of theirs is told, on the page they land on, why it did not open.

    `staff_pages` names each staff page by its URL path; `role` is the visitor's (None: not signed in)."""
    asked = st.session_state.pop(_ASKED, None)
    in_url = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    if asked is None and in_url != st.session_state.get(_URL_SEEN):
        asked = in_url  # Streamlit runs the default page for a path it does not know, without a word
    st.session_state[_URL_SEEN] = in_url
    paths = {page.url_path: page for page in pages}
    if not asked or asked in paths:
        if asked:
            st.switch_page(paths[asked])
        return
    lang = current_language()
    if asked in staff_pages:
        key = "ui.access.sign_in" if role is None else "ui.access.role"
        role_name = t(f"ui.role.{role}", lang) if role else ""
        notice = t(key, lang, page=staff_pages[asked], role=role_name)
    else:
        notice = t("ui.access.unknown", lang, path=asked[:60])
    st.info(notice, icon=":material/block:")
