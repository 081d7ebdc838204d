"""Notices every staff page shows above its content: a segment served by a demo model."""

import streamlit as st

from core.modelling.features import SEGMENTS
from ui import cache
from ui.texts import t


def demo_model_notice(lang: str) -> None:
    """Warn while any segment's champion was trained on the synthetic demo data."""
    demo = [segment for segment in SEGMENTS if (model := cache.store().champion(segment)) and model.meta.is_demo]
    if demo:
        names = ", ".join(t(f"ui.segment.{segment}", lang) for segment in demo)
        st.warning(t("ui.demo_model.warning", lang, segments=names), icon=":material/science:")
