import numpy as np
import pytest

from core.data.dataset import parse_applications
from core.data.demo import generate_applications
from core.modelling.features import SEGMENT_FEATURES
from core.modelling.training import fit_segment
from core.modelling.validation import evaluate, fingerprint, folds_of


@pytest.fixture(scope="module")
def frame():
    return parse_applications(generate_applications(3_000, seed=5), purpose="history")


def test_metrics_of_a_perfect_and_a_useless_score():
    y = np.array([0, 0, 1, 1])
    assert evaluate(y, np.array([0.1, 0.2, 0.8, 0.9])) | {"brier": 0} == {"auroc": 1, "pr_auc": 1, "ks": 1, "brier": 0}
    assert evaluate(y, np.array([0.5, 0.5, 0.5, 0.5]))["auroc"] == 0.5


def test_folds_are_the_same_for_every_model():
    y = np.array([0, 1] * 50)
    first, second = folds_of(y), folds_of(y)
    assert all((a[1] == b[1]).all() for a, b in zip(first, second, strict=True))


def test_fingerprint_ignores_row_order_but_not_values(frame):
    assert fingerprint(frame) == fingerprint(frame.sample(frac=1, random_state=1))
    changed = frame.copy()
    changed.loc[0, "income"] += 1
    assert fingerprint(changed) != fingerprint(frame)


@pytest.mark.parametrize("family", ["catboost", "xgboost", "lightgbm", "logreg", "hist_gb"])
def test_every_family_trains_with_a_threshold_and_metadata(frame, family):
    params = {"catboost": {"iterations": 50}, "xgboost": {"n_estimators": 50}, "lightgbm": {"n_estimators": 50}}
    _, meta, cv = fit_segment(
        frame, "existing", family=family, params=params.get(family), folds=3, target_bad_rate=0.08
    )
    assert meta.features == list(SEGMENT_FEATURES["existing"])
    assert 0.6 < meta.metrics["auroc"] < 0.9
    assert meta.metrics["approved_bad_rate"] <= 0.08
    assert 0 < meta.threshold < 1
    assert len(meta.reference) == len(meta.features)
    assert 0 < meta.metrics["auroc_sd"] < 0.1 and 0 < meta.metrics["pr_auc_sd"] < 0.1
    assert 0.5 < meta.metrics["oot_auroc"] < 0.95 and meta.extra["oot_month"] == "2014-04-01"
    assert not np.isnan(cv.oof).any()
