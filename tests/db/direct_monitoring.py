"""The Monitoring page's figures computed the direct way, as before the daily summaries: every
query over the decisions themselves (`decision_inputs` joined to outcomes and shadow scores),
live fairness from the rows through fairlearn. Kept as the oracle the summaries must agree with
(tests/db/test_monitoring_days.py); the code is the product's as it was, unchanged."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Float, Integer, case, cast, func, literal, select
from sqlalchemy.orm import Session

from core.data.decision_inputs import refresh_inputs
from core.data.orm import DecisionInput, Outcome, ShadowScore
from core.modelling.registry import ModelStore
from core.monitoring.challenger import ShadowComparison
from core.monitoring.fairness import FairnessReport, group_report
from core.monitoring.performance import auroc_query
from core.monitoring.periods import By, instant, next_start, period_starts
from core.monitoring.reference import Bins, Reference, reference
from core.monitoring.report import Monitoring, PeriodReport
from core.monitoring.stability import psi

SCORE = "score"
PD_BUCKETS = 10_000
AGE_BANDS = (18, 25, 35, 45, 55, 65, 200)


def period_of(column: ColumnElement, starts: list[date], by: By) -> ColumnElement:
    """A SQL expression: the index of the period (in `starts`) that holds each row's time."""
    bounds = [instant(next_start(start, by)) for start in starts]
    return case(*((column < bound, literal(i)) for i, bound in enumerate(bounds)), else_=literal(len(bounds)))


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
    for i, figures in realised(period, where, session).items():
        for name, value in figures.items():
            setattr(reports[i], name, value)
    for i, value in estimated(period, where, session).items():
        reports[i].estimated_auroc = value
    bins = calibration(_bin_of(DecisionInput.pd, ref.score), where, session) if ref else []
    return Monitoring(segment, by, ref, [r for r in reports if r.n], bins)


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


def realised(period: ColumnElement, where: list[ColumnElement], session: Any) -> dict[int, dict[str, float]]:
    """Realised figures per period index, for periods with outcomes."""
    bad = case((Outcome.default, 1), else_=0)
    approved = DecisionInput.decision == "premium"
    source = DecisionInput.__table__.join(Outcome, Outcome.application_id == DecisionInput.application_id)
    totals = (
        select(
            period.label("p"),
            func.count().label("n_outcomes"),
            cast(func.sum(bad), Float).label("bads"),
            func.sum(DecisionInput.pd).label("pd_sum"),
            func.sum(case((approved, 1), else_=0)).label("approved"),
            cast(func.sum(case((approved, bad), else_=0)), Float).label("approved_bads"),
        )
        .select_from(source)
        .where(*where)
        .group_by(period)
    )
    out: dict[int, dict[str, float]] = {}
    for row in session.execute(totals):
        n = row.n_outcomes
        out[row.p] = {
            "n_outcomes": n,
            "observed_rate": row.bads / n,
            "mean_pd_outcomes": row.pd_sum / n,
            "n_approved_outcomes": row.approved,
            "bad_rate": row.approved_bads / row.approved if row.approved else None,
        }
    query = auroc_query(period, DecisionInput.pd, bad, 1 - bad, source, where)
    for row in session.execute(query):
        out[row.p] |= {"auroc": row.auroc, "ks": row.ks}
    return out


def estimated(period: ColumnElement, where: list[ColumnElement], session: Any) -> dict[int, float | None]:
    """The CBPE estimate of AUROC per period index, from the PDs alone."""
    bucket = cast(DecisionInput.pd * PD_BUCKETS, Integer)
    query = auroc_query(period, bucket, DecisionInput.pd, 1 - DecisionInput.pd, DecisionInput.__table__, where)
    return {row.p: row.auroc for row in session.execute(query)}


def shadow_realised(period: ColumnElement, where: list[ColumnElement], session: Any) -> dict[int, dict[str, float]]:
    """Realised AUROC of the champion and of the challenger on the same decisions with outcomes."""
    bad = case((Outcome.default, 1), else_=0)
    source = DecisionInput.__table__.join(Outcome, Outcome.application_id == DecisionInput.application_id).join(
        ShadowScore, ShadowScore.application_id == DecisionInput.application_id
    )
    out: dict[int, dict[str, float]] = {}
    for name, score in (("champion_auroc", DecisionInput.pd), ("challenger_auroc", ShadowScore.pd)):
        for row in session.execute(auroc_query(period, score, bad, 1 - bad, source, where)):
            out.setdefault(row.p, {})[name] = row.auroc
    return out


def calibration(bucket: ColumnElement, where: list[ColumnElement], session: Any) -> list[dict[str, float]]:
    """Mean PD against the observed default rate per score bin, over decisions with outcomes."""
    query = (
        select(
            bucket.label("b"),
            func.count().label("n"),
            func.avg(DecisionInput.pd).label("mean_pd"),
            func.avg(case((Outcome.default, literal(1.0)), else_=literal(0.0))).label("observed"),
        )
        .select_from(DecisionInput.__table__.join(Outcome, Outcome.application_id == DecisionInput.application_id))
        .where(*where)
        .group_by(bucket)
        .order_by(bucket)
    )
    return [
        {"bin": row.b, "n": row.n, "mean_pd": row.mean_pd, "observed": row.observed} for row in session.execute(query)
    ]


def compare_shadow(*, session: Session, segment: str, first: date, last: date, by: By = "month") -> ShadowComparison:
    """The comparison for a segment from `first` to `last`; knocked-out applicants count as declined by both."""
    refresh_inputs(session=session)
    where = scope(segment, first, last)
    x, y = DecisionInput.pd, ShadowScore.pd
    cut = DecisionInput.threshold
    eligible = ~DecisionInput.knocked_out
    champion_yes, challenger_yes = eligible & (x < cut), eligible & (y < cut)
    source = DecisionInput.__table__.join(ShadowScore, ShadowScore.application_id == DecisionInput.application_id)

    def count(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    totals = session.execute(
        select(
            func.count().label("n"),
            *(
                cast(func.sum(e), Float).label(k)
                for k, e in {"sx": x, "sy": y, "sxx": x * x, "syy": y * y, "sxy": x * y}.items()
            ),
            count(champion_yes & challenger_yes).label("both"),
            count(champion_yes & ~challenger_yes).label("champion_only"),
            count(~champion_yes & challenger_yes).label("challenger_only"),
        )
        .select_from(source)
        .where(*where)
    ).one()
    starts = period_starts(first, last, by)
    period = period_of(DecisionInput.created_at, starts, by)
    per_period = session.execute(
        select(
            period.label("p"),
            func.count().label("n"),
            func.avg(x).label("champion_pd"),
            func.avg(y).label("challenger_pd"),
        )
        .select_from(source)
        .where(*where)
        .group_by(period)
    ).all()
    aurocs = shadow_realised(period, where, session)
    periods = [
        {
            "period": starts[row.p],
            "n": row.n,
            "champion_mean_pd": row.champion_pd,
            "challenger_mean_pd": row.challenger_pd,
        }
        | aurocs.get(row.p, {})
        for row in sorted(per_period)
    ]
    n = totals.n or 0
    return ShadowComparison(
        n=n,
        correlation=_pearson(totals) if n > 1 else None,
        both_approve=totals.both or 0,
        champion_only=totals.champion_only or 0,
        challenger_only=totals.challenger_only or 0,
        neither=n - (totals.both or 0) - (totals.champion_only or 0) - (totals.challenger_only or 0),
        periods=periods,
    )


def _pearson(t: Any) -> float | None:
    n = t.n
    cov = t.sxy - t.sx * t.sy / n
    vx, vy = t.sxx - t.sx**2 / n, t.syy - t.sy**2 / n
    return cov / (vx * vy) ** 0.5 if vx > 0 and vy > 0 else None


def live_fairness(
    *, session: Session, store: ModelStore, segment: str, first: date, last: date
) -> FairnessReport | None:
    """By age band, on the segment's decisions from `first` to `last`, with outcomes where recorded."""
    refresh_inputs(session=session)
    query = (
        select(DecisionInput.age, DecisionInput.pd, DecisionInput.knocked_out, DecisionInput.threshold, Outcome.default)
        .outerjoin(Outcome, Outcome.application_id == DecisionInput.application_id)
        .where(*scope(segment, first, last))
    )
    rows = pd.DataFrame(session.execute(query).all(), columns=["age", "pd", "knocked", "threshold", "default"])
    if rows.empty:
        return None
    version = store.champion_version(segment)
    threshold = store.meta(segment, version).threshold if version else float(rows["threshold"].iloc[-1])
    labels = [f"{a}–{b - 1}" if b < 200 else f"{a}+" for a, b in itertools.pairwise(AGE_BANDS)]
    bands = pd.cut(rows["age"], bins=list(AGE_BANDS), right=False, labels=labels).astype(str)
    data = pd.DataFrame(
        {"group": bands, "pd": rows["pd"], "default": rows["default"].map({True: 1, False: 0}).fillna(-1).astype(int)}
    )
    return group_report(data, attribute="age_band", threshold=threshold, knocked=rows["knocked"].to_numpy(dtype=bool))
