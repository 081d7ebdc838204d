"""Study workers: `python -m core tune` processes started in the background, and a study's
progress as its storage shows it (trials, best value, which workers still run it).

Everything about a running study is in its storage, never in a page's session, so any page,
process or machine sees the same progress.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import optuna
from optuna.trial import TrialState

from core.config import PROJECT_DIR, Settings
from core.modelling.studies import StudySpec


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


def study_status(name: str, storage: optuna.storages.BaseStorage | str) -> StudyStatus | None:
    """How far a study has got (None until a worker has created it and registered itself).

    A worker creates the study, describes it and only then registers; a study with no worker yet
    is still starting, not finished, whoever reads it in between.
    """
    try:
        study = optuna.load_study(study_name=name, storage=storage)
    except KeyError:
        return None
    attrs = study.user_attrs
    workers = [value for key, value in attrs.items() if key.startswith("worker:")]
    if not workers:
        return None
    trials = study.get_trials(deepcopy=False)
    count = {state: sum(t.state == state for t in trials) for state in TrialState}
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
        "GOMP_SPINCOUNT": os.environ.get("GOMP_SPINCOUNT", "1000"),  # see core.cli.experiments.tune
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
