"""What one day of a segment's decisions adds up to, in SQL grouped by UTC day: the counts and sums
the report, the challenger comparison and the live fairness report need, as a plain dict per day
(`daily` stores it, and adds the days of a period together).

Each figure is what the direct query over the period computed, only grouped by day first: counts
below each bin edge, PD sums, the estimate's PD buckets, the shadow score's sums, per age band
the approvals at the cut-offs tried. Adding days gives the period's figures (integers exactly,
float sums to rounding).

Two parts: what the decisions alone give (`tally_days`, over `decision_inputs`), and what their
outcomes give (`label_days`, over the narrow copy of the decisions with outcomes,
`monitoring_labels`), so that outcomes arriving for a day re-sum only the second. Adding a day's
two parts gives its figures: per age band both give the same list, each its own figures and
zeros for the other's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, case, cast, func, literal, select
from sqlalchemy.orm import Session

from core.data.decision_inputs import day_of
from core.data.orm import DecisionInput, MonitoringLabel, Outcome, ShadowScore
from core.monitoring.reference import Bins, Reference

AGE_BANDS = (18, 25, 35, 45, 55, 65, 200)
CUTOFF_STEPS = (0.8, 0.9, 1.0, 1.1, 1.2)  # cut-offs tried, as multiples of the active one
PD_BUCKETS = 10_000  # the estimate groups PDs to 1/10,000: ties within a bucket count half
SCORE = "score"
NO_BAND = -1  # an age outside the bands, or none
APPROVED = "premium"  # the decision that approves
# The figures of a day's decisions that do not depend on the champion's bins and cut-off.
BASIS_FREE = ("n", "approved", "referred", "knocked", "pd_sum", "approved_pd", "estimate", "shadow")


def bin_of(column: Any, bins: Bins) -> Any:
    """A SQL expression: the bin index of each row's value (the last index for a missing one)."""
    whens = [(column.is_(None), len(bins.edges) + 1)]
    whens += [(column < edge, i) for i, edge in enumerate(bins.edges)]
    return case(*whens, else_=len(bins.edges))


def band_of(age: Any) -> Any:
    """A SQL expression: the index of the age band of each row (`NO_BAND` outside them)."""
    whens = [(age.is_(None), NO_BAND), (age < AGE_BANDS[0], NO_BAND)]
    whens += [(age < upper, i) for i, upper in enumerate(AGE_BANDS[1:])]
    return case(*whens, else_=NO_BAND)


def tally_days(
    session: Session, where: list, ref: Reference | None, threshold: float | None, *, basis_only: bool = False
) -> dict[date, dict[str, Any]]:
    """Every figure the decisions in `where` give by themselves, per UTC day that has any; with
    `basis_only`, only those that depend on the reference bins and cut-off (the bins, the age
    bands), for a caller that has the others (`BASIS_FREE`) from another basis's summary."""
    day = day_of(DecisionInput.created_at, session).label("day")
    days: dict[date, dict[str, Any]] = defaultdict(dict)
    counts = ("n", "approved", "referred", "knocked", "pd_sum", "approved_pd")
    if _columns(ref) or not basis_only:
        for row in session.execute(_profile(day, ref, counts=not basis_only).where(*where).group_by(day)):
            m = row._mapping
            days[row.day] |= {} if basis_only else {k: m[k] or 0 for k in counts}
            days[row.day]["below"] = {
                name: [m[f"{name}__{i}"] for i in range(len(bins.edges))] + [m[f"{name}__n"]]
                for name, (_, bins) in _columns(ref).items()
            }
    if not basis_only:
        bucket = cast(DecisionInput.pd * PD_BUCKETS, Integer).label("b")
        estimate = select(
            day, bucket, cast(func.sum(DecisionInput.pd), Float), cast(func.sum(1 - DecisionInput.pd), Float)
        )
        for d, b, bad, good in session.execute(estimate.where(*where).group_by(day, bucket)):
            days[d].setdefault("estimate", {})[str(b)] = [bad, good]
        _shadow(session, day, where, days)
    if threshold is not None:
        _bands(session, day, where, threshold, days, outcomes=False)
    return dict(days)


def label_days(
    session: Session, where: list, ref: Reference | None, threshold: float | None
) -> dict[date, dict[str, Any]]:
    """Every figure the outcomes of the decisions in `where` (over `monitoring_labels`) give, per
    UTC day that has any: decisions with outcomes, their defaults, per score bin (calibration),
    and per age band (known outcomes and defaults, in the places of the band's list they fill)."""
    days: dict[date, dict[str, Any]] = defaultdict(dict)
    label = MonitoringLabel
    bad = case((label.bad, 1), else_=0)
    score_bin = (bin_of(label.pd, ref.score) if ref else literal(0)).label("b")
    query = (
        select(
            label.day,
            score_bin,
            func.count().label("n"),
            cast(func.sum(bad), Float).label("bads"),
            func.sum(label.pd).label("pd_sum"),
            _count(label.approved).label("approved"),
            cast(func.sum(case((label.approved, bad), else_=0)), Float).label("approved_bads"),
        )
        .where(*where)
        .group_by(label.day, score_bin)
    )
    for row in session.execute(query):
        totals = days[row.day].setdefault("outcomes", {"n": 0, "bads": 0.0, "pd_sum": 0.0, "approved": 0})
        totals.setdefault("approved_bads", 0.0)
        for name in ("n", "bads", "pd_sum", "approved", "approved_bads"):
            totals[name] += getattr(row, name) or 0
        if ref is not None:
            days[row.day].setdefault("calibration", {})[str(row.b)] = [row.n, row.pd_sum, row.bads]
    if threshold is not None:
        band = band_of(label.age).label("band")
        bands = select(label.day, band, func.count(), _count(label.bad)).where(*where).group_by(label.day, band)
        for d, b, known, bads in session.execute(bands):
            days[d].setdefault("bands", {})[str(b)] = [0, 0.0, known, bads, *(0 for _ in CUTOFF_STEPS)]
    return dict(days)


def _columns(ref: Reference | None) -> dict[str, tuple[Any, Bins]]:
    if ref is None:
        return {}
    columns = {name: (getattr(DecisionInput, name), bins) for name, bins in ref.inputs.items()}
    return columns | {SCORE: (DecisionInput.pd, ref.score)}


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _profile(day: Any, ref: Reference | None, *, counts: bool) -> Any:
    approved = DecisionInput.decision == APPROVED
    aggregates: list[Any] = []
    if counts:
        aggregates += [
            func.count().label("n"),
            _count(approved).label("approved"),
            _count(DecisionInput.decision == "referred").label("referred"),
            _count(DecisionInput.knocked_out).label("knocked"),
            func.sum(DecisionInput.pd).label("pd_sum"),
            cast(func.sum(case((approved, DecisionInput.pd), else_=0.0)), Float).label("approved_pd"),
        ]
    for name, (column, bins) in _columns(ref).items():
        aggregates.append(func.count(column).label(f"{name}__n"))
        aggregates += [_count(column < e).label(f"{name}__{i}") for i, e in enumerate(bins.edges)]
    return select(day, *aggregates)


def _shadow(session: Session, day: Any, where: list, days: dict) -> None:
    """Per day: the sums that give the champion-challenger correlation, means and swap set."""
    x, y, cut = DecisionInput.pd, ShadowScore.pd, DecisionInput.threshold
    eligible = ~DecisionInput.knocked_out
    champion_yes, challenger_yes = eligible & (x < cut), eligible & (y < cut)
    sums = {"sx": x, "sy": y, "sxx": x * x, "syy": y * y, "sxy": x * y}
    query = (
        select(
            day,
            func.count().label("n"),
            *(cast(func.sum(e), Float).label(k) for k, e in sums.items()),
            _count(champion_yes & challenger_yes).label("both"),
            _count(champion_yes & ~challenger_yes).label("champion_only"),
            _count(~champion_yes & challenger_yes).label("challenger_only"),
        )
        .select_from(
            DecisionInput.__table__.join(ShadowScore, ShadowScore.application_id == DecisionInput.application_id)
        )
        .where(*where)
        .group_by(day)
    )
    for row in session.execute(query):
        m = row._mapping
        days[row.day]["shadow"] = {k: m[k] or 0 for k in ("n", *sums, "both", "champion_only", "challenger_only")}


def band_days(session: Session, where: list, threshold: float) -> dict[date, dict[str, Any]]:
    """The age bands' figures alone, per day (for a segment without a champion, whose cut-off varies)."""
    days: dict[date, dict[str, Any]] = defaultdict(dict)
    _bands(session, day_of(DecisionInput.created_at, session).label("day"), where, threshold, days, outcomes=True)
    return dict(days)


def _bands(session: Session, day: Any, where: list, threshold: float, days: dict, *, outcomes: bool) -> None:
    """Per day and age band: decisions, PD sum, known outcomes and defaults (zeros without
    `outcomes`: `label_days` counts them), approvals at each cut-off."""
    band = band_of(DecisionInput.age).label("band")
    eligible = ~DecisionInput.knocked_out
    source: Any = DecisionInput.__table__
    known: list[Any] = []
    if outcomes:
        source = source.outerjoin(Outcome, Outcome.application_id == DecisionInput.application_id)
        known = [_count(Outcome.default.is_not(None)), _count(Outcome.default.is_(True))]
    query = (
        select(
            day,
            band,
            func.count(),
            func.sum(DecisionInput.pd),
            *known,
            *(_count(eligible & (DecisionInput.pd < threshold * step)) for step in CUTOFF_STEPS),
        )
        .select_from(source)
        .where(*where)
        .group_by(day, band)
    )
    for d, b, n, pd_sum, *figures in session.execute(query):
        figures = figures if outcomes else [0, 0, *figures]
        days[d].setdefault("bands", {})[str(b)] = [value or 0 for value in (n, pd_sum, *figures)]
