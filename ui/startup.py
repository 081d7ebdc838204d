"""The first start of a process: make the database and models ready, with visible progress."""

from __future__ import annotations

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
