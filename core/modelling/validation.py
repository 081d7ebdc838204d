"""Judging a model: stratified folds every family shares, cross-validation, and the metrics.

Every segment's model is judged on out-of-fold predictions of the same folds (seeded), so
any two models of a segment compare, whatever their family.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score, roc_curve
from sklearn.model_selection import StratifiedKFold

from core.data.columns import HISTORY_COLUMNS
from core.modelling.estimators import make_estimator

Progress = Callable[[float, str], None]
FOLDS, SEED = 5, 42


def quiet(_fraction: float, _message: str) -> None:
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
