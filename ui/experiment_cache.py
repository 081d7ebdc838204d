"""Caching for the experiments page: the study storage per process, MLflow queries for a few
seconds, curves and importances for as long as their inputs stay the same."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.modelling import experiments, studies
from core.modelling.runs import runs_table
from ui import cache


@st.cache_resource(show_spinner=False)
def storage() -> Any:
    """The process's Optuna storage (one connection pool, shared by all sessions)."""
    return studies.open_storage(cache.settings().database_url)


@st.cache_data(ttl=5, show_spinner=False)
def study_list() -> pd.DataFrame:
    """Every study, newest first."""
    return studies.list_studies(storage())


@st.cache_data(ttl=10, show_spinner=False)
def runs(segment: str | None, family: str | None) -> pd.DataFrame:
    """Tuning trials and training runs, filtered by segment and family."""
    return runs_table(cache.settings(), store=cache.store(), segment=segment, family=family)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=20)
def curves(run_ids: tuple[str, ...], champion_version: str | None) -> experiments.Curves:
    """Curves of the chosen runs and the champion; a new champion is a new cache key."""
    return experiments.curves(list(run_ids), settings=cache.settings(), store=cache.store())


@st.cache_data(ttl=3600, show_spinner=False, max_entries=10)
def study_figures(name: str, complete: int) -> dict[str, Any]:
    """A study's Optuna charts; a newly completed trial is a new cache key."""
    return experiments.study_figures(name, storage())


@st.cache_data(ttl=3600, show_spinner=False, max_entries=50)
def importance(run_id: str) -> pd.Series | None:
    """A run's saved model's feature importance (a run's artifacts never change)."""
    return experiments.importance(run_id, settings=cache.settings())


@st.cache_data(ttl=3600, show_spinner=False, max_entries=10)
def _champion_importance(segment: str, version: str | None) -> pd.Series | None:
    return experiments.champion_importance(cache.store(), segment)


def champion_importance(segment: str) -> pd.Series | None:
    """The segment's champion's feature importance (a new champion is a new cache key)."""
    return _champion_importance(segment, cache.store().champion_version(segment))


def clear() -> None:
    """Forget cached runs and curves, after a promotion or a rollback."""
    runs.clear()
    curves.clear()
