"""PSI and its bands, and reference bins."""

import numpy as np
import pytest

from core.monitoring.periods import period_starts
from core.monitoring.reference import bin_counts, fit_bins
from core.monitoring.stability import band, psi


def test_the_same_distribution_is_stable():
    assert psi([0.2, 0.3, 0.5], [20, 30, 50]) == pytest.approx(0.0)
    assert band(0.0) == "stable"


def test_psi_follows_its_formula():
    expected, actual = np.array([0.5, 0.5]), np.array([0.8, 0.2])
    assert psi(expected, actual * 100) == pytest.approx(np.sum((actual - expected) * np.log(actual / expected)))


def test_bands_at_their_edges():
    assert [band(v) for v in (0.099, 0.1, 0.25, 0.251, None)] == ["stable", "watch", "watch", "act", "none"]


def test_an_empty_period_has_no_psi():
    assert psi([0.5, 0.5], [0, 0]) is None


def test_few_values_get_a_bin_each_and_missing_values_their_own():
    bins = fit_bins(np.array([1, 2, 2, 3, np.nan]))
    assert bins.labels == ["1", "2", "3", "—"]
    assert bins.shares == pytest.approx([0.2, 0.4, 0.2, 0.2])
    assert bin_counts(np.array([0.0, 1.0, 2.9, 3.0, 7.0, np.nan]), bins.edges).tolist() == [2, 0, 3, 1]


def test_many_values_get_deciles():
    bins = fit_bins(np.random.default_rng(0).normal(size=10_000))
    assert len(bins.shares) == 11  # ten deciles and the missing bin
    assert bins.shares[:10] == pytest.approx([0.1] * 10, abs=1e-3)


def test_weeks_start_on_monday_and_months_on_the_first():
    from datetime import date

    assert period_starts(date(2026, 3, 4), date(2026, 3, 17), "week") == [
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
    ]
    assert period_starts(date(2025, 12, 30), date(2026, 2, 1), "month") == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
