"""The shadow challenger on live traffic: how its PDs compare with the champion's on the same
decisions (correlation), which applicants the active cut-off would treat differently (the swap
set), and the realised AUROC of both once outcomes arrive: from the daily summaries (`daily`) and
the decisions with outcomes, in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from core.modelling.registry import ModelStore
from core.monitoring import daily, ranks
from core.monitoring.periods import By, clipped, next_start, period_starts


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


def compare_shadow(
    *, session: Session, store: ModelStore, segment: str, first: date, last: date, by: By = "month"
) -> ShadowComparison:
    """The comparison for a segment from `first` to `last`; knocked-out applicants count as declined by both."""
    days = daily.prepare(session=session, store=store, segment=segment, first=first, last=last)
    totals = days.between(first, last + timedelta(days=1)).get("shadow", {})
    starts = period_starts(first, last, by)
    clips = clipped(starts, by, first, last)
    ranked = {
        name: ranks.ranked(session=session, segment=segment, kind=kind, ranges=clips)
        for name, kind in (("champion", "shadow_champion"), ("challenger", "challenger"))
    }
    periods = []
    for i, start in enumerate(starts):
        shadow = days.between(start, next_start(start, by)).get("shadow")
        if shadow and shadow["n"]:
            n = shadow["n"]
            means = {"champion_mean_pd": shadow["sx"] / n, "challenger_mean_pd": shadow["sy"] / n}
            aurocs = {f"{name}_auroc": found[i][0]["auroc"] for name, found in ranked.items() if found[i]}
            periods.append({"period": start, "n": n} | means | aurocs)
    n = totals.get("n", 0)
    both, champion_only, challenger_only = (totals.get(k, 0) for k in ("both", "champion_only", "challenger_only"))
    return ShadowComparison(
        n=n,
        correlation=_pearson(totals) if n > 1 else None,
        both_approve=both,
        champion_only=champion_only,
        challenger_only=challenger_only,
        neither=n - both - champion_only - challenger_only,
        periods=periods,
    )


def _pearson(t: dict[str, float]) -> float | None:
    n = t["n"]
    cov = t["sxy"] - t["sx"] * t["sy"] / n
    vx, vy = t["sxx"] - t["sx"] ** 2 / n, t["syy"] - t["sy"] ** 2 / n
    return cov / (vx * vy) ** 0.5 if vx > 0 and vy > 0 else None
