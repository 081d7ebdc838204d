import numpy as np

from core.decisions.policy import ALTERNATIVE, PREMIUM
from core.decisions.reasons import applicant_reasons, contributions, top_reason_codes, top_reasons


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


def test_decline_is_explained_by_what_raised_the_risk():
    reasons = top_reasons(
        np.array([0.5, -1.0, 0.2, 0.0]), ["income", "age", "score_bki", "car"], [1, 2, 3, 4], ALTERNATIVE
    )
    assert [r["code"] for r in reasons] == ["income", "score_bki"]
    assert all(r["direction"] == "up" for r in reasons)


def test_approval_is_explained_by_what_lowered_the_risk():
    reasons = top_reasons(np.array([0.5, -1.0, 0.2, 0.0]), ["income", "age", "score_bki", "car"], [1, 2, 3, 4], PREMIUM)
    assert [r["code"] for r in reasons] == ["age"]


def test_batch_codes_match_single_reasons():
    c = np.array([[0.5, -1.0, 0.2], [0.5, -1.0, 0.2], [0.0, 0.0, 0.0]])
    codes = top_reason_codes(c, ["income", "age", "score_bki"], premium=np.array([False, True, False]))
    assert codes.tolist() == ["income+; score_bki+", "age-", ""]  # + raised the PD, - lowered it


def test_applicant_never_hears_of_bank_data():
    reasons = [
        {"code": "score_bki", "direction": "up"},
        {"code": "income", "direction": "up"},
    ]
    assert applicant_reasons(reasons, "en") == ["Your monthly income."]
    assert applicant_reasons(reasons[:1], "ru") == ["Общая оценка заявки."]
