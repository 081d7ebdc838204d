"""Judging models as a bank does, beyond one cross-validated number.

- **Fold spread**: the standard deviation of each metric over the folds, so a difference can
  be read against the noise of the data.
- **Out of time**: fit on every month but the last, score the last (the data's `app_date`):
  AUROC and calibration-in-the-large (mean PD against the observed default rate). Default
  rates drift by month, so this is what a model meets after it goes live.
- **Paired bootstrap**: a confidence interval of the difference in AUROC and PR AUC between
  two models' PDs on the same rows (resampling rows, both models together).

The bootstrap is written by hand on purpose: scikit-learn's metrics take 10 ms or more per
call on 60,000 rows, so 1,000 resamples x 2 models x 2 metrics would take about a minute.
Here both models are sorted once and each resample is a vector of row counts, so one
resample's AUROC and average precision are cumulative sums: 1,000 resamples take about a
second. `tests/core/modelling/test_judging.py` checks them against scikit-learn's weighted
metrics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.modelling.estimators import make_estimator
from core.modelling.features import SEGMENT_FEATURES, encode_frame
from core.modelling.thresholds import ThresholdChoice, choose_threshold
from core.modelling.validation import SEED, CVResult, evaluate

BOOTSTRAP_RESAMPLES = 1_000
CONFIDENCE = 0.95
_CHUNK = 50  # resamples computed together (memory: chunk x rows counts)


def fold_spread(fold_metrics: Sequence[dict[str, float]]) -> dict[str, float]:
    """Each metric's standard deviation over the folds, keyed `<metric>_sd` (empty for < 2 folds)."""
    if len(fold_metrics) < 2:
        return {}
    names = fold_metrics[0].keys()
    return {f"{name}_sd": float(np.std([m[name] for m in fold_metrics], ddof=1)) for name in names}


def cv_summary(y: np.ndarray, cv: CVResult, target_bad_rate: float) -> tuple[dict[str, float], ThresholdChoice]:
    """A cross-validation's metrics, their fold spread, and what the policy's cut-off at
    `target_bad_rate` (the approved book's default rate) would do: the share approved and the
    bad rate reached; with the cut-off itself."""
    validated = ~np.isnan(cv.oof)  # every row after cross-validation; a fifth of them after a holdout
    choice = choose_threshold(y[validated], cv.oof[validated], target_bad_rate)
    metrics = {
        **cv.metrics,
        **fold_spread(cv.fold_metrics),
        "approval_rate": choice.approval_rate,
        "approved_bad_rate": choice.bad_rate,
    }
    return metrics, choice


def out_of_time(frame: pd.DataFrame, segment: str, *, family: str, params: dict[str, Any]) -> dict[str, Any]:
    """Fit on all months of `frame` but the last, score the last month.

    Returns `oot_auroc`, `oot_pr_auc`, `oot_mean_pd`, `oot_default_rate` (calibration in the large:
    the two should be close), `oot_rows` and `oot_month` (ISO first day), or {} when the data
    spans a single month or the last month has only one class.
    """
    month = pd.to_datetime(frame["app_date"]).dt.to_period("M")
    last = month.max()
    test = (month == last).to_numpy()
    y = frame["default"].to_numpy(dtype=int)
    if test.all() or len(np.unique(y[test])) < 2 or len(np.unique(y[~test])) < 2:
        return {}
    features = list(SEGMENT_FEATURES[segment])
    X = encode_frame(frame, features)
    model = make_estimator(family, params, features=features, random_state=SEED)
    model.fit(X[~test], y[~test])
    pd_ = model.predict_proba(X[test])[:, 1]
    scores = evaluate(y[test], pd_)
    return {
        "oot_auroc": scores["auroc"],
        "oot_pr_auc": scores["pr_auc"],
        "oot_mean_pd": float(pd_.mean()),
        "oot_default_rate": float(y[test].mean()),
        "oot_rows": int(test.sum()),
        "oot_month": str(last.start_time.date()),
    }


@dataclass(frozen=True)
class Difference:
    """A paired difference `a - b` of one metric, with its bootstrap confidence interval."""

    metric: str
    a: float
    b: float
    low: float
    high: float
    resamples: int
    confidence: float

    @property
    def delta(self) -> float:
        """The observed difference on all rows."""
        return self.a - self.b

    @property
    def significant(self) -> bool:
        """Whether the interval excludes zero: a real difference rather than noise."""
        return self.low > 0 or self.high < 0

    def describe(self) -> str:
        """The difference in one line, e.g. 'AUROC +0.0031 (95 % CI -0.0012 to +0.0074)'."""
        name = {"auroc": "AUROC", "pr_auc": "PR AUC"}.get(self.metric, self.metric)
        return f"{name} {self.delta:+.4f} ({self.confidence:.0%} CI {self.low:+.4f} to {self.high:+.4f})"


def paired_bootstrap(
    y: np.ndarray,
    pd_a: np.ndarray,
    pd_b: np.ndarray,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
) -> dict[str, Difference]:
    """Percentile confidence intervals of the AUROC and PR AUC differences between two models
    scored on the same rows; each resample draws rows with replacement for both models at once."""
    y = np.asarray(y, dtype=int)
    a, b = _Sorted(y, np.asarray(pd_a, dtype=float)), _Sorted(y, np.asarray(pd_b, dtype=float))
    rng = np.random.default_rng(seed)
    n = len(y)
    deltas: dict[str, list[np.ndarray]] = {"auroc": [], "pr_auc": []}
    for start in range(0, resamples, _CHUNK):
        k = min(_CHUNK, resamples - start)
        draws = rng.integers(0, n, size=(k, n)) + np.arange(k)[:, None] * n
        counts = np.bincount(draws.ravel(), minlength=k * n).reshape(k, n).astype(np.float32)
        (auroc_a, ap_a), (auroc_b, ap_b) = a.metrics(counts), b.metrics(counts)
        deltas["auroc"].append(auroc_a - auroc_b)
        deltas["pr_auc"].append(ap_a - ap_b)
    ones = np.ones((1, n), dtype=np.float32)
    (auroc_a, ap_a), (auroc_b, ap_b) = a.metrics(ones), b.metrics(ones)
    point = {"auroc": (auroc_a[0], auroc_b[0]), "pr_auc": (ap_a[0], ap_b[0])}
    tail = (1 - confidence) / 2 * 100
    out = {}
    for metric, chunks in deltas.items():
        values = np.concatenate(chunks)
        low, high = np.nanpercentile(values, [tail, 100 - tail])
        out[metric] = Difference(
            metric, float(point[metric][0]), float(point[metric][1]), float(low), float(high), resamples, confidence
        )
    return out


class _Sorted:
    """One model's PDs sorted once; metrics of any row weighting are then cumulative sums."""

    def __init__(self, y: np.ndarray, pd_: np.ndarray):
        order = np.argsort(-pd_, kind="stable")  # highest PD first
        self.order, self.y = order, y[order]
        sorted_pd = pd_[order]
        # Rows with equal PDs share one threshold: the last row of each tie closes a group.
        self.last_of_tie = np.append(sorted_pd[1:] != sorted_pd[:-1], True)

    def metrics(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weighted AUROC (ties count one half) and average precision, one of each per row of
        `weights`: the same as scikit-learn's `roc_auc_score` and `average_precision_score`
        with `sample_weight`."""
        w = weights[:, self.order]
        seen = np.cumsum(w, axis=1)[:, self.last_of_tie]
        tp = np.cumsum(w * self.y, axis=1)[:, self.last_of_tie]
        fp = seen - tp
        zero = np.zeros((len(w), 1), dtype=w.dtype)
        tpr = np.concatenate([zero, tp], axis=1) / tp[:, -1:]
        fpr = np.concatenate([zero, fp], axis=1) / fp[:, -1:]
        auroc = np.sum(np.diff(fpr, axis=1) * (tpr[:, 1:] + tpr[:, :-1]) / 2, axis=1)
        precision = np.divide(tp, seen, out=np.ones_like(tp), where=seen > 0)
        average_precision = np.sum(np.diff(tpr, axis=1) * precision, axis=1)
        return auroc, average_precision
