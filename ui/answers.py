"""Answers that outlive a change of language.

A choice widget's options are drawn in words of the current language. When the language
changes, Streamlit sees a selectbox with new option labels as a new widget (its value is
dropped), and the browser redraws a radio with new labels as unanswered while the server
still holds its old value. Handing each answer back to its widget through the Session State
API once, on the run after the switch, makes both sides show and keep what was chosen."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

_SHOWN_IN = "answers_shown_in"  # the language each form's answers were last drawn in


def keep_answers(form: str, keys: Iterable[str], lang: str) -> None:
    """Call before drawing `form`'s widgets: after a language switch, give each widget in `keys`
    the value it already has, so that it is drawn answered in the new language."""
    shown = st.session_state.setdefault(_SHOWN_IN, {})
    if shown.get(form, lang) != lang:
        for key in keys:
            if st.session_state.get(key) is not None:  # None is "unanswered": nothing to redraw
                st.session_state[key] = st.session_state[key]
    shown[form] = lang
