"""CatBoost's trees in numpy give CatBoost's own answers, or are not used."""

from __future__ import annotations

import numpy as np
import pytest
from catboost import CatBoostClassifier

from core.modelling.estimators import load_predictor, save_estimator
from core.modelling.oblivious import TOLERANCE, ObliviousTrees


def training_data(n: int = 3_000) -> tuple[np.ndarray, np.ndarray]:
    """Counts, money, a score with missing values and yes/no answers, with a label that depends on them."""
    rng = np.random.default_rng(3)
    X = np.column_stack(
        [
            rng.integers(0, 6, n),
            rng.integers(18, 80, n),
            rng.lognormal(10, 1, n).round(),
            np.where(rng.random(n) < 0.1, np.nan, rng.normal(-1.8, 0.5, n)),
            rng.integers(0, 2, n),
        ]
    ).astype(float)
    logit = 0.4 * X[:, 0] - 0.02 * X[:, 1] + 0.8 * np.nan_to_num(X[:, 3] + 1.8) + 0.5 * X[:, 4] - 1.5
    return X, (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)


def fitted(**params) -> CatBoostClassifier:
    X, y = training_data()
    model = CatBoostClassifier(iterations=120, depth=6, verbose=0, allow_writing_files=False, thread_count=1, **params)
    return model.fit(X, y)


def catboost_pd(model: CatBoostClassifier, X: np.ndarray) -> np.ndarray:
    return model.predict(X, prediction_type="Probability", thread_count=1)[:, 1]


def test_the_trees_give_catboosts_answers_on_every_kind_of_row(tmp_path):
    model = fitted()
    X, _ = training_data(2_000)
    X[::7, 3] = np.nan  # missing
    X[1::11, 2] = 1e12  # beyond every border
    rows = np.vstack([X, X.round(1), -X])

    trees = ObliviousTrees.of(model)

    assert trees is not None
    assert np.max(np.abs(trees.predict_pd(rows) - catboost_pd(model, rows))) <= TOLERANCE
    # As served: saved in CatBoost's format, loaded, and a decision's few rows through the trees.
    save_estimator(model, "catboost", tmp_path)
    predictor = load_predictor("catboost", tmp_path / "model.cbm")
    assert predictor.trees is not None
    assert np.max(np.abs(predictor.predict_pd(rows[:12]) - catboost_pd(model, rows[:12]))) <= TOLERANCE


@pytest.mark.parametrize(
    "params", [{"grow_policy": "Depthwise"}, {"grow_policy": "Lossguide"}], ids=["depthwise", "lossguide"]
)
def test_trees_that_are_not_symmetric_are_left_to_catboost(params):
    assert ObliviousTrees.of(fitted(**params)) is None


def test_a_model_with_categorical_features_is_left_to_catboost():
    X, y = training_data()
    frame = [[str(int(row[0])), *row[1:]] for row in X]
    model = CatBoostClassifier(iterations=30, verbose=0, allow_writing_files=False, cat_features=[0]).fit(frame, y)

    assert ObliviousTrees.of(model) is None


def test_trees_that_would_answer_otherwise_than_catboost_are_not_used(monkeypatch):
    model = fitted()
    exported = ObliviousTrees._from_export

    def one_leaf_off(data):
        data["oblivious_trees"][0]["leaf_values"][0] += 1e-6
        return exported(data)

    monkeypatch.setattr(ObliviousTrees, "_from_export", staticmethod(one_leaf_off))

    assert ObliviousTrees.of(model) is None


def test_a_model_catboost_cannot_export_is_left_to_catboost(monkeypatch, tmp_path):
    model = fitted()
    save_estimator(model, "catboost", tmp_path)

    def refuse(self, *args, **kwargs):
        raise RuntimeError("no JSON for this model")

    monkeypatch.setattr(CatBoostClassifier, "save_model", refuse)
    predictor = load_predictor("catboost", tmp_path / "model.cbm")

    assert predictor.trees is None
    X, _ = training_data(10)
    assert np.array_equal(predictor.predict_pd(X), catboost_pd(model, X))
