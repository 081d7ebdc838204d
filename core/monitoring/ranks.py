"""Rank statistics over the decisions with outcomes (realised AUROC and KS, of the champion, of the
challenger, per age band), kept per range of days in `monitoring_ranks`.

Unlike counts they cannot be added up from days: each ranks every decision with an outcome in its
range (`performance.label_ranks`). They change only when outcomes do, so each is computed once per
range and kept until `daily` drops it, when outcomes are recorded for a day of its range.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.data.orm import MonitoringLabel, MonitoringRank
from core.monitoring import performance
from core.monitoring.tallies import band_of

COMPUTED = -100  # the group of the row that marks a range as computed (it may have no outcomes)
_CHUNK = 200


def _kinds() -> dict[str, tuple[ColumnElement[Any], list[ColumnElement[bool]]]]:
    """Per kind: the score ranked and which decisions with outcomes count."""
    champion, challenger = MonitoringLabel.pd.expression, MonitoringLabel.shadow_pd.expression
    shadowed: list[ColumnElement[bool]] = [challenger.is_not(None)]
    return {
        "champion": (champion, []),
        "shadow_champion": (champion, shadowed),  # on the decisions the challenger scored too
        "challenger": (challenger, shadowed),
        "band": (champion, []),
    }


def ranked(
    *, session: Session, segment: str, kind: str, ranges: list[tuple[date, date]]
) -> list[dict[int, dict[str, Any]]]:
    """Per range of days (first, last): {group: {n, auroc, ks}} (group 0, or the age band for
    `band`), from the kept results, computing those not kept (the caller holds `daily`'s lock)."""
    if not ranges:
        return []
    found: dict[tuple[date, date], dict[int, dict[str, Any]]] = {}
    kept = select(MonitoringRank).where(
        MonitoringRank.segment == segment,
        MonitoringRank.kind == kind,
        MonitoringRank.first_day >= min(f for f, _ in ranges),
        MonitoringRank.last_day <= max(last for _, last in ranges),
    )
    for row in session.scalars(kept):
        groups = found.setdefault((row.first_day, row.last_day), {})
        groups[row.grp] = {"n": row.n, "auroc": row.auroc, "ks": row.ks}
    score, extra = _kinds()[kind]
    for first, last in dict.fromkeys(ranges):
        if (first, last) in found:
            continue
        where = [MonitoringLabel.segment == segment, MonitoringLabel.day.between(first, last), *extra]
        group = band_of(MonitoringLabel.age) if kind == "band" else MonitoringLabel.segment.expression  # one group
        computed = performance.label_ranks(group, score, where, session)
        groups = {(g if kind == "band" else 0): figures for g, figures in computed.items()}
        rows = [{"grp": g, **figures} for g, figures in groups.items()]
        rows.append({"grp": COMPUTED, "n": 0, "auroc": None, "ks": None})
        statement = _insert(session).values(
            [{"segment": segment, "kind": kind, "first_day": first, "last_day": last} | row for row in rows]
        )
        session.execute(statement.on_conflict_do_nothing())
        found[(first, last)] = groups
    return [{g: v for g, v in found[r].items() if g != COMPUTED} for r in ranges]


def forget(segment: str, days: list[date], *, session: Session) -> set[tuple[str, date, date]]:
    """Drop the results over any of `days` (outcomes changed on them); returns the (kind, first,
    last) ranges dropped, for a caller that computes them again at once (`daily.refresh`)."""
    dropped: set[tuple[str, date, date]] = set()
    rank = MonitoringRank
    for start in range(0, len(days), _CHUNK):
        part = days[start : start + _CHUNK]
        covers = or_(*(and_(rank.first_day <= d, rank.last_day >= d) for d in part))
        statement = delete(rank).where(rank.segment == segment, covers)
        dropped |= set(session.execute(statement.returning(rank.kind, rank.first_day, rank.last_day)).tuples())
    return dropped


def _insert(session: Session) -> Any:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(MonitoringRank)
