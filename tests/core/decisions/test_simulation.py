"""Simulation on a synthetic history whose outcomes are known: every figure equals a direct
count, the swap set adds up, and the cut-off's three forms agree with each other."""

import numpy as np
import pandas as pd
import pytest

from core.decisions.cutoffs import cutoff_pd, measure
from core.decisions.policy_defaults import initial_body
from core.decisions.policy_rules import MinIncome, Texts
from core.decisions.simulation import compare, strategy_curve

LGD = 0.45


@pytest.fixture
def history() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 20_000
    pd_ = rng.beta(2, 14, n)
    return pd.DataFrame(
        {
            "pd": pd_,
            "default": (rng.random(n) < pd_).astype(int),  # outcomes drawn from the PDs: known truth
            "age": rng.integers(18, 80, n),
            "income": rng.integers(5_000, 150_000, n),
            "decline_app_cnt": rng.integers(0, 5, n),
            "bki_request_cnt": rng.integers(0, 15, n),
        }
    )


def rules(refer_band: float = 0.0, min_income: int | None = None):
    segment = initial_body(0.08).segments["new"]
    knockouts = list(segment.knockout_rules)
    if min_income is not None:
        knockouts.append(MinIncome(amount=min_income, text=Texts(en="Income {amount}.", ru="Доход {amount}.")))
    return segment.model_copy(update={"refer_band": refer_band, "knockout_rules": knockouts})


def test_rates_bad_rate_and_expected_loss_equal_a_direct_count(history):
    active, proposed = rules(), rules(refer_band=0.02, min_income=20_000)
    result = compare(history, (active, 0.12), (proposed, 0.10), lgd=LGD)

    age_ok = history["age"].between(21, 72)
    approved = age_ok & (history["pd"] < 0.10) & (history["income"] >= 20_000)
    referred = age_ok & (history["income"] >= 20_000) & (history["pd"] >= 0.10) & (history["pd"] < 0.12)
    p = result.proposed
    assert p.approval_rate == pytest.approx(approved.mean())
    assert p.refer_rate == pytest.approx(referred.mean())
    assert p.knockout_rate == pytest.approx((~age_ok | (history["income"] < 20_000)).mean())
    assert p.bad_rate == pytest.approx(history.loc[approved, "default"].mean())

    limits = proposed.offer.premium_limit(history["pd"].to_numpy(), history["income"].to_numpy())
    expected = (limits * history["pd"] * LGD)[approved].sum()
    assert p.expected_loss == pytest.approx(expected)
    assert result.active.approval_rate == pytest.approx((age_ok & (history["pd"] < 0.12)).mean())


def test_the_swap_set_adds_up(history):
    result = compare(history, (rules(), 0.12), (rules(min_income=20_000), 0.10), lgd=LGD)
    s, n = result.swap, len(history)
    assert s.kept + s.swapped_out + s.swapped_in + s.declined_by_both == n
    assert s.kept + s.swapped_out == round(result.active.approval_rate * n)
    assert s.kept + s.swapped_in == round(result.proposed.approval_rate * n)
    assert s.swapped_in == 0  # a lower cut-off and an extra rule approve nobody new
    age_ok = history["age"].between(21, 72)
    out = age_ok & (history["pd"] < 0.12) & ~((history["pd"] < 0.10) & (history["income"] >= 20_000))
    assert s.swapped_out == out.sum()
    assert s.swapped_out_bad_rate == pytest.approx(history.loc[out, "default"].mean())


def test_live_applications_have_rates_but_no_bad_rate(history):
    live = history.drop(columns="default")
    result = compare(live, (rules(), 0.12), (rules(), 0.10), lgd=LGD)
    assert result.proposed.bad_rate is None and result.swap.swapped_out_bad_rate is None
    assert result.proposed.approval_rate < result.active.approval_rate


def test_the_three_forms_of_a_cut_off_agree(history):
    y, p = history["default"].to_numpy(), history["pd"].to_numpy()
    by_bad_rate = cutoff_pd("target_bad_rate", 0.06, y, p)
    approval, bad = measure(by_bad_rate, y, p)
    assert bad <= 0.06
    assert cutoff_pd("approval_rate", approval, y, p) == pytest.approx(by_bad_rate, abs=1e-3)
    assert measure(cutoff_pd("approval_rate", 0.4, y, p), y, p)[0] == pytest.approx(0.4, abs=1 / len(y))
    assert cutoff_pd("pd", 0.1, y, p) == 0.1


def test_the_strategy_curve_passes_through_the_policy_point(history):
    curve = strategy_curve(rules(), history)
    assert len(curve) <= 300 and curve["approval_rate"].is_monotonic_increasing
    eligible = history[history["age"].between(21, 72)]
    assert curve["approval_rate"].iloc[-1] == pytest.approx(len(eligible) / len(history))
    assert curve["bad_rate"].iloc[-1] == pytest.approx(eligible["default"].mean())
    point = compare(history, (rules(), 0.1), (rules(), 0.1), lgd=LGD).proposed
    nearest = curve.iloc[(curve["approval_rate"] - point.approval_rate).abs().argmin()]
    assert nearest["bad_rate"] == pytest.approx(point.bad_rate, abs=0.005)
