"""What the experiments page shows: the MLflow runs of training and tuning, curves of chosen runs
against their segment's champion on the same validation data, feature importance, and a study's
optimisation history. Plain data (and Plotly figures from Optuna); the page only draws them.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import precision_recall_curve, roc_curve

from core.config import Settings
from core.modelling.champions import candidate
from core.modelling.comparison import (
    champion_oof,
    fold_ids,
    recompute_oof,
    run_meta,
    run_oof,
    same_validation,
    validation_frame,
)
from core.modelling.estimators import FAMILIES, load_predictor
from core.modelling.features import SEGMENTS
from core.modelling.judging import paired_bootstrap
from core.modelling.registry import ModelMeta, ModelStore
from core.modelling.tracking import TRAINING_EXPERIMENT, TUNING_EXPERIMENT
from core.modelling.tracking import client as mlflow_client
from core.modelling.validation import evaluate

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
]
_CURVE_POINTS = 300


@dataclass(frozen=True)
class Curves:
    """Long-format frames, one row per point and a `model` column, ready to plot."""

    scores: pd.DataFrame  # model, auroc, pr_auc, ks, brier
    roc: pd.DataFrame  # model, fpr, tpr
    pr: pd.DataFrame  # model, recall, precision
    calibration: pd.DataFrame  # model, predicted, observed
    notes: list[str]
    # Each run against the champion: model, metric, difference, low, high, significant
    # (a paired-bootstrap confidence interval of the difference on the same rows).
    differences: pd.DataFrame = field(default_factory=pd.DataFrame)


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


def _run_row(run: Any, champions: dict[str, str | None]) -> dict[str, Any]:
    tags, metrics = run.data.tags, run.data.metrics
    version = tags.get("version")
    return {
        "run_id": run.info.run_id,
        "run": run.info.run_name,
        "kind": tags.get("kind", ""),
        "study": tags.get("study", ""),
        "segment": tags.get("segment", ""),
        "family": tags.get("family", ""),
        "state": tags.get("state") or run.info.status.lower(),
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
    }


def curves(
    run_ids: list[str],
    *,
    settings: Settings,
    store: ModelStore,
    frame: pd.DataFrame | None = None,
) -> Curves:
    """ROC, PR and calibration curves of the chosen runs and of their segment's champion, all from
    out-of-fold PDs on the same rows and folds (the champion's recomputed when it was judged on
    other data, which takes one cross-validation)."""
    if not run_ids:
        raise ValueError("choose at least one run")
    cands = [candidate(run_id, settings=settings) for run_id in run_ids]
    if len({(c.segment, c.fingerprint) for c in cands}) > 1:
        raise ValueError("choose runs of one segment, validated on the same data")
    frame = validation_frame(cands[0], settings=settings, frame=frame)
    folds, notes = fold_ids(frame), []
    predictions: dict[str, np.ndarray] = {}
    for cand in cands:
        oof = run_oof(cand.run_id, settings=settings)
        if not same_validation(oof, frame, folds):
            meta = run_meta(cand.run_id, settings=settings)
            if meta is None:
                notes.append(f"{cand.name}: no out-of-fold PDs on the shared folds; left out")
                continue
            oof = recompute_oof(frame, meta)
        assert oof is not None
        predictions[f"{cand.name} ({cand.family})"] = oof["pd"].to_numpy()
    found = champion_oof(store, cands[0].segment, frame)
    y = frame["default"].to_numpy(dtype=int)
    differences = pd.DataFrame(columns=["model", "metric", "difference", "low", "high", "significant"])
    if found is None:
        notes.append(f"no {cands[0].segment}-client champion yet")
    else:
        meta, oof, recomputed = found
        champion = oof["pd"].to_numpy()
        differences = pd.DataFrame(
            {
                "model": label,
                "metric": d.metric,
                "difference": d.delta,
                "low": d.low,
                "high": d.high,
                "significant": d.significant,
            }
            for label, p in predictions.items()
            for d in paired_bootstrap(y, p, champion).values()
        )
        predictions[_champion_label(meta)] = champion
        if recomputed:
            notes.append("the champion was judged on other data: its out-of-fold PDs were recomputed on this data")
    return replace(_curves(y, predictions, notes), differences=differences)


def _champion_label(meta: ModelMeta) -> str:
    return f"champion {meta.family} {meta.version[:15]}"


def _curves(y: np.ndarray, predictions: dict[str, np.ndarray], notes: list[str]) -> Curves:
    scores, roc, pr, calibration = [], [], [], []
    for label, p in predictions.items():
        scores.append({"model": label, **evaluate(y, p)})
        fpr, tpr, _ = roc_curve(y, p)
        roc.append(_thin(pd.DataFrame({"model": label, "fpr": fpr, "tpr": tpr})))
        precision, recall, _ = precision_recall_curve(y, p)
        pr.append(_thin(pd.DataFrame({"model": label, "recall": recall, "precision": precision})))
        observed, predicted = calibration_curve(y, p, n_bins=10, strategy="quantile")
        calibration.append(pd.DataFrame({"model": label, "predicted": predicted, "observed": observed}))
    return Curves(
        scores=pd.DataFrame(scores),
        roc=pd.concat(roc, ignore_index=True),
        pr=pd.concat(pr, ignore_index=True),
        calibration=pd.concat(calibration, ignore_index=True),
        notes=notes,
    )


def _thin(points: pd.DataFrame) -> pd.DataFrame:
    """At most a few hundred points per curve: enough to draw, light to send to a browser."""
    if len(points) <= _CURVE_POINTS:
        return points
    keep = np.unique(np.linspace(0, len(points) - 1, _CURVE_POINTS).round().astype(int))
    return points.iloc[keep].reset_index(drop=True)


def importance(run_id: str, *, settings: Settings) -> pd.Series | None:
    """Each feature's share of a run's saved model's importance, largest first (None without a model,
    or for a linear or histogram model trained outside a study, which records none)."""
    client = mlflow_client(settings)
    names = {item.path for item in client.list_artifacts(run_id, "model")}
    if "model/meta.json" not in names:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(client.download_artifacts(run_id, "model", tmp))
        if (folder / "importance.json").exists():
            shares = json.loads((folder / "importance.json").read_text())
        else:
            meta = ModelMeta(**json.loads((folder / "meta.json").read_text()))
            shares = _native_importance(meta, folder)
    if shares is None:
        return None
    return pd.Series(shares, name="importance").sort_values(ascending=False)


def _native_importance(meta: ModelMeta, folder: Path) -> dict[str, float] | None:
    predictor: Any = load_predictor(meta.family, folder / meta.model_file)
    if meta.family == "catboost":
        values = np.asarray(predictor.model.get_feature_importance(), dtype=float)
    elif meta.family == "lightgbm":
        values = np.asarray(predictor.booster.feature_importance(importance_type="gain"), dtype=float)
    elif meta.family == "xgboost":
        gain = predictor.booster.get_score(importance_type="gain")
        values = np.asarray([gain.get(f"f{i}", 0.0) for i in range(len(meta.features))], dtype=float)
    else:
        return None
    total = values.sum()
    return {name: float(v / total if total > 0 else v) for name, v in zip(meta.features, values, strict=True)}


def study_figures(name: str, storage: Any) -> dict[str, Any]:
    """Optuna's Plotly figures of a study: optimisation history and parameter importances (None
    until there are enough complete trials to compute them)."""
    import optuna
    from optuna.visualization import plot_optimization_history, plot_param_importances

    study = optuna.load_study(study_name=name, storage=storage)
    complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    figures: dict[str, Any] = {"history": plot_optimization_history(study) if complete else None}
    try:
        figures["importances"] = plot_param_importances(study) if len(complete) >= 2 else None
    except (ValueError, RuntimeError):  # e.g. every trial drew the same parameters
        figures["importances"] = None
    return figures
