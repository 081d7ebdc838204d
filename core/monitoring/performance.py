"""How well the model ranks and prices risk on stored decisions, computed in SQL.

Realised, where outcomes exist: AUROC (the chance that a defaulter got a higher PD than a
non-defaulter, ties counting half: the Mann-Whitney statistic, which equals scikit-learn's
`roc_auc_score`), KS, the observed default rate and that of the approved, and calibration
(mean PD against the observed rate).

Estimated, from the calibrated PDs alone (confidence-based performance estimation, as
NannyML's CBPE does): if the PDs are calibrated, applicant i defaults with probability p_i, so
the expected ROC curve counts p_i as a defaulter and 1 - p_i as a non-defaulter at every
cut-off, and the expected bad rate of the approved is their mean PD. NannyML itself is not
used: it needs every row in a pandas frame (here the database does the sums) and brings a
dependency tree of its own; its estimator is the same sum, weighted by p instead of outcomes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, Select, case, cast, func, literal, select

from core.data.orm import DecisionInput, Outcome, ShadowScore

PD_BUCKETS = 10_000  # the estimate groups PDs to 1/10,000: ties within a bucket count half


def auroc_query(
    period: ColumnElement,
    score: ColumnElement,
    bad: ColumnElement,
    good: ColumnElement,
    source: Any,
    where: list[ColumnElement],
) -> Select:
    """Per period: AUROC and KS of `score` with weights `bad` and `good` per row (outcomes for the
    realised figures, p and 1 - p for the estimate), all in one grouped query with window sums."""
    grouped = (
        select(
            period.label("p"),
            score.label("s"),
            cast(func.sum(bad), Float).label("bad"),
            cast(func.sum(good), Float).label("good"),
        )
        .select_from(source)
        .where(*where)
        .group_by(period, score)
        .subquery()
    )
    order = {"partition_by": grouped.c.p, "order_by": grouped.c.s, "rows": (None, 0)}
    cumulative = select(
        grouped.c.p,
        grouped.c.bad,
        grouped.c.good,
        func.sum(grouped.c.good).over(**order).label("good_upto"),
        func.sum(grouped.c.bad).over(**order).label("bad_upto"),
        func.sum(grouped.c.bad).over(partition_by=grouped.c.p).label("total_bad"),
        func.sum(grouped.c.good).over(partition_by=grouped.c.p).label("total_good"),
    ).subquery()
    c = cumulative.c
    concordant = func.sum(c.bad * (c.good_upto - c.good + 0.5 * c.good))
    gap = func.abs(c.bad_upto / func.nullif(c.total_bad, 0) - c.good_upto / func.nullif(c.total_good, 0))
    return select(
        c.p,
        (concordant / func.nullif(func.max(c.total_bad) * func.max(c.total_good), 0)).label("auroc"),
        func.max(gap).label("ks"),
    ).group_by(c.p)


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
