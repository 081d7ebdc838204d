"""Hyper-parameter tuning: a search space per model family, and an objective that cross-validates
on the shared folds, reports each fold to the pruner and logs every trial in MLflow.

A study is one parent MLflow run; each trial is a run nested under it with its parameters, its
metrics, each fold's score and its out-of-fold PDs. The best trial also gets its model, saved in
its library's own format, ready to promote (`core.modelling.champions`). Any process that sees the
same DATABASE_URL and MLFLOW_TRACKING_URI can run or join a study (`core.modelling.studies`), so several
workers on several machines share one study through PostgreSQL.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import optuna
import pandas as pd
from optuna.trial import TrialState
from sqlalchemy import make_url

from core.config import Settings
from core.modelling.features import SEGMENT_FEATURES, encode_frame
from core.modelling.history import canonical, training_frame
from core.modelling.judging import cv_summary
from core.modelling.search_spaces import suggest_params
from core.modelling.studies import OBJECTIVES, StudySpec, claim_study, rdb_storage, setup_lock, storage_url
from core.modelling.trial_models import claim_model, log_model
from core.modelling.validation import FOLDS, cross_validate, fingerprint, folds_of, oof_frame
from core.modelling.workers import active_workers, new_worker_key, set_worker

Progress = Callable[[float, str], None]


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
    from core.modelling.tracking import TUNING_EXPERIMENT, configure

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
        claim_study(study, spec, print_, source)
        parent_run_id = study.user_attrs.get("mlflow_run_id") or _start_parent_run(
            study, spec, settings, experiment_id, print_, source, len(frame)
        )
        # Registered before the lock is released: nobody sees the study without a running worker.
        worker = new_worker_key()
        set_worker(study, worker, spec, state="running")
    where = {"experiment_id": experiment_id, "parent_run_id": parent_run_id, "worker": worker}
    objective = _Objective(spec, frame, print_=print_, source=source, target_bad_rate=settings.target_bad_rate, **where)
    state = "failed"
    try:
        study.optimize(objective, n_trials=spec.n_trials, timeout=spec.timeout, callbacks=[_reporter(spec, progress)])
        state = "finished"
    finally:
        set_worker(study, worker, spec, state=state)
    return _record_best(study, spec, settings, frame, objective, parent_run_id)


def _start_parent_run(
    study: optuna.Study,
    spec: StudySpec,
    settings: Settings,
    experiment_id: str,
    print_: str,
    source: str,
    n_rows: int,
) -> str:
    from core.modelling.tracking import client as mlflow_client

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
        target_bad_rate: float,
    ):
        self.spec, self.frame, self.fingerprint, self.source, self.worker = spec, frame, print_, source, worker
        self.calls = self.pruned = 0
        self.experiment_id, self.parent_run_id = experiment_id, parent_run_id
        self.features = list(SEGMENT_FEATURES[spec.segment])
        self.X = encode_frame(frame, self.features)
        self.y = frame["default"].to_numpy(dtype=int)
        self.folds = folds_of(self.y, FOLDS)
        self.target_bad_rate = target_bad_rate

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
            judged, choice = cv_summary(self.y, cv, self.target_bad_rate)
            mlflow.log_metrics(
                {f"cv_{name}": value for name, value in judged.items()} | {"threshold": choice.threshold}
            )
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
    from core.modelling.tracking import client as mlflow_client

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
        if claim_model(study, best.number, settings):
            log_model(client, best_run_id, best, spec, settings, frame, objective.X, objective.y, objective.features)
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
