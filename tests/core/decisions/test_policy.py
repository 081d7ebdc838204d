import numpy as np
import pytest

from core.decisions.policy import ALTERNATIVE, PREMIUM, decide, knockouts
from core.modelling.thresholds import choose_threshold


def test_threshold_approves_the_most_while_holding_the_bad_rate():
    pd_ = np.array([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10])
    y = np.array([0, 0, 0, 0, 1, 0, 0, 1, 1, 1])
    choice = choose_threshold(y, pd_, target_bad_rate=0.15)
    # The best five hold one default (20 %): too many; the best four hold none, six hold one (16.7 %), seven 14.3 %.
    assert choice.approval_rate == pytest.approx(0.7)
    assert choice.bad_rate == pytest.approx(1 / 7)
    assert 0.07 < choice.threshold <= 0.08
    assert (pd_ < choice.threshold).sum() == 7


def test_threshold_never_splits_tied_scores():
    pd_ = np.array([0.1, 0.1, 0.1, 0.2])
    y = np.array([0, 0, 1, 0])
    choice = choose_threshold(y, pd_, target_bad_rate=0.2)
    assert choice.approval_rate == 0.0  # approving the tie would mean 33 % bad


def test_knockout_overrides_a_low_pd():
    assert decide(0.01, 0.1, knocked=True) == ALTERNATIVE
    assert decide(0.01, 0.1, knocked=False) == PREMIUM
    assert decide(0.2, 0.1, knocked=False) == ALTERNATIVE


@pytest.mark.parametrize(("age", "hit"), [(20, True), (21, False), (72, False), (73, True)])
def test_age_limits(age, hit):
    assert bool(knockouts({"age": age})) is hit
