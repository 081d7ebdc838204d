"""A warning on every staff page while a segment's champion model cannot be served as promoted
(its files are damaged or gone): staff learn of it at once, not from declined applicants."""

from __future__ import annotations

import streamlit as st

from ui import cache
from ui.plain import plain
from ui.texts import t


def warn_of_broken_models(lang: str) -> None:
    """One banner per segment whose champion does not load (`core.modelling.registry.ModelStore.problems`)."""
    for problem in cache.store().problems():
        params = {
            "segment": t(f"ui.segment.{problem.segment}", lang),
            "champion": problem.champion or "—",
            "served": problem.served or "—",
            "error": problem.error,
        }
        key = "ui.models.fallback" if problem.served else "ui.models.none"
        st.warning(plain(t(key, lang, **params)), icon=":material/warning:")
