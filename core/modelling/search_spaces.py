"""Each model family's hyper-parameter search space, and how a trial draws a point from it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import optuna

from core.modelling.estimators import DEFAULT_PARAMS


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
