"""The runs table of the Experiments page: every tuning trial and training run tracked in MLflow,
newest first, with its metrics, their fold spread, the out-of-time check, its parameters and
whether it serves."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd

from core.config import Settings
from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS
from core.modelling.registry import ModelStore
from core.modelling.search_spaces import SEARCH_SPACES
from core.modelling.tracking import TRAINING_EXPERIMENT, TUNING_EXPERIMENT
from core.modelling.tracking import client as mlflow_client

RUN_COLUMNS = [
    "run_id",
    "run",
    "kind",
    "study",
    "segment",
    "family",
    "state",
    "pr_auc",
    "auroc",
    "ks",
    "brier",
    "auroc_sd",
    "pr_auc_sd",
    "oot_auroc",
    "threshold",
    "approval_rate",
    "model",
    "champion",
    "started",
    "duration_s",
    "params",
]


def runs_table(
    settings: Settings,
    *,
    store: ModelStore | None = None,
    segment: str | None = None,
    family: str | None = None,
) -> pd.DataFrame:
    """Tuning trials and training runs, newest first, with their cross-validated metrics; `model`
    says whether a run saved a model (so can be promoted), `champion` whether it serves now."""
    if segment is not None and segment not in SEGMENTS:
        raise ValueError(f"unknown segment {segment!r}")
    if family is not None and family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")
    client = mlflow_client(settings)
    experiments = [client.get_experiment_by_name(name) for name in (TUNING_EXPERIMENT, TRAINING_EXPERIMENT)]
    ids = [experiment.experiment_id for experiment in experiments if experiment is not None]
    if not ids:
        return pd.DataFrame(columns=RUN_COLUMNS)
    # Segment and family are checked against fixed names above, so the filter holds no free text.
    conditions = ["tags.kind != 'study'"]
    conditions += [f"tags.segment = '{segment}'"] if segment else []
    conditions += [f"tags.family = '{family}'"] if family else []
    runs = client.search_runs(
        ids, filter_string=" and ".join(conditions), max_results=10_000, order_by=["attributes.start_time DESC"]
    )
    champions: dict[str, str | None] = {s: store.champion_version(s) for s in SEGMENTS} if store else {}
    rows = [_run_row(run, champions) for run in runs]
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


# One vocabulary for a run's state: Optuna's trial states and MLflow's run statuses both map here.
_STATES = {"complete": "complete", "finished": "complete", "pruned": "pruned", "killed": "pruned"}


def run_state(tags: dict[str, str], status: str) -> str:
    """complete, pruned, failed or running, whether the run is a trial or a training run."""
    status = status.lower()
    if status == "running":
        return "running"
    return _STATES.get(tags.get("state", "") or status, "failed")


def _key_params(run: Any, family: str) -> str:
    """The searched parameters of a run, short: `depth=5, learning_rate=0.03`."""
    names = SEARCH_SPACES.get(family, {})
    shown = [(name, run.data.params[name]) for name in names if name in run.data.params]
    return ", ".join(f"{name}={_short(value)}" for name, value in shown)


def _short(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    return f"{number:.4g}"


def _run_row(run: Any, champions: dict[str, str | None]) -> dict[str, Any]:
    tags, metrics = run.data.tags, run.data.metrics
    version = tags.get("version")
    ended = run.info.end_time
    return {
        "run_id": run.info.run_id,
        "run": run.info.run_name,
        "kind": tags.get("kind", ""),
        "study": tags.get("study", ""),
        "segment": tags.get("segment", ""),
        "family": tags.get("family", ""),
        "state": run_state(tags, run.info.status),
        "params": _key_params(run, tags.get("family", "")),
        "pr_auc": metrics.get("cv_pr_auc"),
        "auroc": metrics.get("cv_auroc"),
        "ks": metrics.get("cv_ks"),
        "brier": metrics.get("cv_brier"),
        "auroc_sd": metrics.get("cv_auroc_sd"),
        "pr_auc_sd": metrics.get("cv_pr_auc_sd"),
        "oot_auroc": metrics.get("oot_auroc"),
        "threshold": metrics.get("threshold"),
        "approval_rate": metrics.get("cv_approval_rate"),
        "model": version is not None,
        "champion": version is not None and champions.get(tags.get("segment", "")) == version,
        "started": datetime.fromtimestamp(run.info.start_time / 1000, tz=UTC),
        "duration_s": (ended - run.info.start_time) / 1000 if ended else None,
    }
