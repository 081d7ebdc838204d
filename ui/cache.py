"""Streamlit caching, kept on the UI side: one engine and one model store per process."""

from __future__ import annotations

import threading
from collections.abc import Callable

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core import ModelStore, Settings, ensure_ready, get_settings, make_engine
from core.data import repository


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """The process's settings, read once."""
    return get_settings()


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The process's database engine (a connection pool shared by all sessions)."""
    return make_engine(settings().database_url)


@st.cache_resource(show_spinner=False)
def store() -> ModelStore:
    """The process's model store; it reloads a segment's champion by itself after a promotion."""
    return ModelStore(settings().models_dir)


class _Startup:
    """Runs `core.modelling.bootstrap.ensure_ready` once per process; sessions arriving meanwhile wait for it."""

    def __init__(self) -> None:
        self.done = False
        self._lock = threading.Lock()

    def run(self, progress: Callable[[float, str], None]) -> None:
        with self._lock:
            if not self.done:
                ensure_ready(settings(), progress=progress)
                self.done = True


@st.cache_resource(show_spinner=False)
def startup() -> _Startup:
    """The process's start-up gate. It is a resource, not a cached call, so that the progress
    drawn on the first start is not replayed on every later rerun."""
    return _Startup()


@st.cache_data(ttl=300, show_spinner=False)
def region_names() -> list[str]:
    """The regions the questionnaire offers, by name."""
    with Session(engine()) as session:
        return [region.name for region in repository.list_regions(session=session)]
