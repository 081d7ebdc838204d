"""The portfolio report: per segment and period (week or month), volumes and decision rates, mean
PD, population stability of the score and of every model input against the champion's training
data, realised performance where outcomes exist and the estimate from PDs where they do not.

`monitor` adds up the segment's daily summaries (`daily`: only the days that changed are summed
again) and ranks the decisions with outcomes for the realised AUROC; only per-day and per-period
numbers leave the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from core.modelling.registry import ModelStore
from core.monitoring import daily, performance, ranks
from core.monitoring.periods import By, clipped, next_start, period_starts
from core.monitoring.reference import Reference
from core.monitoring.stability import psi
from core.monitoring.tallies import SCORE


@dataclass
class PeriodReport:
    """One period of one segment. Rates are shares of the period's decisions; `bad_rate` is the
    realised default rate of the approved, `estimated_bad_rate` their mean PD."""

    period: date
    segment: str
    n: int
    approval_rate: float | None = None
    refer_rate: float | None = None
    knockout_rate: float | None = None
    mean_pd: float | None = None
    psi: dict[str, float | None] = field(default_factory=dict)
    estimated_auroc: float | None = None
    estimated_bad_rate: float | None = None
    n_outcomes: int = 0
    n_approved_outcomes: int = 0
    auroc: float | None = None
    ks: float | None = None
    bad_rate: float | None = None
    observed_rate: float | None = None
    mean_pd_outcomes: float | None = None
    distributions: dict[str, list[float]] = field(default_factory=dict)  # bin shares, as the reference's

    def as_json(self) -> dict[str, Any]:
        """The period as `python -m core monitor --json` prints it."""
        out: dict[str, Any] = {
            "period": self.period.isoformat(),
            "segment": self.segment,
            "n": self.n,
            "approval_rate": self.approval_rate,
            "refer_rate": self.refer_rate,
            "knockout_rate": self.knockout_rate,
            "mean_pd": self.mean_pd,
            "psi": self.psi,
            "estimated_auroc": self.estimated_auroc,
            "estimated_bad_rate": self.estimated_bad_rate,
        }
        if self.n_outcomes:
            out |= {"n_outcomes": self.n_outcomes, "auroc": self.auroc, "ks": self.ks, "bad_rate": self.bad_rate}
            out |= {"observed_rate": self.observed_rate, "mean_pd_outcomes": self.mean_pd_outcomes}
        return out


@dataclass(frozen=True)
class Monitoring:
    """The report: the reference it was judged against, one entry per period, and calibration."""

    segment: str
    by: By
    reference: Reference | None
    periods: list[PeriodReport]
    calibration: list[dict[str, float]]


def monitor(
    *, session: Session, store: ModelStore, segment: str, first: date, last: date, by: By = "month"
) -> Monitoring:
    """The report of a segment from `first` to `last`, by week or month (the caller commits: the
    decisions' inputs and the daily summaries are brought up to date first)."""
    days = daily.prepare(session=session, store=store, segment=segment, first=first, last=last)
    starts = period_starts(first, last, by)
    reports = [_period(days, start, next_start(start, by), segment) for start in starts]
    ranked = ranks.ranked(session=session, segment=segment, kind="champion", ranges=clipped(starts, by, first, last))
    for report, groups in zip(reports, ranked, strict=True):
        if groups:
            report.auroc, report.ks = groups[0]["auroc"], groups[0]["ks"]
    calibration = performance.calibration(days.between(first, last + timedelta(days=1))) if days.reference else []
    return Monitoring(segment, by, days.reference, [r for r in reports if r.n], calibration)


def _period(days: daily.Days, start: date, stop: date, segment: str) -> PeriodReport:
    """One period's report from its summed days."""
    t = days.between(start, stop)
    report = PeriodReport(start, segment, int(t.get("n", 0)))
    n = report.n
    if not n:
        return report
    report.approval_rate, report.refer_rate = t["approved"] / n, t["referred"] / n
    report.knockout_rate, report.mean_pd = t["knocked"] / n, t["pd_sum"] / n
    report.estimated_bad_rate = t["approved_pd"] / t["approved"] if t["approved"] else None
    report.estimated_auroc = performance.estimated(t)
    ref = days.reference
    columns = {} if ref is None else ref.inputs | {SCORE: ref.score}
    for name, bins in columns.items():
        below = t["below"][name]
        counts = np.append(np.diff(np.array(below, dtype=float), prepend=0.0), n - below[-1])
        report.psi[name] = psi(bins.shares, counts)
        report.distributions[name] = (counts / n).tolist()
    for name, value in performance.realised(t).items():
        setattr(report, name, value)
    return report
