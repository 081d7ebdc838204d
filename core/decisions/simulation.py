"""What a policy would do, before it decides anything: its outcomes on a book of applications.

Everything here is vectorised arithmetic on frames (`core.decisions.simulation_data` loads
them): the labelled history, where each row has the champion's out-of-fold PD and the
observed outcome, and recent live applications, which have a PD and no outcome yet.

- Rates are shares of all rows: approved (Premium card), referred (refer band), knocked out.
- The bad rate is the observed default rate of the approved rows (labelled history only).
- Expected loss of the approved book = sum over approved rows of limit x PD x LGD, with each
  row's Premium limit from the policy's matrix and a loss-given-default setting
  (`LOSS_GIVEN_DEFAULT`, 45 % by default: the Basel foundation value for senior unsecured
  exposures).
- The swap set compares two policies row by row: kept (approved by both), swapped out
  (approved now, not under the proposal), swapped in (the reverse) and declined by both;
  "declined" is anything but approved (Starter card, referred or knocked out).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.decisions import policy
from core.decisions.policy_rules import SegmentPolicy

CURVE_POINTS = 300


@dataclass(frozen=True)
class Outcomes:
    """What one policy does to each row of a book."""

    decision: np.ndarray  # policy.PREMIUM / REFERRED / ALTERNATIVE
    knocked: np.ndarray
    limit: np.ndarray  # the Premium limit of approved rows, 0 elsewhere

    @property
    def approved(self) -> np.ndarray:
        """Rows that get the Premium card."""
        return self.decision == policy.PREMIUM


@dataclass(frozen=True)
class BookStats:
    """One policy's figures on one book."""

    cutoff: float
    rows: int
    approval_rate: float
    refer_rate: float
    knockout_rate: float
    bad_rate: float | None  # None on live applications (no outcomes yet)
    expected_loss: float  # roubles, over the rows of the book
    approved_limits: float  # roubles: the approved book's total credit limit


@dataclass(frozen=True)
class Swap:
    """Rows by (active, proposed) outcome; bad rates where outcomes are known."""

    kept: int
    swapped_out: int
    swapped_in: int
    declined_by_both: int
    swapped_out_bad_rate: float | None
    swapped_in_bad_rate: float | None


@dataclass(frozen=True)
class BookComparison:
    """Active against proposed on one book."""

    active: BookStats
    proposed: BookStats
    swap: Swap


def outcomes(rules: SegmentPolicy, cutoff: float, book: pd.DataFrame) -> Outcomes:
    """Each row's outcome under `rules` with PD cut-off `cutoff` (book: pd, age, income, ...)."""
    pd_ = book["pd"].to_numpy(dtype=float)
    knocked = rules.knocked_out(book)
    decision = policy.decide(pd_, cutoff, knocked, rules.refer_band)
    approved = decision == policy.PREMIUM
    limit = np.where(approved, rules.offer.premium_limit(pd_, book["income"].to_numpy(dtype=float)), 0)
    return Outcomes(decision, knocked, limit)


def book_stats(result: Outcomes, cutoff: float, book: pd.DataFrame, lgd: float) -> BookStats:
    """One policy's rates, bad rate and expected loss on a book."""
    n = max(len(book), 1)
    approved = result.approved
    pd_ = book["pd"].to_numpy(dtype=float)
    bad = None
    if "default" in book:
        bad = float(book["default"].to_numpy(dtype=float)[approved].mean()) if approved.any() else 0.0
    return BookStats(
        cutoff=float(cutoff),
        rows=len(book),
        approval_rate=float(approved.sum() / n),
        refer_rate=float((result.decision == policy.REFERRED).sum() / n),
        knockout_rate=float(result.knocked.sum() / n),
        bad_rate=bad,
        expected_loss=float((result.limit * pd_).sum() * lgd),
        approved_limits=float(result.limit.sum()),
    )


def swap_set(active: Outcomes, proposed: Outcomes, book: pd.DataFrame) -> Swap:
    """Who moves between approved and declined when the proposal replaces the active policy."""
    a, p = active.approved, proposed.approved
    out, into = a & ~p, ~a & p
    y = book["default"].to_numpy(dtype=float) if "default" in book else None

    def bad(rows: np.ndarray) -> float | None:
        return None if y is None or not rows.any() else float(y[rows].mean())

    return Swap(
        kept=int((a & p).sum()),
        swapped_out=int(out.sum()),
        swapped_in=int(into.sum()),
        declined_by_both=int((~a & ~p).sum()),
        swapped_out_bad_rate=bad(out),
        swapped_in_bad_rate=bad(into),
    )


def compare(
    book: pd.DataFrame,
    active: tuple[SegmentPolicy, float],
    proposed: tuple[SegmentPolicy, float],
    *,
    lgd: float,
) -> BookComparison:
    """The active and the proposed policy (rules, PD cut-off) side by side on one book."""
    now, then = outcomes(*active, book), outcomes(*proposed, book)
    return BookComparison(
        active=book_stats(now, active[1], book, lgd),
        proposed=book_stats(then, proposed[1], book, lgd),
        swap=swap_set(now, then, book),
    )


def strategy_curve(rules: SegmentPolicy, book: pd.DataFrame, points: int = CURVE_POINTS) -> pd.DataFrame:
    """Approval rate against the approved book's bad rate over every PD cut-off, with the
    rules' knock-outs applied (labelled history). At most `points` rows, evenly spread."""
    eligible = ~rules.knocked_out(book)
    pd_ = book["pd"].to_numpy(dtype=float)[eligible]
    y = book["default"].to_numpy(dtype=float)[eligible]
    order = np.argsort(pd_, kind="stable")
    bad = np.cumsum(y[order]) / np.arange(1, len(order) + 1)
    keep = np.unique(np.linspace(0, len(order) - 1, min(points, len(order))).astype(int))
    return pd.DataFrame(
        {
            "cutoff": pd_[order][keep],
            "approval_rate": (keep + 1) / max(len(book), 1),
            "bad_rate": bad[keep],
        }
    )


def as_json(comparison: BookComparison) -> dict[str, Any]:
    """A comparison as plain data (the command line's --json)."""
    return asdict(comparison)
