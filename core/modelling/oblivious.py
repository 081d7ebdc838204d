"""A CatBoost model's oblivious trees in numpy, for a decision's few rows.

CatBoost builds a `Pool` for every `predict` call, and for a decision's dozen rows (the
applicant and the contributions' variants, `core.decisions.reasons`) that costs more than the
trees themselves: in the API server a decision's predictions took 0.50 ms of CPU through
CatBoost and take 0.18 ms here. These trees are the model
as CatBoost's own JSON export describes it (`save_model(format="json")`, its documented way
to apply a model elsewhere): each tree compares one feature with one border per level, as
float32 like CatBoost, and the answers form the index of its leaf. The sum of the leaves,
scaled and biased, is the log-odds of default.

`ObliviousTrees.of` gives None for a model it does not cover (categorical or text features,
non-symmetric trees, more than one output), and for one whose answers it does not reproduce:
every model is checked against CatBoost when it is loaded, on rows at, around and between its
borders, missing values included.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

# Largest difference in probability of default from CatBoost's own answer that still counts as
# the same (the leaves are summed in another order: about 1e-16 apart in practice).
TOLERANCE = 1e-12


class ObliviousTrees:
    """The trees of a binary CatBoost classifier with numeric features only."""

    def __init__(self, features: np.ndarray, borders: np.ndarray, leaves: np.ndarray, scale: float, bias: float):
        """`features` and `borders` (trees x depth): what each tree compares at each level;
        `leaves` (trees x 2 ** depth): its leaf values, by the index its answers form."""
        # Each distinct comparison is made once per row (427 for the 600 trees of depth 5);
        # each tree's levels then pick their answers from them, as CatBoost binarizes.
        pairs = sorted(set(zip(features.ravel().tolist(), borders.ravel().tolist(), strict=True)))
        column = {pair: i for i, pair in enumerate(pairs)}
        self._features = np.array([f for f, _ in pairs], dtype=np.intp)
        self._borders = np.array([b for _, b in pairs], dtype=np.float32)
        self._levels = np.array(
            [
                [column[f, b] for f, b in zip(fs, bs, strict=True)]
                for fs, bs in zip(features.T.tolist(), borders.T.tolist(), strict=True)
            ],
            dtype=np.intp,
        )  # (depth, trees)
        self._leaves = leaves.ravel()
        self._first_leaf = np.arange(len(leaves)) * leaves.shape[1]
        self.scale, self.bias = scale, bias

    @classmethod
    def of(cls, model: Any) -> ObliviousTrees | None:
        """The trees of a fitted `CatBoostClassifier`, checked against it; None where they
        would not give CatBoost's answers."""
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "model.json"
                model.save_model(str(path), format="json")
                exported = json.loads(path.read_text(encoding="utf-8"))
        except Exception:  # a model CatBoost cannot export as JSON is served by CatBoost alone
            return None
        trees = cls._from_export(exported)
        if trees is None or not trees._agrees_with(model, exported):
            return None
        return trees

    @classmethod
    def _from_export(cls, exported: dict[str, Any]) -> ObliviousTrees | None:
        info = exported.get("features_info", {})
        floats = info.get("float_features", [])
        if set(info) - {"float_features"} or any(f["flat_feature_index"] != f["feature_index"] for f in floats):
            return None  # categorical, text or embedding features: CatBoost's own way
        trees = exported.get("oblivious_trees") or []
        if not trees or any(s["split_type"] != "FloatFeature" for t in trees for s in t["splits"]):
            return None
        if any(len(tree["leaf_values"]) != 2 ** len(tree["splits"]) for tree in trees):
            return None  # more than one output per leaf
        scale, biases = exported["scale_and_bias"]
        if len(biases) != 1:
            return None
        # A shallower tree gets levels that always go left (nothing is greater than +inf), so
        # its leaf index, and the leaf, stay its own.
        depth = max(len(tree["splits"]) for tree in trees)
        features = np.zeros((len(trees), depth), dtype=np.intp)
        borders = np.full((len(trees), depth), np.inf, dtype=np.float32)
        leaves = np.zeros((len(trees), 2**depth))
        for i, tree in enumerate(trees):
            for level, split in enumerate(tree["splits"]):
                features[i, level], borders[i, level] = split["float_feature_index"], split["border"]
            leaves[i, : len(tree["leaf_values"])] = tree["leaf_values"]
        return cls(features, borders, leaves, float(scale), float(biases[0]))

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        """Each row's log-odds of default (CatBoost's RawFormulaVal)."""
        x = np.asarray(X, dtype=np.float32)
        # Compared in float32, as CatBoost does; a missing value is greater than no border (as
        # CatBoost's default treats it: smaller than any value; another treatment fails the check).
        answers = (x[:, self._features] > self._borders).astype(np.intp)
        leaf = answers[:, self._levels[0]]
        for level in range(1, len(self._levels)):
            leaf |= answers[:, self._levels[level]] << level
        return self.scale * np.take(self._leaves, leaf + self._first_leaf).sum(axis=1) + self.bias

    def predict_pd(self, X: np.ndarray) -> np.ndarray:
        """Each row's probability of default."""
        return 1 / (1 + np.exp(-self.log_odds(X)))

    def _agrees_with(self, model: Any, exported: dict[str, Any]) -> bool:
        floats = exported["features_info"]["float_features"]
        n_features = max((f["flat_feature_index"] for f in floats), default=-1) + 1
        if n_features != len(model.feature_names_):
            return False
        X = probe_rows(floats, n_features)
        expected = model.predict(X, prediction_type="Probability", thread_count=1)[:, 1]
        return bool(np.all(np.abs(self.predict_pd(X) - expected) <= TOLERANCE))


def probe_rows(floats: list[dict[str, Any]], n_features: int, n: int = 512, seed: int = 0) -> np.ndarray:
    """Rows whose every value is a border, just above or below one (in float32, and in float64
    only), between two, beyond all of them, or missing: where a comparison made otherwise than
    CatBoost's would show."""
    rng = np.random.default_rng(seed)
    X = np.zeros((n, n_features))
    for feature in floats:
        borders = np.array([b for b in feature["borders"] if abs(b) < 1e30], dtype=np.float64)
        if not len(borders):
            borders = np.zeros(1)
        values = np.concatenate(
            [
                borders,
                np.nextafter(borders.astype(np.float32), np.float32(np.inf)).astype(np.float64),
                np.nextafter(borders.astype(np.float32), np.float32(-np.inf)).astype(np.float64),
                np.nextafter(borders, np.inf),  # above the border in float64, on it in float32
                (borders[:-1] + borders[1:]) / 2,
                [borders.min() - 1, borders.max() + 1, np.nan],
            ]
        )
        X[:, feature["flat_feature_index"]] = rng.choice(values, size=n)
    return X
