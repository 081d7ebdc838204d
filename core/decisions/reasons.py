"""Why a decision came out as it did, per applicant and in plain words.

A feature's contribution is how much the applicant's log-odds of default would fall if that
one answer were the typical applicant's (the training median) with everything else kept.
It works the same for every model family and costs one extra prediction per feature; for the
1,000-tree CatBoost it takes 0.1 ms, where CatBoost's own SHAP takes 13 ms for one row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from core.decisions.policy import PREMIUM
from core.modelling.estimators import Predictor

TOP_REASONS = 3
MIN_DECLINE_REASONS, MAX_DECLINE_REASONS = 2, 4
OVERALL = "overall"  # the model's overall assessment: completes a decline that one feature explains
# Contributions smaller than this (in log-odds) do not explain anything worth telling.
MIN_CONTRIBUTION = 0.01
_EPS = 1e-9


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities, clipped away from 0 and 1."""
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p) - np.log1p(-p)


def contributions(predictor: Predictor, X: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PDs of the rows of X and each feature's contribution to their log-odds (rows x features)."""
    n, k = X.shape
    # Only cells that differ from the typical value can contribute; about half do not, so
    # predicting just the changed cells halves the work of a batch. Each changed cell (feature
    # by feature, row by row) is one variant: its row with that cell set to the typical value.
    columns, rows = np.nonzero(np.not_equal(X, reference).T)  # a missing value (NaN) differs too
    variants = np.concatenate([X, X[rows]], dtype=float)
    variants[n + np.arange(len(rows)), columns] = reference[columns]
    scores = logit(predictor.predict_pd(variants))
    base = scores[:n]
    contribution = np.zeros((n, k))
    contribution[rows, columns] = base[rows] - scores[n:]
    return 1 / (1 + np.exp(-base)), contribution


def top_reasons(
    contribution: np.ndarray,
    features: Sequence[str],
    values: Sequence[Any],
    decision: str,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The principal reasons for a model decision: up to three features that lowered the risk most
    for an approval; for a decline, the two to four that raised it most (regulators expect two
    to five principal reasons), completed by the overall assessment when fewer features raised it.

    `params` adds words a reason needs beyond its value (the region's name for its rating).
    """
    sign = -1.0 if decision == PREMIUM else 1.0
    order = [j for j in np.argsort(-sign * contribution, kind="stable") if sign * contribution[j] > 0]
    strong = [j for j in order if sign * contribution[j] >= MIN_CONTRIBUTION]
    if decision == PREMIUM:
        chosen = strong[:TOP_REASONS]
    else:
        chosen = (strong if len(strong) >= MIN_DECLINE_REASONS else order)[:MAX_DECLINE_REASONS]
    reasons = [
        {
            "code": features[j],
            "direction": "up" if contribution[j] > 0 else "down",
            "contribution": round(float(contribution[j]), 4),
            "value": values[j],
        }
        | ({"params": dict(params[features[j]])} if params and features[j] in params else {})
        for j in chosen
    ]
    if decision != PREMIUM and len(reasons) < MIN_DECLINE_REASONS:
        reasons.append({"code": OVERALL, "direction": "up"})
    return reasons


def top_reason_codes(contribution: np.ndarray, features: Sequence[str], premium: np.ndarray) -> np.ndarray:
    """`top_reasons` for many rows at once, as '; '-joined feature names with the direction of their
    effect on the PD: `score_bki+` raised it (against the applicant), `education-` lowered it."""
    signed = np.where(premium[:, np.newaxis], -contribution, contribution)
    order = np.argsort(-signed, axis=1, kind="stable")[:, :TOP_REASONS]
    names = np.asarray(features, dtype=object)
    out = np.full(len(signed), "", dtype=object)
    for rank in range(order.shape[1]):
        idx = order[:, rank]
        keep = signed[np.arange(len(signed)), idx] >= MIN_CONTRIBUTION
        sign = np.where(contribution[np.arange(len(signed)), idx] > 0, "+", "-")
        piece = np.where(keep, names[idx] + sign, "")
        sep = np.where(keep & (out != ""), "; ", "")
        out = out + sep + piece
    return out
