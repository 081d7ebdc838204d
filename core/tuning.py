"""Hyper-parameter tuning: a search space per model family, and an objective that cross-validates
on the shared folds, reports each fold to the pruner and logs every trial in MLflow.

A study is one parent MLflow run; each trial is a run nested under it with its parameters, its
metrics, each fold's score and its out-of-fold PDs. The best trial also gets its model, saved in
its library's own format, ready to promote (`core.champions`). Any process that sees the same
DATABASE_URL and MLFLOW_TRACKING_URI can run or join a study (`core.studies`), so several
workers on several machines share one study through PostgreSQL.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import optuna
import pandas as pd
from optuna.trial import TrialState
from sqlalchemy import make_url
from sqlalchemy.orm import Session

from core.config import Settings
from core.dataset import DataError, Problem, read_applications
from core.estimators import DEFAULT_PARAMS
from core.features import SEGMENT_FEATURES, encode_frame
from core.studies import (
    OBJECTIVES,
    StudySpec,
    active_workers,
    new_worker_key,
    rdb_storage,
    set_worker,
    setup_lock,
    storage_url,
)
from core.training import FOLDS, CVResult, cross_validate, evaluate, fingerprint, fit_final, folds_of, oof_frame

DATABASE_SOURCE = "database"
Progress = Callable[[float, str], None]


class Range(NamedTuple):
    """One parameter's search range: integers when both ends are, on a log scale when `log`."""

    low: float
    high: float
    log: bool = False
    step: int = 1


# Wide enough to find better than the defaults, narrow enough for a few dozen trials: this data
# is small and noisy, so shallow trees, slow learning and strong regularisation are the region.
SEARCH_SPACES: dict[str, dict[str, Range]] = {
    "catboost": {
        "iterations": Range(200, 1000, step=50),
        "learning_rate": Range(0.01, 0.2, log=True),
        "depth": Range(4, 8),
        "l2_leaf_reg": Range(1.0, 30.0, log=True),
    },
    "xgboost": {
        "n_estimators": Range(100, 1000, step=50),
        "learning_rate": Range(0.01, 0.2, log=True),
        "max_depth": Range(2, 7),
        "min_child_weight": Range(1.0, 50.0, log=True),
        "subsample": Range(0.5, 1.0),
        "colsample_bytree": Range(0.5, 1.0),
        "reg_lambda": Range(0.1, 30.0, log=True),
    },
    "lightgbm": {
        "n_estimators": Range(50, 500, step=25),
        "learning_rate": Range(0.02, 0.2, log=True),
        "num_leaves": Range(4, 32, log=True),
        "min_child_samples": Range(20, 300, log=True),
        "reg_lambda": Range(1e-3, 10.0, log=True),
        "colsample_bytree": Range(0.5, 1.0),
    },
    "logreg": {"C": Range(1e-3, 10.0, log=True)},
    "hist_gb": {
        "max_iter": Range(100, 800, step=50),
        "learning_rate": Range(0.01, 0.2, log=True),
        "max_leaf_nodes": Range(4, 64, log=True),
        "min_samples_leaf": Range(20, 500, log=True),
        "l2_regularization": Range(1e-3, 30.0, log=True),
    },
}


class StudyMismatch(ValueError):
    """A study of that name exists but tunes something else (segment, family, objective or data)."""


@dataclass(frozen=True)
class StudyResult:
    """What one worker did, and the study's best trial when it stopped."""

    name: str
    trials: int
    pruned: int
    best_value: float | None
    best_metrics: dict[str, float]
    best_params: dict[str, Any]
    best_run_id: str | None
    parent_run_id: str


def suggest_params(trial: optuna.Trial, family: str, fixed: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One point of `family`'s search space over its defaults; parameters in `fixed` are not searched."""
    fixed = dict(fixed or {})
    drawn: dict[str, Any] = {}
    for name, r in SEARCH_SPACES[family].items():
        if name in fixed:
            continue
        if isinstance(r.low, int) and isinstance(r.high, int):
            drawn[name] = trial.suggest_int(name, r.low, r.high, step=r.step, log=r.log)
        else:
            drawn[name] = trial.suggest_float(name, r.low, r.high, log=r.log)
    return {**DEFAULT_PARAMS[family], **drawn, **fixed}


# --- Data --------------------------------------------------------------------------------


def training_frame(settings: Settings, data: Path | None = None) -> tuple[pd.DataFrame, str]:
    """The labelled history to tune on, in canonical row order (by client_id), and where it came
    from: a CSV in the real data's schema, else the database's history."""
    if data is not None:
        frame, source = read_applications(data, purpose="history"), str(Path(data).resolve())
    else:
        from core import repository
        from core.db import make_engine, migrate

        engine = make_engine(settings.database_url)
        try:
            migrate(engine)
            with Session(engine) as session:
                frame = repository.history_frame(session=session)
        finally:
            engine.dispose()
        source = DATABASE_SOURCE
        if frame.empty:
            reason = "no historical applications in the database: run `python -m core import --data FILE`"
            raise DataError([Problem(0, "database", "", reason)], {}, 0)
    return canonical(frame), source


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by client_id: the same data always gives the same folds, whatever order it came in."""
    return frame.sort_values("client_id", ignore_index=True)


# --- Running a study ---------------------------------------------------------------------


def tune(
    spec: StudySpec,
    *,
    settings: Settings,
    frame: pd.DataFrame | None = None,
    pruner: optuna.pruners.BasePruner | None = None,
    sampler: optuna.samplers.BaseSampler | None = None,
    progress: Progress | None = None,
) -> StudyResult:
    """Run `spec` in this process: create the study, or join it if another worker already did."""
    from core.tracking import TUNING_EXPERIMENT, configure

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if frame is None:
        frame, source = training_frame(settings, spec.data)
    else:
        frame, source = canonical(frame), "in-memory"
    print_ = fingerprint(frame)
    if pruner is None:
        # Every trial sees the same first fold, so a trial below the median there is judged early.
        pruner = optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=0)
    pruner = pruner if spec.pruning else optuna.pruners.NopPruner()
    with setup_lock(settings.database_url):
        storage = rdb_storage(settings.database_url)
        experiment_id = configure(settings, TUNING_EXPERIMENT)
        study = optuna.create_study(
            storage=storage,
            study_name=spec.name,
            direction="maximize",
            load_if_exists=True,
            pruner=pruner,
            sampler=sampler,
        )
        _claim(study, spec, print_, source)
        parent_run_id = study.user_attrs.get("mlflow_run_id") or _start_parent_run(
            study, spec, settings, experiment_id, print_, source, len(frame)
        )
        # Registered before the lock is released: nobody sees the study without a running worker.
        worker = new_worker_key()
        set_worker(study, worker, spec, state="running")
    where = {"experiment_id": experiment_id, "parent_run_id": parent_run_id, "worker": worker}
    objective = _Objective(spec, frame, print_=print_, source=source, **where)
    state = "failed"
    try:
        study.optimize(objective, n_trials=spec.n_trials, timeout=spec.timeout, callbacks=[_reporter(spec, progress)])
        state = "finished"
    finally:
        set_worker(study, worker, spec, state=state)
    return _record_best(study, spec, settings, frame, objective, parent_run_id)


def _claim(study: optuna.Study, spec: StudySpec, print_: str, source: str) -> None:
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


def _start_parent_run(
    study: optuna.Study,
    spec: StudySpec,
    settings: Settings,
    experiment_id: str,
    print_: str,
    source: str,
    n_rows: int,
) -> str:
    from core.tracking import client as mlflow_client

    client = mlflow_client(settings)
    tags = {
        "kind": "study",
        "study": spec.name,
        "segment": spec.segment,
        "family": spec.family,
        "objective": spec.objective,
        "fingerprint": print_,
        "data": source,
        "optuna_storage": make_url(storage_url(settings.database_url)).render_as_string(hide_password=True),
    }
    run = client.create_run(experiment_id, run_name=spec.name, tags=tags)
    params = {"segment": spec.segment, "family": spec.family, "objective": spec.objective, "n_rows": n_rows}
    for key, value in {**params, **{f"fixed.{k}": v for k, v in spec.fixed.items()}}.items():
        client.log_param(run.info.run_id, key, value)
    client.log_dict(run.info.run_id, {"features": list(SEGMENT_FEATURES[spec.segment])}, "features.json")
    study.set_user_attr("mlflow_run_id", run.info.run_id)
    return run.info.run_id


class _Objective:
    """One trial: draw parameters, cross-validate on the shared folds, log it as a nested run.

    Each fold's score is reported to Optuna as it comes, so the pruner can stop a poor trial
    after a fold or two; every trial sees the same folds, so fold scores compare across trials.
    """

    def __init__(
        self,
        spec: StudySpec,
        frame: pd.DataFrame,
        *,
        experiment_id: str,
        parent_run_id: str,
        worker: str,
        print_: str,
        source: str,
    ):
        self.spec, self.frame, self.fingerprint, self.source, self.worker = spec, frame, print_, source, worker
        self.calls = self.pruned = 0
        self.experiment_id, self.parent_run_id = experiment_id, parent_run_id
        self.features = list(SEGMENT_FEATURES[spec.segment])
        self.X = encode_frame(frame, self.features)
        self.y = frame["default"].to_numpy(dtype=int)
        self.folds = folds_of(self.y, FOLDS)

    def __call__(self, trial: optuna.Trial) -> float:
        import mlflow

        spec = self.spec
        self.calls += 1
        params = suggest_params(trial, spec.family, spec.fixed)
        trial.set_user_attr("params", params)
        trial.set_user_attr("worker", self.worker)
        tags = {
            "kind": "trial",
            "study": spec.name,
            "trial": str(trial.number),
            "segment": spec.segment,
            "family": spec.family,
            "objective": spec.objective,
            "fingerprint": self.fingerprint,
            "data": self.source,
        }
        run = mlflow.start_run(
            experiment_id=self.experiment_id,
            run_name=f"{spec.name}/{trial.number}",
            parent_run_id=self.parent_run_id,
            tags=tags,
        )
        trial.set_user_attr("mlflow_run_id", run.info.run_id)
        status = "FAILED"
        try:
            mlflow.log_params(params)
            cv = cross_validate(
                self.X,
                self.y,
                family=spec.family,
                params=params,
                features=self.features,
                folds=self.folds,
                on_fold=lambda i, metrics: self._report(trial, i, metrics),
            )
            mlflow.log_metrics({f"cv_{name}": value for name, value in cv.metrics.items()})
            mlflow.log_dict({"features": self.features}, "features.json")
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "oof.parquet"
                oof_frame(self.frame, cv.oof, self.folds).to_parquet(path, index=False)
                mlflow.log_artifact(str(path))
            mlflow.set_tag("state", "complete")
            status = "FINISHED"
            return cv.metrics[spec.objective]
        except optuna.TrialPruned:
            mlflow.set_tag("state", "pruned")
            self.pruned += 1
            status = "KILLED"
            raise
        finally:
            mlflow.end_run(status)

    def _report(self, trial: optuna.Trial, fold: int, metrics: dict[str, float]) -> None:
        import mlflow

        mlflow.log_metrics({f"fold_{name}": metrics[name] for name in OBJECTIVES}, step=fold)
        trial.report(metrics[self.spec.objective], step=fold)
        if trial.should_prune():
            raise optuna.TrialPruned(f"fold {fold + 1}: {self.spec.objective} {metrics[self.spec.objective]:.4f}")


def _reporter(spec: StudySpec, progress: Progress | None) -> Callable[[optuna.Study, Any], None]:
    done = [0]

    def report(study: optuna.Study, trial: Any) -> None:
        done[0] += 1
        if progress is None:
            return
        best = _best_value(study)
        value = f"{spec.objective} {trial.value:.4f}" if trial.value is not None else trial.state.name.lower()
        best_text = f", best {best:.4f}" if best is not None else ""
        fraction = done[0] / spec.n_trials if spec.n_trials else 0.0
        progress(min(fraction, 1.0), f"{spec.name}: trial {trial.number} {value}{best_text}")

    return report


def _best_value(study: optuna.Study) -> float | None:
    try:
        return float(study.best_value)
    except ValueError:  # no complete trial yet
        return None


def _record_best(
    study: optuna.Study,
    spec: StudySpec,
    settings: Settings,
    frame: pd.DataFrame,
    objective: _Objective,
    parent_run_id: str,
) -> StudyResult:
    """Give the study's best trial its model (if it has none yet) and sum the study up in its parent run."""
    from core.tracking import client as mlflow_client

    client = mlflow_client(settings)
    trials = study.get_trials(deepcopy=False)
    counts = {state: sum(t.state == state for t in trials) for state in (TrialState.COMPLETE, TrialState.PRUNED)}
    client.log_metric(parent_run_id, "n_complete", counts[TrialState.COMPLETE])
    client.log_metric(parent_run_id, "n_pruned", counts[TrialState.PRUNED])
    best_value, best_metrics, best_params, best_run_id = None, {}, {}, None
    if counts[TrialState.COMPLETE]:
        best = study.best_trial
        best_value, best_params = float(study.best_value), dict(best.user_attrs["params"])
        best_run_id = best.user_attrs["mlflow_run_id"]
        best_metrics = {
            name.removeprefix("cv_"): value
            for name, value in client.get_run(best_run_id).data.metrics.items()
            if name.startswith("cv_")
        }
        if _claim_model(study, best.number, settings):
            _log_model(client, best_run_id, best, spec, settings, frame, objective)
        client.log_metric(parent_run_id, f"best_{spec.objective}", best_value)
        for name, value in best_metrics.items():
            client.log_metric(parent_run_id, f"best_cv_{name}", value)
        client.set_tag(parent_run_id, "best_run_id", best_run_id)
        client.set_tag(parent_run_id, "best_trial", str(best.number))
    if not active_workers(study.user_attrs):
        client.set_terminated(parent_run_id, "FINISHED")
    return StudyResult(
        name=spec.name,
        trials=objective.calls,
        pruned=objective.pruned,
        best_value=best_value,
        best_metrics=best_metrics,
        best_params=best_params,
        best_run_id=best_run_id,
        parent_run_id=parent_run_id,
    )


def _claim_model(study: optuna.Study, trial: int, settings: Settings) -> bool:
    """Whether this worker is the one to fit and log trial `trial`'s model (each trial gets one)."""
    with setup_lock(settings.database_url):
        claimed = list(study.user_attrs.get("models_for_trials", []))
        if trial in claimed:
            return False
        study.set_user_attr("models_for_trials", [*claimed, trial])
        return True


def has_model(client: Any, run_id: str) -> bool:
    """Whether an MLflow run holds a saved model (`model/meta.json` beside the model file)."""
    return any(item.path == "model/meta.json" for item in client.list_artifacts(run_id, "model"))


def _log_model(
    client: Any,
    run_id: str,
    trial: optuna.trial.FrozenTrial,
    spec: StudySpec,
    settings: Settings,
    frame: pd.DataFrame,
    objective: _Objective,
) -> None:
    """Fit the best trial's parameters on all rows and log the model, as the model store would
    keep it (native model file, meta.json, out-of-fold PDs, feature importance), to its run."""
    from core.registry import ModelStore

    with tempfile.TemporaryDirectory() as tmp:
        oof = pd.read_parquet(client.download_artifacts(run_id, "oof.parquet", tmp))
        if not np.array_equal(oof["client_id"].to_numpy(), frame["client_id"].to_numpy()):
            raise RuntimeError(f"trial {trial.number} was validated on other rows than this worker's data")
        cv = CVResult(oof["pd"].to_numpy(), evaluate(objective.y, oof["pd"].to_numpy()), [])
        params = dict(trial.user_attrs["params"])
        estimator, meta = fit_final(
            frame,
            spec.segment,
            family=spec.family,
            params=params,
            cv=cv,
            folds=FOLDS,
            target_bad_rate=settings.target_bad_rate,
            extra={"study": spec.name, "trial": trial.number, "objective": spec.objective},
        )
        store = ModelStore(Path(tmp) / "store")
        meta = store.save(estimator, replace(meta, mlflow_run_id=run_id), oof=oof)
        folder = store.root / meta.segment / meta.version
        importance = importance_of(estimator, spec.family, objective.X, objective.y, objective.features)
        (folder / "importance.json").write_text(json.dumps(importance, indent=2))
        client.log_artifacts(run_id, str(folder), "model")
    client.set_tag(run_id, "has_model", "true")
    client.set_tag(run_id, "version", meta.version)


def importance_of(estimator: Any, family: str, X: np.ndarray, y: np.ndarray, features: list[str]) -> dict[str, float]:
    """Each feature's share of a fitted model's importance: the library's own (gain) for trees,
    permutation importance (AUROC lost, on a sample) for the others."""
    if family == "catboost":
        values = np.asarray(estimator.get_feature_importance(), dtype=float)
    elif family == "lightgbm":
        values = np.asarray(estimator.booster_.feature_importance(importance_type="gain"), dtype=float)
    elif family == "xgboost":
        values = np.asarray(estimator.feature_importances_, dtype=float)
    else:
        from sklearn.inspection import permutation_importance

        rows = np.random.default_rng(0).choice(len(y), size=min(len(y), 5_000), replace=False)
        found = permutation_importance(estimator, X[rows], y[rows], scoring="roc_auc", n_repeats=3, random_state=0)
        values = np.clip(found.importances_mean, 0, None)
    total = values.sum()
    shares = values / total if total > 0 else values
    return {name: float(share) for name, share in zip(features, shares, strict=True)}
