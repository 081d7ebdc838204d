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


def go_to_asked_page(pages: Iterable[st.Page]) -> None:
    """After `through_router`, open the page the URL asked for, if it is one of this visitor's."""
    asked = st.session_state.pop(_ASKED, None)
    match = next((page for page in pages if asked and page.url_path == asked), None)
    if match is not None:
        st.switch_page(match)
