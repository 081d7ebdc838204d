"""Answers, and the tab a user is on, that outlive a change of language.

A choice widget's options are drawn in words of the current language, and the browser holds a
choice by its words. When the language changes, the browser redraws a selectbox, radio,
segmented control or multiselect whose labels changed as unanswered (or Streamlit's "Choose an
option") while the server still holds its old value. Handing each answer back to its widget
through the Session State API once, on the run after the switch, makes both sides show and keep
what was chosen. A filter's "Any" is `ANY`, a value like any other: None is "unanswered", which
the browser cannot draw as "Any".

Tabs are told apart by their labels, so tabs relabelled in a new language are new tabs that
open on the first one; `tabs` remembers the chosen tab by its name, not by its words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

ANY = ""  # the "any" choice of a filter
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


def tabs(labels: Mapping[str, str], key: str) -> Sequence[DeltaGenerator]:
    """`st.tabs` with `labels` (tab name → its words in the current language), open on the tab the
    user last chose: after an action's rerun, and after a change of language, whose new labels
    make new tabs that would open on the first one."""
    names = {label: name for name, label in labels.items()}
    remembered = st.session_state.get(_chosen(key))
    if st.session_state.get(key) not in names and remembered in labels:
        st.session_state[key] = labels[remembered]  # chosen in the other language
    containers = st.tabs(list(labels.values()), key=key, on_change="rerun")
    st.session_state[_chosen(key)] = names.get(st.session_state[key])
    return containers


def _chosen(key: str) -> str:
    return f"{key}_name"
