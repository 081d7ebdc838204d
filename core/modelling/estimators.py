"""Model families: build an estimator, save it in its library's own format, load it to predict.

Every family follows the scikit-learn contract during training. Once saved, a model is loaded
as a `Predictor`: the lightest object of its library that turns a float matrix into PDs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.modelling.features import CATEGORICAL_FEATURES

FAMILIES = ("catboost", "xgboost", "lightgbm", "logreg", "hist_gb")

# Defaults chosen by 5-fold CV on the real data (see README, "Models"): shallow trees, strong
# regularisation and a slow learning rate suit this small, noisy, low-signal problem.
DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "catboost": {"iterations": 600, "learning_rate": 0.03, "depth": 5, "l2_leaf_reg": 10},
    "xgboost": {"n_estimators": 500, "learning_rate": 0.03, "max_depth": 4, "subsample": 0.8, "colsample_bytree": 0.8},
    "lightgbm": {"n_estimators": 500, "learning_rate": 0.03, "num_leaves": 15, "min_child_samples": 100},
    "logreg": {"C": 1.0},
    "hist_gb": {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 15, "l2_regularization": 1.0},
}
MODEL_FILES = {
    "catboost": "model.cbm",
    "xgboost": "model.ubj",
    "lightgbm": "model.txt",
    "logreg": "model.skops",
    "hist_gb": "model.skops",
}
_THREADS = 2
# Fewer rows than this are predicted on one thread: a decision's few rows cost twice the CPU on
# two (measured: 8 rows of the 600-tree CatBoost, 0.18 ms on one, 0.37 ms on two) and gain
# nothing in a server whose other core is busy with the next request.
_PARALLEL_ROWS = 5_000


def _threads(X: np.ndarray) -> int:
    return _THREADS if len(X) >= _PARALLEL_ROWS else 1


# The types of the `logreg` and `hist_gb` pipelines that skops does not trust by itself
# (`skops.io.get_untrusted_types` on a file `save_estimator` wrote).
SKOPS_TRUSTED = frozenset({"numpy.dtype", "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"})


class Predictor(Protocol):
    """Anything that maps a float matrix (rows x features) to probabilities of default."""

    def predict_pd(self, X: np.ndarray) -> np.ndarray: ...


def make_estimator(family: str, params: dict[str, Any], *, features: Sequence[str], random_state: int = 0) -> Any:
    """An unfitted scikit-learn-compatible classifier of `family` with `params`."""
    if family == "catboost":
        from catboost import CatBoostClassifier

        return CatBoostClassifier(
            **params, random_seed=random_state, thread_count=_THREADS, verbose=0, allow_writing_files=False
        )
    if family == "xgboost":
        from xgboost import XGBClassifier

        return XGBClassifier(**params, tree_method="hist", random_state=random_state, n_jobs=_THREADS)
    if family == "lightgbm":
        from lightgbm import LGBMClassifier

        return LGBMClassifier(**params, random_state=random_state, n_jobs=_THREADS, verbose=-1)
    if family == "logreg":
        return _logistic_pipeline(params, features, random_state)
    if family == "hist_gb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(**params, random_state=random_state)
    raise ValueError(f"unknown model family {family!r}; choose one of {', '.join(FAMILIES)}")


def _logistic_pipeline(params: dict[str, Any], features: Sequence[str], random_state: int) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    categorical = [i for i, name in enumerate(features) if name in CATEGORICAL_FEATURES]
    # Income and counts are heavy-tailed: a linear model wants their logarithm.
    logged = [i for i, name in enumerate(features) if name in ("income", "decline_app_cnt", "bki_request_cnt")]
    plain = [i for i in range(len(features)) if i not in categorical and i not in logged]
    columns = ColumnTransformer(
        [
            ("categorical", OneHotEncoder(handle_unknown="ignore"), categorical),
            ("logged", make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(np.log1p)), logged),
            ("plain", SimpleImputer(strategy="median"), plain),
        ]
    )
    model = LogisticRegression(**params, max_iter=2000, random_state=random_state)
    return make_pipeline(columns, StandardScaler(), model)


def save_estimator(estimator: Any, family: str, folder: Path) -> Path:
    """Save a fitted estimator in its library's native, code-free format; returns the file."""
    path = folder / MODEL_FILES[family]
    if family == "catboost" or family == "xgboost":
        estimator.save_model(str(path))
    elif family == "lightgbm":
        estimator.booster_.save_model(str(path))
    else:
        import skops.io

        skops.io.dump(estimator, path)
    return path


def load_predictor(family: str, path: Path) -> Predictor:
    """Load a saved model as a `Predictor`."""
    if family == "catboost":
        from catboost import CatBoostClassifier

        model = CatBoostClassifier()
        model.load_model(str(path))
        return _CatBoost(model)
    if family == "xgboost":
        import xgboost

        booster = xgboost.Booster(model_file=str(path))
        booster.set_param({"nthread": _THREADS})
        return _XGBoost(booster)
    if family == "lightgbm":
        import lightgbm

        return _LightGBM(lightgbm.Booster(model_file=str(path)))
    if family in ("logreg", "hist_gb"):
        return _SkLearn(_load_skops(path))
    raise ValueError(f"unknown model family {family!r}")


def _load_skops(path: Path) -> Any:
    import skops.io

    # Trust only the types our own pipelines hold beyond skops' safe defaults, by exact name:
    # a prefix such as "numpy." would also admit numpy.save, which writes files when called.
    untrusted = skops.io.get_untrusted_types(file=path)
    foreign = sorted(set(untrusted) - SKOPS_TRUSTED)
    if foreign:
        raise ValueError(f"{path} holds types this product did not write: {', '.join(foreign)}")
    return skops.io.load(path, trusted=untrusted)


class _CatBoost:
    def __init__(self, model: Any):
        from core.modelling.oblivious import ObliviousTrees

        self.model = model
        # A decision's few rows through the trees in numpy (CatBoost's Pool for each call cost
        # more than the trees); batches through CatBoost itself, on both threads.
        self.trees = ObliviousTrees.of(model)

    def predict_pd(self, X: np.ndarray) -> np.ndarray:
        if self.trees is not None and len(X) < _PARALLEL_ROWS:
            return self.trees.predict_pd(X)
        return self.model.predict(X, prediction_type="Probability", thread_count=_threads(X))[:, 1]


class _XGBoost:
    def __init__(self, booster: Any):
        self.booster = booster

    def predict_pd(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.booster.inplace_predict(np.asarray(X, dtype=float)))


class _LightGBM:
    def __init__(self, booster: Any):
        self.booster = booster

    def predict_pd(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.booster.predict(np.asarray(X, dtype=float), num_threads=_threads(X)))


class _SkLearn:
    def __init__(self, model: Any):
        self.model = model

    def predict_pd(self, X: np.ndarray) -> np.ndarray:
        return self.model.predict_proba(np.asarray(X, dtype=float))[:, 1]
