"""How well the model ranks and prices risk on stored decisions.

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

Counts, sums and the estimate's PD buckets come summed per day (`daily`); the realised AUROC and KS
rank the decisions with outcomes themselves, in SQL (`auroc_query`; `ranks` keeps the results).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Float, Select, case, cast, func, select

from core.data.orm import MonitoringLabel


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

    def upto(column: ColumnElement) -> ColumnElement:  # the running sum over a period's scores, lowest first
        return func.sum(column).over(partition_by=grouped.c.p, order_by=grouped.c.s, rows=(None, 0))

    cumulative = select(
        grouped.c.p,
        grouped.c.bad,
        grouped.c.good,
        upto(grouped.c.good).label("good_upto"),
        upto(grouped.c.bad).label("bad_upto"),
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
        (func.max(c.total_bad) + func.max(c.total_good)).label("n"),
    ).group_by(c.p)


def realised(days: dict[str, Any]) -> dict[str, Any]:
    """A period's figures on decisions with outcomes, from its summed days (`daily`); empty without outcomes."""
    totals = days.get("outcomes")
    if not totals or not totals["n"]:
        return {}
    n, approved = totals["n"], totals["approved"]
    return {
        "n_outcomes": n,
        "observed_rate": totals["bads"] / n,
        "mean_pd_outcomes": totals["pd_sum"] / n,
        "n_approved_outcomes": approved,
        "bad_rate": totals["approved_bads"] / approved if approved else None,
    }


def label_ranks(
    group: ColumnElement, score: ColumnElement, where: list[ColumnElement], session: Any
) -> dict[Any, dict[str, Any]]:
    """Realised AUROC and KS of `score` per `group` (a period, an age band) of the decisions with
    outcomes (`monitoring_labels`) in `where`, with how many there are."""
    bad = case((MonitoringLabel.bad, 1), else_=0)
    query = auroc_query(group, score, bad, 1 - bad, MonitoringLabel.__table__, where)
    return {row.p: {"n": int(row.n), "auroc": row.auroc, "ks": row.ks} for row in session.execute(query)}


def estimated(days: dict[str, Any]) -> float | None:
    """The CBPE estimate of AUROC of a period, from the PD buckets of its summed days: each
    bucket's PDs count as defaulters, one minus them as non-defaulters (as `auroc_query` sums them)."""
    buckets = sorted((int(b), weights) for b, weights in days.get("estimate", {}).items())
    if not buckets:
        return None
    bad, good = np.array([w for _, w in buckets], dtype=float).T
    concordant = float(np.sum(bad * (np.cumsum(good) - good + 0.5 * good)))
    pairs = float(bad.sum() * good.sum())
    return concordant / pairs if pairs else None


def calibration(days: dict[str, Any]) -> list[dict[str, float]]:
    """Mean PD against the observed default rate per score bin, over decisions with outcomes."""
    bins = sorted((int(b), figures) for b, figures in days.get("calibration", {}).items())
    return [{"bin": b, "n": n, "mean_pd": pd_sum / n, "observed": bads / n} for b, (n, pd_sum, bads) in bins]
