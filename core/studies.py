"""Where studies live and how to watch them: the Optuna storage in the app's database, a study's
progress as its storage shows it, and workers started in the background.

Everything about a running study is in its storage (trials, best value, which workers run it),
never in a page's session, so any page, process or machine sees the same progress.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import subprocess
import sys
import threading
import uuid
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import optuna
import pandas as pd
from optuna.trial import TrialState
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from core.config import PROJECT_DIR, Settings
from core.estimators import FAMILIES
from core.features import SEGMENTS

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


@dataclass(frozen=True)
class StudyStatus:
    """A study as the storage shows it now, for a progress display."""

    name: str
    segment: str
    family: str
    objective: str
    created_at: str
    complete: int
    pruned: int
    failed: int
    running: int
    planned: int | None
    best_value: float | None
    best_params: dict[str, Any]
    best_run_id: str | None
    active: bool
    failed_workers: int
    fraction: float


@dataclass(frozen=True)
class Launch:
    """A study started in the background: its worker's process id and log file."""

    study: str
    pid: int
    log: Path

    @property
    def running(self) -> bool:
        """Whether the worker process is still there."""
        return _alive(self.pid)

    def tail(self, lines: int = 15) -> str:
        """The end of the worker's log: what went wrong, if it stopped before the study began."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


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


def study_status(name: str, storage: optuna.storages.BaseStorage | str) -> StudyStatus | None:
    """How far a study has got (None until a worker has created it)."""
    try:
        study = optuna.load_study(study_name=name, storage=storage)
    except KeyError:
        return None
    trials = study.get_trials(deepcopy=False)
    count = {state: sum(t.state == state for t in trials) for state in TrialState}
    attrs = study.user_attrs
    workers = [value for key, value in attrs.items() if key.startswith("worker:")]
    active = active_workers(attrs)
    done = count[TrialState.COMPLETE] + count[TrialState.PRUNED] + count[TrialState.FAIL]
    planned = None if any(w.get("n_trials") is None for w in workers) else sum(w["n_trials"] for w in workers)
    fraction = 1.0
    if active:
        now = datetime.now(UTC)
        by_time = [
            (now - datetime.fromisoformat(w["started_at"])).total_seconds() / w["timeout"]
            for w in active
            if w.get("timeout")
        ]
        by_trials = done / planned if planned else 0.0
        fraction = min(max([by_trials, *by_time]), 0.99)
    best = study.best_trial if count[TrialState.COMPLETE] else None
    return StudyStatus(
        name=name,
        segment=attrs.get("segment", ""),
        family=attrs.get("family", ""),
        objective=attrs.get("objective", ""),
        created_at=attrs.get("created_at", ""),
        complete=count[TrialState.COMPLETE],
        pruned=count[TrialState.PRUNED],
        failed=count[TrialState.FAIL],
        running=count[TrialState.RUNNING],
        planned=planned,
        best_value=float(best.value) if best and best.value is not None else None,
        best_params=dict(best.user_attrs.get("params", best.params)) if best else {},
        best_run_id=best.user_attrs.get("mlflow_run_id") if best else None,
        active=bool(active),
        failed_workers=sum(w.get("state") == "failed" for w in workers),
        fraction=fraction,
    )


def active_workers(attrs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Workers still running; one of this machine whose process is gone does not count."""
    host = socket.gethostname()
    return [
        value
        for key, value in attrs.items()
        if key.startswith("worker:")
        and value.get("state") == "running"
        and (value["host"] != host or _alive(value["pid"]))
    ]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def new_worker_key() -> str:
    """A study attribute naming this worker: machine, process and a random part."""
    return f"worker:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def set_worker(study: optuna.Study, key: str, spec: StudySpec, *, state: str) -> None:
    """Record in the study that a worker started, finished or failed, so watchers know when it is done."""
    host, pid = socket.gethostname(), os.getpid()
    record = study.user_attrs.get(key) or {
        "host": host,
        "pid": pid,
        "n_trials": spec.n_trials,
        "timeout": spec.timeout,
        "started_at": datetime.now(UTC).isoformat(),
    }
    record = {**record, "state": state}
    if state != "running":
        record["finished_at"] = datetime.now(UTC).isoformat()
    study.set_user_attr(key, record)


# --- Launching a worker ------------------------------------------------------------------


def tune_arguments(spec: StudySpec) -> list[str]:
    """The `python -m core` arguments that run `spec`."""
    args = ["tune", "--segment", spec.segment, "--family", spec.family, "--study", spec.name]
    args += ["--objective", spec.objective]
    if spec.n_trials is not None:
        args += ["--trials", str(spec.n_trials)]
    if spec.timeout is not None:
        args += ["--timeout", str(spec.timeout)]
    if not spec.pruning:
        args.append("--no-pruning")
    if spec.data is not None:
        args += ["--data", str(spec.data)]
    for key, value in spec.fixed.items():
        args += ["--param", f"{key}={json.dumps(value)}"]
    return args


def launch(spec: StudySpec, *, settings: Settings) -> Launch:
    """Start `python -m core tune` for `spec` as a detached process: it goes on when the page that
    started it closes, never blocks the server, and reports only through the study's storage."""
    logs = settings.mlflow_artifacts_dir.parent / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"tune-{spec.name}-{uuid.uuid4().hex[:6]}.log"
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "MLFLOW_TRACKING_URI": settings.mlflow_tracking_uri,
        "MLFLOW_ARTIFACTS_DIR": str(settings.mlflow_artifacts_dir),
        "MODELS_DIR": str(settings.models_dir),
        "TARGET_BAD_RATE": str(settings.target_bad_rate),
        "GOMP_SPINCOUNT": os.environ.get("GOMP_SPINCOUNT", "1000"),  # see core.cli._tune
    }
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "core", *tune_arguments(spec)],
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # not killed with the server's terminal or process group
        )
    # Reap it when it ends, so a finished worker never lingers as a zombie that looks alive.
    threading.Thread(target=process.wait, daemon=True).start()
    return Launch(spec.name, process.pid, log)
