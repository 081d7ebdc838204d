"""Where studies live and how to watch them: the Optuna storage in the app's database, a study's
progress as its storage shows it, and workers started in the background.

Everything about a running study is in its storage (trials, best value, which workers run it),
never in a page's session, so any page, process or machine sees the same progress.
"""

from __future__ import annotations

import fcntl
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import optuna
import pandas as pd
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS

OBJECTIVES = ("pr_auc", "auroc")
OPTUNA_SCHEMA = "optuna"
_LOCK_KEY = 0x6F7074756E61  # "optuna": the PostgreSQL advisory lock that serialises first-time setup
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class StudySpec:
    """What to tune: one family on one segment, for an objective, within a trial and/or time budget.

    `n_trials` and `timeout` bound this worker (as in `optuna.Study.optimize`); parameters in
    `fixed` are not searched; `data` is a CSV in the real data's schema (default: the database).
    """

    name: str
    segment: str
    family: str
    objective: str = "pr_auc"
    n_trials: int | None = 20
    timeout: float | None = None
    pruning: bool = True
    fixed: Mapping[str, Any] = field(default_factory=dict)
    data: Path | None = None

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"study name {self.name!r}: use letters, digits, '.', '_' or '-' (at most 100)")
        if self.segment not in SEGMENTS or self.family not in FAMILIES or self.objective not in OBJECTIVES:
            raise ValueError(f"unknown segment, family or objective: {self.segment}, {self.family}, {self.objective}")
        if self.n_trials is None and self.timeout is None:
            raise ValueError("give a number of trials, a time budget, or both")
        if (self.n_trials is not None and self.n_trials < 1) or (self.timeout is not None and self.timeout <= 0):
            raise ValueError("the number of trials and the time budget must be positive")


def default_study_name(segment: str, family: str) -> str:
    """A fresh, sortable study name."""
    return f"{segment}-{family}-{datetime.now(UTC):%Y%m%d-%H%M%S}"


# --- Storage -----------------------------------------------------------------------------


def storage_url(database_url: str) -> str:
    """Where the app's Optuna studies live: schema `optuna` of the app's PostgreSQL database, or,
    with the embedded SQLite default, a file beside the app's (`credit.db` -> `credit-optuna.db`).

    Optuna and the app each version their tables with Alembic, and two Alembic histories cannot
    share one namespace; pass this URL to `optuna.load_study` or optuna-dashboard.
    """
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "postgresql":
        return url.update_query_dict({"options": f"-csearch_path={OPTUNA_SCHEMA}"}).render_as_string(
            hide_password=False
        )
    if backend == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        return url.set(database=str(path.with_name(f"{path.stem}-optuna{path.suffix}"))).render_as_string()
    raise ValueError(f"studies need a PostgreSQL or file SQLite database, not {url.render_as_string()}")


def open_storage(database_url: str) -> optuna.storages.RDBStorage:
    """The Optuna storage of the app's database, created on first use (safe when workers start at once)."""
    with setup_lock(database_url):
        return rdb_storage(database_url)


def rdb_storage(database_url: str) -> optuna.storages.RDBStorage:
    """The Optuna storage without the set-up lock: for a caller that already holds `setup_lock`."""
    url = storage_url(database_url)
    postgres = url.startswith("postgresql")
    engine_kwargs: dict[str, Any] = {"pool_pre_ping": True} if postgres else {"connect_args": {"timeout": 30}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        # Heartbeats let any worker mark the trials of a worker that died as failed.
        return optuna.storages.RDBStorage(url, engine_kwargs=engine_kwargs, heartbeat_interval=30, grace_period=120)


@contextmanager
def setup_lock(database_url: str) -> Iterator[None]:
    """One process at a time creates tables, studies and their parent runs, on any machine."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_KEY})
                connection.execute(text("CREATE SCHEMA IF NOT EXISTS optuna"))
                connection.commit()
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
                    connection.commit()
        finally:
            engine.dispose()
        return
    lock_path = Path(f"{make_url(storage_url(database_url)).database}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# --- Watching studies --------------------------------------------------------------------


def list_studies(storage: optuna.storages.BaseStorage | str) -> pd.DataFrame:
    """Every study in the storage, newest first: name, segment, family, objective, trials, best value."""
    rows = []
    for summary in optuna.get_all_study_summaries(storage, include_best_trial=True):
        attrs = summary.user_attrs
        rows.append(
            {
                "study": summary.study_name,
                "segment": attrs.get("segment"),
                "family": attrs.get("family"),
                "objective": attrs.get("objective"),
                "trials": summary.n_trials,
                "best": summary.best_trial.value if summary.best_trial else None,
                "created_at": attrs.get("created_at", ""),
            }
        )
    columns = ["study", "segment", "family", "objective", "trials", "best", "created_at"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("created_at", ascending=False, ignore_index=True)


def conflict(spec: StudySpec, storage: optuna.storages.BaseStorage | str) -> str | None:
    """Why `spec` cannot join the study of its name (it tunes another segment, family or objective),
    or None. A worker checks the data's fingerprint too, once it has read the data."""
    try:
        attrs = optuna.load_study(study_name=spec.name, storage=storage).user_attrs
    except KeyError:
        return None
    wanted = {"segment": spec.segment, "family": spec.family, "objective": spec.objective}
    differs = [f"{key} {attrs.get(key)}" for key, value in wanted.items() if attrs.get(key) not in (None, value)]
    return f"study {spec.name!r} already tunes {', '.join(differs)}: choose another name" if differs else None


class StudyMismatch(ValueError):
    """A study of that name exists but tunes something else (segment, family, objective or data)."""


def claim_study(study: optuna.Study, spec: StudySpec, print_: str, source: str) -> None:
    """Describe a new study, or check that the one joined tunes the same thing on the same data."""
    wanted = {"segment": spec.segment, "family": spec.family, "objective": spec.objective, "fingerprint": print_}
    attrs = study.user_attrs
    if not attrs.get("segment"):
        for key, value in {**wanted, "data": source, "fixed": dict(spec.fixed)}.items():
            study.set_user_attr(key, value)
        study.set_user_attr("created_at", datetime.now(UTC).isoformat())
        return
    differs = {key: (attrs.get(key), value) for key, value in wanted.items() if attrs.get(key) != value}
    if differs:
        detail = ", ".join(f"{key} {str(old)[:12]} (not {str(new)[:12]})" for key, (old, new) in differs.items())
        raise StudyMismatch(f"study {spec.name!r} already tunes another thing: {detail}; choose another name")
