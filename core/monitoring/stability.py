"""Population stability: how far a period's distribution has moved from the reference.

PSI = sum over bins of (actual - expected) * ln(actual / expected), shares of rows per bin. The
usual bands: below 0.1 stable, 0.1 to 0.25 watch, above 0.25 act. Written by hand: it is one
line of numpy over counts the database returns, and the libraries that offer it want every row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

WATCH, ACT = 0.1, 0.25
# An empty bin would make PSI infinite; the customary floor is a share of 0.0001.
_FLOOR = 1e-4


def psi(expected: Sequence[float], counts: Sequence[float] | np.ndarray) -> float | None:
    """PSI of a period's counts per bin against the reference's shares; None for an empty period."""
    actual = np.asarray(counts, dtype=float)
    if actual.sum() <= 0:
        return None
    a = np.maximum(actual / actual.sum(), _FLOOR)
    e = np.maximum(np.asarray(expected, dtype=float), _FLOOR)
    return float(np.sum((a - e) * np.log(a / e)))


def band(value: float | None) -> str:
    """`stable`, `watch` or `act` (or `none` when there is nothing to judge)."""
    if value is None:
        return "none"
    return "act" if value > ACT else "watch" if value >= WATCH else "stable"
