"""The shadow challenger on live traffic: how its PDs compare with the champion's on the same
decisions (correlation), which applicants the active cut-off would treat differently (the swap
set), and the realised AUROC of both once outcomes arrive. Computed in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Float, case, cast, func, select
from sqlalchemy.orm import Session

from core.data.decision_inputs import refresh_inputs
from core.data.orm import DecisionInput, ShadowScore
from core.monitoring import performance
from core.monitoring.periods import By, period_of, period_starts
from core.monitoring.report import scope


@dataclass(frozen=True)
class ShadowComparison:
    """Champion against challenger on the decisions both scored."""

    n: int
    correlation: float | None
    both_approve: int
    champion_only: int  # approved by the champion, not by the challenger at the same cut-off
    challenger_only: int
    neither: int
    periods: list[dict[str, Any]]  # period, n, champion and challenger mean PD and realised AUROC


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
    aurocs = performance.shadow_realised(period, where, session)
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
