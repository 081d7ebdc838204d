"""Training: stratified cross-validation, the decision threshold, the final fit, the saved model.

Every segment's model is judged on out-of-fold predictions of the same folds (seeded), so
any two models of a segment compare, whatever their family.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score, roc_curve
from sklearn.model_selection import StratifiedKFold

from core.config import Settings
from core.dataset import HISTORY_COLUMNS
from core.estimators import DEFAULT_PARAMS, make_estimator
from core.features import SEGMENT_FEATURES, SEGMENTS, encode_frame
from core.policy import choose_threshold
from core.registry import ModelMeta, ModelStore, new_version

Progress = Callable[[float, str], None]
FOLDS, SEED = 5, 42


def _quiet(_fraction: float, _message: str) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True)
class CVResult:
    """Out-of-fold predictions of a cross-validation and the metrics computed on them."""

    oof: np.ndarray
    metrics: dict[str, float]
    fold_metrics: list[dict[str, float]]


def evaluate(y: np.ndarray, pd_: np.ndarray) -> dict[str, float]:
    """AUROC, PR AUC (average precision), Kolmogorov-Smirnov statistic and Brier score."""
    fpr, tpr, _ = roc_curve(y, pd_)
    return {
        "auroc": float(roc_auc_score(y, pd_)),
        "pr_auc": float(average_precision_score(y, pd_)),
        "ks": float(np.max(tpr - fpr)),
        "brier": float(brier_score_loss(y, pd_)),
    }


def folds_of(y: np.ndarray, folds: int = FOLDS, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    """The stratified folds every model of a data set is judged on."""
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y))


def cross_validate(
    X: np.ndarray,
    y: np.ndarray,
    *,
    family: str,
    params: dict[str, Any],
    features: Sequence[str],
    folds: list[tuple[np.ndarray, np.ndarray]],
    on_fold: Callable[[int, dict[str, float]], None] | None = None,
) -> CVResult:
    """Fit on each training fold, predict its validation fold; `on_fold` may stop early by raising."""
    oof = np.full(len(y), np.nan)
    fold_metrics = []
    for i, (train, valid) in enumerate(folds):
        model = make_estimator(family, params, features=features, random_state=SEED + i)
        model.fit(X[train], y[train])
        oof[valid] = model.predict_proba(X[valid])[:, 1]
        fold_metrics.append(evaluate(y[valid], oof[valid]))
        if on_fold is not None:
            on_fold(i, fold_metrics[-1])
    done = ~np.isnan(oof)
    return CVResult(oof, evaluate(y[done], oof[done]), fold_metrics)


def oof_frame(frame: pd.DataFrame, oof: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """Out-of-fold PDs with each row's client_id, validation fold and outcome: enough to redraw
    curves later, and to check that two models were judged on the same rows and folds."""
    fold = np.full(len(frame), -1, dtype=np.int8)
    for i, (_, valid) in enumerate(folds):
        fold[valid] = i
    return pd.DataFrame(
        {
            "client_id": frame["client_id"].to_numpy(dtype=np.int64),
            "fold": fold,
            "default": frame["default"].to_numpy(dtype=np.int8),
            "pd": oof,
        }
    )


def fingerprint(frame: pd.DataFrame) -> str:
    """SHA-256 of the training rows in a canonical order: the same data gives the same print."""
    canonical = frame[list(HISTORY_COLUMNS)].sort_values("client_id").reset_index(drop=True)
    hashes = pd.util.hash_pandas_object(canonical, index=False).to_numpy()
    return hashlib.sha256(hashes.tobytes()).hexdigest()


def fit_segment(
    frame: pd.DataFrame,
    segment: str,
    *,
    family: str = "catboost",
    params: dict[str, Any] | None = None,
    folds: int = FOLDS,
    target_bad_rate: float,
    progress: Progress = _quiet,
) -> tuple[Any, ModelMeta, CVResult]:
    """Cross-validate, choose the threshold on out-of-fold PDs, then fit on all rows."""
    features = list(SEGMENT_FEATURES[segment])
    params = {**DEFAULT_PARAMS[family], **(params or {})}
    X, y = encode_frame(frame, features), frame["default"].to_numpy(dtype=int)

    def on_fold(i: int, metrics: dict[str, float]) -> None:
        progress((i + 1) / (folds + 1), f"{segment}: fold {i + 1}/{folds}, AUROC {metrics['auroc']:.3f}")

    cv = cross_validate(
        X, y, family=family, params=params, features=features, folds=folds_of(y, folds), on_fold=on_fold
    )
    progress(folds / (folds + 1), f"{segment}: final fit on {len(y):,} rows")
    estimator, meta = fit_final(
        frame, segment, family=family, params=params, cv=cv, folds=folds, target_bad_rate=target_bad_rate
    )
    return estimator, meta, cv


def fit_final(
    frame: pd.DataFrame,
    segment: str,
    *,
    family: str,
    params: dict[str, Any],
    cv: CVResult,
    folds: int,
    target_bad_rate: float,
    extra: dict[str, Any] | None = None,
) -> tuple[Any, ModelMeta]:
    """Choose the threshold on the out-of-fold PDs `cv`, fit on all rows, describe the model."""
    features = list(SEGMENT_FEATURES[segment])
    X, y = encode_frame(frame, features), frame["default"].to_numpy(dtype=int)
    choice = choose_threshold(y, cv.oof, target_bad_rate)
    estimator = make_estimator(family, params, features=features, random_state=SEED).fit(X, y)
    print_ = fingerprint(frame)
    meta = ModelMeta(
        segment=segment,
        family=family,
        version=new_version(print_),
        features=features,
        params=params,
        metrics={**cv.metrics, "approval_rate": choice.approval_rate, "approved_bad_rate": choice.bad_rate},
        threshold=choice.threshold,
        reference=np.nanmedian(X, axis=0).tolist(),
        fingerprint=print_,
        n_rows=len(y),
        default_rate=float(y.mean()),
        trained_at=datetime.now(UTC).isoformat(),
        extra={"folds": folds, "seed": SEED, "target_bad_rate": target_bad_rate, **(extra or {})},
    )
    return estimator, meta


def train(
    frame: pd.DataFrame,
    *,
    settings: Settings,
    store: ModelStore,
    segments: Sequence[str] = SEGMENTS,
    family: str = "catboost",
    params: dict[str, Any] | None = None,
    folds: int = FOLDS,
    promote: bool = True,
    progress: Progress = _quiet,
) -> list[ModelMeta]:
    """Train, track in MLflow, save and (by default) promote one model per segment."""
    import mlflow

    from core.tracking import TRAINING_EXPERIMENT, mlflow_run

    saved = []
    for n, segment in enumerate(segments):

        def step(fraction: float, message: str, n: int = n) -> None:
            progress((n + fraction) / len(segments), message)

        tags = {"segment": segment, "family": family, "kind": "training"}
        with mlflow_run(settings, experiment=TRAINING_EXPERIMENT, run_name=f"{segment}-{family}", tags=tags) as run:
            estimator, meta, cv = fit_segment(
                frame,
                segment,
                family=family,
                params=params,
                folds=folds,
                target_bad_rate=settings.target_bad_rate,
                progress=step,
            )
            oof = oof_frame(frame, cv.oof, folds_of(frame["default"].to_numpy(dtype=int), folds))
            meta = store.save(estimator, ModelMeta(**{**asdict(meta), "mlflow_run_id": run.info.run_id}), oof=oof)
            mlflow.log_params({**meta.params, "family": family, "folds": folds, "n_rows": meta.n_rows})
            mlflow.log_metrics({f"cv_{k}": v for k, v in meta.metrics.items()} | {"threshold": meta.threshold})
            mlflow.log_dict({"features": meta.features}, "features.json")
            mlflow.set_tags({"version": meta.version, "fingerprint": meta.fingerprint})
            mlflow.log_artifacts(str(store.root / segment / meta.version), "model")
        if promote:
            from core.champions import serve_trained  # champions builds on this module

            serve_trained(meta, settings=settings, store=store, by="train", reason="trained by python -m core train")
        saved.append(meta)
        step(1.0, f"{segment}: AUROC {meta.metrics['auroc']:.3f}, PR AUC {meta.metrics['pr_auc']:.3f}")
    return saved
