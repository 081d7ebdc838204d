"""Streamlit caching, kept on the UI side: one engine and one model store per process."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from core.config import Settings, get_settings
from core.db import make_engine
from core.registry import ModelStore


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
