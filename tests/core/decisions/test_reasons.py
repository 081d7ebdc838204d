import numpy as np

from core.decisions.policy import ALTERNATIVE, PREMIUM
from core.decisions.reasons import OVERALL, contributions, top_reason_codes, top_reasons


class Linear:
    """PD = sigmoid(w . x): the contribution of feature j against reference r is exactly w_j (x_j - r_j)."""

    def __init__(self, w):
        self.w = np.asarray(w, dtype=float)

    def predict_pd(self, X):
        return 1 / (1 + np.exp(-(X @ self.w)))


def test_contributions_of_a_linear_model_are_its_terms():
    X = np.array([[1.0, 2.0, 0.0]])
    pd_, c = contributions(Linear([0.5, -1.0, 3.0]), X, reference=np.array([0.0, 1.0, 0.0]))
    np.testing.assert_allclose(c[0], [0.5, -1.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(pd_, 1 / (1 + np.exp(1.5)))  # sigmoid(0.5 - 2 + 0)


def test_contributions_of_a_batch_are_each_row_s_terms():
    # Rows with no, some and every cell at the typical value: each row's own terms, in its own row
    # (whole-number answers against a typical value that is not one).
    w, reference = np.array([0.5, -1.0, 3.0, 2.0]), np.array([0.5, 1.0, 0.0, 1.0])
    X = np.array([[0, 1, 0, 1], [1, 2, 0, 1], [2, 1, 1, 3], [0, 0, 2, 1]])
    pd_, c = contributions(Linear(w), X, reference=reference)
    np.testing.assert_allclose(c, w * (X - reference), atol=1e-9)
    np.testing.assert_allclose(pd_, 1 / (1 + np.exp(-(X @ w))))


def test_decline_is_explained_by_what_raised_the_risk():
    reasons = top_reasons(
        np.array([0.5, -1.0, 0.2, 0.0]), ["income", "age", "score_bki", "car"], [1, 2, 3, 4], ALTERNATIVE
    )
    assert [r["code"] for r in reasons] == ["income", "score_bki"]
    assert all(r["direction"] == "up" for r in reasons)
    assert [r["value"] for r in reasons] == [1, 3]


def test_a_decline_gets_at_most_four_reasons():
    c = np.array([0.6, 0.5, 0.4, 0.3, 0.2, -0.1])
    names = ["income", "age", "car", "education", "good_work", "car_type"]
    reasons = top_reasons(c, names, [0] * 6, ALTERNATIVE)
    assert [r["code"] for r in reasons] == ["income", "age", "car", "education"]


def test_a_decline_gets_at_least_two_reasons_small_ones_or_the_overall_assessment():
    names = ["income", "age", "car"]
    small = top_reasons(np.array([0.5, 0.004, -0.3]), names, [0] * 3, ALTERNATIVE)
    assert [r["code"] for r in small] == ["income", "age"]  # below the usual floor, but it did raise the risk
    alone = top_reasons(np.array([0.5, -0.2, -0.3]), names, [0] * 3, ALTERNATIVE)
    assert [r["code"] for r in alone] == ["income", OVERALL]


def test_reasons_carry_the_words_they_need():
    reasons = top_reasons(
        np.array([0.5]), ["region_rating"], [40], ALTERNATIVE, params={"region_rating": {"region": "Тыва"}}
    )
    assert reasons[0]["params"] == {"region": "Тыва"}


def test_approval_is_explained_by_what_lowered_the_risk():
    reasons = top_reasons(np.array([0.5, -1.0, 0.2, 0.0]), ["income", "age", "score_bki", "car"], [1, 2, 3, 4], PREMIUM)
    assert [r["code"] for r in reasons] == ["age"]


def test_batch_codes_match_single_reasons():
    c = np.array([[0.5, -1.0, 0.2], [0.5, -1.0, 0.2], [0.0, 0.0, 0.0]])
    codes = top_reason_codes(c, ["income", "age", "score_bki"], premium=np.array([False, True, False]))
    assert codes.tolist() == ["income+; score_bki+", "age-", ""]  # + raised the PD, - lowered it
