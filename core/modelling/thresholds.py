"""Choosing a PD cut-off from out-of-fold predictions.

Business rule: the premium card goes to applicants whose PD is below a cut-off, and the
cut-off is the highest one at which the approved book's default rate, on out-of-fold
predictions of the training data, stays at or below `target_bad_rate` (8 % by default,
against about 12.7 % for all applicants). The bank thereby approves as many applicants as it
can while holding the premium book's expected losses to a set level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ThresholdChoice:
    """A chosen cut-off with what it means on the training data."""

    threshold: float
    approval_rate: float
    bad_rate: float
    target_bad_rate: float


def choose_threshold(y: np.ndarray, pd_: np.ndarray, target_bad_rate: float) -> ThresholdChoice:
    """The highest PD cut-off whose approved share (PD < cut-off) defaults at most `target_bad_rate`."""
    order = np.argsort(pd_, kind="stable")
    sorted_pd, sorted_y = pd_[order], np.asarray(y, dtype=float)[order]
    bad_rate = np.cumsum(sorted_y) / np.arange(1, len(sorted_y) + 1)
    # A cut-off can only fall between distinct PDs, so consider the last row of each tie.
    last_of_tie = np.append(sorted_pd[1:] != sorted_pd[:-1], True)
    ok = np.flatnonzero((bad_rate <= target_bad_rate) & last_of_tie)
    if not len(ok):
        return ThresholdChoice(float(sorted_pd[0]), 0.0, 0.0, target_bad_rate)
    k = ok[-1]
    # Approve PD < threshold: put the threshold just above the k-th PD (midway to the next one).
    last = k + 1 == len(sorted_pd)
    threshold = float(np.nextafter(sorted_pd[k], 1.0) if last else (sorted_pd[k] + sorted_pd[k + 1]) / 2)
    return ThresholdChoice(threshold, float((k + 1) / len(sorted_pd)), float(bad_rate[k]), target_bad_rate)
