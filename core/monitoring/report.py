"""The portfolio report: per segment and period (week or month), volumes and decision rates, mean
PD, population stability of the score and of every model input against the champion's training
data, realised performance where outcomes exist and the estimate from PDs where they do not.

`monitor` runs a handful of grouped queries (one scan for volumes and every input's bin counts,
then realised and estimated performance); only per-period numbers leave the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Float, case, cast, func, select
from sqlalchemy.orm import Session

from core.data.decision_inputs import refresh_inputs
from core.data.orm import DecisionInput
from core.modelling.registry import ModelStore
from core.monitoring import performance
from core.monitoring.periods import By, instant, period_of, period_starts
from core.monitoring.reference import Bins, Reference, reference
from core.monitoring.stability import psi

SCORE = "score"


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


def scope(segment: str, first: date, last: date) -> list:
    """The WHERE clause of a segment's decisions made from `first` to `last` (whole UTC days)."""
    return [
        DecisionInput.segment == segment,
        DecisionInput.created_at >= instant(first),
        DecisionInput.created_at < instant(last + timedelta(days=1)),
    ]


def monitor(
    *, session: Session, store: ModelStore, segment: str, first: date, last: date, by: By = "month"
) -> Monitoring:
    """The report of a segment from `first` to `last`, by week or month (the caller commits: the
    decisions' inputs are brought up to date first)."""
    refresh_inputs(session=session)
    starts = period_starts(first, last, by)
    period = period_of(DecisionInput.created_at, starts, by)
    where = scope(segment, first, last)
    version = store.champion_version(segment)
    ref = reference(store, segment, version, session=session) if version else None
    reports = _profile(session, period, where, starts, segment, ref)
    for i, figures in performance.realised(period, where, session).items():
        for name, value in figures.items():
            setattr(reports[i], name, value)
    for i, value in performance.estimated(period, where, session).items():
        reports[i].estimated_auroc = value
    calibration = performance.calibration(_bin_of(DecisionInput.pd, ref.score), where, session) if ref else []
    return Monitoring(segment, by, ref, [r for r in reports if r.n], calibration)


def _bin_of(column: Any, bins: Bins) -> Any:
    """A SQL expression: the bin index of each row's value (the last index for a missing one)."""
    whens = [(column.is_(None), len(bins.edges) + 1)]
    whens += [(column < edge, i) for i, edge in enumerate(bins.edges)]
    return case(*whens, else_=len(bins.edges))


def _columns(ref: Reference | None) -> dict[str, tuple[Any, Bins]]:
    if ref is None:
        return {}
    columns = {name: (getattr(DecisionInput, name), bins) for name, bins in ref.inputs.items()}
    return columns | {SCORE: (DecisionInput.pd, ref.score)}


def _profile(
    session: Session, period: Any, where: list, starts: list[date], segment: str, ref: Reference | None
) -> list[PeriodReport]:
    approved = DecisionInput.decision == "premium"
    aggregates = [
        func.count().label("n"),
        func.sum(case((approved, 1), else_=0)).label("approved"),
        func.sum(case((DecisionInput.decision == "referred", 1), else_=0)).label("referred"),
        func.sum(case((DecisionInput.knocked_out, 1), else_=0)).label("knocked"),
        func.sum(DecisionInput.pd).label("pd_sum"),
        cast(func.sum(case((approved, DecisionInput.pd), else_=0.0)), Float).label("approved_pd"),
    ]
    columns = _columns(ref)
    for name, (column, bins) in columns.items():
        aggregates.append(func.count(column).label(f"{name}__n"))
        aggregates += [func.sum(case((column < e, 1), else_=0)).label(f"{name}__{i}") for i, e in enumerate(bins.edges)]
    rows = {
        row.p: row._mapping
        for row in session.execute(select(period.label("p"), *aggregates).where(*where).group_by(period))
    }
    reports = []
    for i, start in enumerate(starts):
        row = rows.get(i)
        report = PeriodReport(start, segment, int(row["n"]) if row else 0)
        if row:
            n = report.n
            report.approval_rate, report.refer_rate = row["approved"] / n, row["referred"] / n
            report.knockout_rate, report.mean_pd = row["knocked"] / n, row["pd_sum"] / n
            report.estimated_bad_rate = row["approved_pd"] / row["approved"] if row["approved"] else None
            for name, (_, bins) in columns.items():
                counts = _bin_counts(row, name, len(bins.edges), n)
                report.psi[name] = psi(bins.shares, counts)
                report.distributions[name] = (counts / n).tolist()
        reports.append(report)
    return reports


def _bin_counts(row: Any, name: str, k: int, n: int) -> np.ndarray:
    below = np.array([row[f"{name}__{i}"] for i in range(k)] + [row[f"{name}__n"]], dtype=float)
    return np.append(np.diff(below, prepend=0.0), n - row[f"{name}__n"])
