"""The best trial's model: fitted on all rows with its parameters and logged to its MLflow run
as the model store would keep it, so it can be compared and promoted (`core.modelling.champions`).
Each trial gets one model, whichever worker of a shared study finishes it."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import optuna
import pandas as pd

from core.config import Settings
from core.modelling.registry import ModelStore
from core.modelling.studies import StudySpec, setup_lock
from core.modelling.training import fit_final
from core.modelling.validation import FOLDS, CVResult, evaluate


def claim_model(study: optuna.Study, trial: int, settings: Settings) -> bool:
    """Whether this worker is the one to fit and log trial `trial`'s model (each trial gets one)."""
    with setup_lock(settings.database_url):
        claimed = list(study.user_attrs.get("models_for_trials", []))
        if trial in claimed:
            return False
        study.set_user_attr("models_for_trials", [*claimed, trial])
        return True


def log_model(
    client: Any,
    run_id: str,
    trial: optuna.trial.FrozenTrial,
    spec: StudySpec,
    settings: Settings,
    frame: pd.DataFrame,
    X: np.ndarray,
    y: np.ndarray,
    features: list[str],
) -> None:
    """Fit the best trial's parameters on all rows and log the model, as the model store would
    keep it (native model file, meta.json, out-of-fold PDs, feature importance), to its run."""

    with tempfile.TemporaryDirectory() as tmp:
        oof = pd.read_parquet(client.download_artifacts(run_id, "oof.parquet", tmp))
        if not np.array_equal(oof["client_id"].to_numpy(), frame["client_id"].to_numpy()):
            raise RuntimeError(f"trial {trial.number} was validated on other rows than this worker's data")
        cv = CVResult(oof["pd"].to_numpy(), evaluate(y, oof["pd"].to_numpy()), [])
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
        importance = importance_of(estimator, spec.family, X, y, features)
        (folder / "importance.json").write_text(json.dumps(importance, indent=2))
        client.log_artifacts(run_id, str(folder), "model")
    for name, value in meta.metrics.items():
        if name.startswith("oot_"):
            client.log_metric(run_id, name, value)
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
