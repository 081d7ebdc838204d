"""Per-day summaries of each segment's decisions, kept current incrementally, so that the Monitoring
page adds up a few hundred stored days instead of scanning every decision.

A day's summary (`monitoring_days`: segment, basis, UTC day) holds what `tallies` sums for it,
against the champion's reference bins and cut-off (the basis: its version and a digest of both;
a promotion or a new reference starts afresh). Decisions with outcomes are also copied, narrowed,
to `monitoring_labels`: AUROC ranks the rows themselves.

Decisions are only ever added and outcomes recorded whole, and each marks its day stale: the
copy of the decisions' inputs (`core.data.decision_inputs`) when it takes new decisions (usually
today), `outcomes` when it records some.
`prepare` takes a lock (one refresh at a time on PostgreSQL), drops the stale days' summaries (and
the rank statistics over days whose outcomes changed, `ranks`), then sums the days of the asked
range that have no summary on the current basis, copying their labels afresh.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.data.decision_inputs import refresh_inputs
from core.data.orm import DecisionInput, MonitoringDay, MonitoringLabel, MonitoringStaleDay, Outcome, ShadowScore
from core.modelling.registry import ModelStore
from core.monitoring import ranks
from core.monitoring.periods import instant
from core.monitoring.reference import Reference, reference
from core.monitoring.tallies import day_of, tally_days

LOCK = 13_0014  # pg_advisory_xact_lock's key: one refresh of the summaries at a time
SPAN_DAYS = 16  # days summed by one statement, so that a first summary stays within the statement timeout
_IN_CHUNK = 500


@dataclass(frozen=True)
class Days:
    """A segment's summaries from `first` to `last`, with what they were summed against."""

    reference: Reference | None
    threshold: float | None  # the champion's cut-off; None without a champion
    tallies: dict[date, dict[str, Any]]  # the days with decisions

    def between(self, first: date, stop: date) -> dict[str, Any]:
        """The days from `first` up to (not including) `stop`, added together."""
        return total(t for day, t in self.tallies.items() if first <= day < stop)


def scope(segment: str, first: date, last: date) -> list:
    """The WHERE clause of a segment's decisions made from `first` to `last` (whole UTC days)."""
    return [
        DecisionInput.segment == segment,
        DecisionInput.created_at >= instant(first),
        DecisionInput.created_at < instant(last + timedelta(days=1)),
    ]


def prepare(*, session: Session, store: ModelStore, segment: str, first: date, last: date) -> Days:
    """Bring the summaries of `segment` from `first` to `last` up to date, and return them (the caller commits)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(LOCK)))
    refresh_inputs(session=session)  # marks the days of the decisions it copies stale
    _drop_stale(session)
    version = store.champion_version(segment)
    ref = reference(store, segment, version, session=session) if version else None
    threshold = store.meta(segment, version).threshold if version else None
    basis = _basis(version, ref, threshold)
    summed = session.scalars(
        select(MonitoringDay.day).where(
            MonitoringDay.segment == segment, MonitoringDay.basis == basis, MonitoringDay.day.between(first, last)
        )
    )
    have = set(summed)
    missing = [d for d in _days(first, last) if d not in have]
    for span in _spans(missing):
        _summarise(session, segment, basis, ref, threshold, span)
    rows = session.execute(
        select(MonitoringDay.day, MonitoringDay.tallies).where(
            MonitoringDay.segment == segment,
            MonitoringDay.basis == basis,
            MonitoringDay.day.between(first, last),
            MonitoringDay.n > 0,
        )
    )
    return Days(ref, threshold, {day: tallies for day, tallies in rows})


def stale_days_of(ids: list[int], session: Session) -> list[tuple[str, date]]:
    """The (segment, UTC day) of the decisions with these application ids (those copied already)."""
    day = day_of(DecisionInput.created_at, session)
    found: list[tuple[str, date]] = []
    for start in range(0, len(ids), _IN_CHUNK):
        part = ids[start : start + _IN_CHUNK]
        query = select(DecisionInput.segment, day).where(DecisionInput.application_id.in_(part)).distinct()
        found += session.execute(query).tuples()
    return found


def total(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Summaries added together: numbers summed, lists element by element, dicts key by key."""
    out: dict[str, Any] = {}
    for part in parts:
        _add(out, part)
    return out


def _add(into: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict):
            _add(into.setdefault(key, {}), value)
        elif isinstance(value, list):
            into[key] = [a + b for a, b in zip(into[key], value, strict=True)] if key in into else list(value)
        else:
            into[key] = into.get(key, 0) + value


def _basis(version: str | None, ref: Reference | None, threshold: float | None) -> str:
    """What a day's summary depends on besides the decisions: the bins' edges and the cut-off."""
    edges = {} if ref is None else {name: b.edges for name, b in ref.inputs.items()} | {"": ref.score.edges}
    digest = hashlib.sha256(json.dumps([edges, threshold], sort_keys=True).encode()).hexdigest()[:16]
    return f"{version or ''}:{digest}"


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _spans(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive runs of `days`, at most `SPAN_DAYS` long, as (first, last)."""
    spans = []
    for _, run in itertools.groupby(enumerate(days), key=lambda item: item[1] - timedelta(days=item[0])):
        run_days = [d for _, d in run]
        for start in range(0, len(run_days), SPAN_DAYS):
            part = run_days[start : start + SPAN_DAYS]
            spans.append((part[0], part[-1]))
    return spans


def _summarise(
    session: Session, segment: str, basis: str, ref: Reference | None, threshold: float | None, span: tuple[date, date]
) -> None:
    """Sum the days of `span` (none of which has a summary on `basis`) and copy their labels afresh."""
    first, last = span
    where = scope(segment, first, last)
    tallies = tally_days(session, where, ref, threshold)
    rows = [
        {
            "segment": segment,
            "basis": basis,
            "day": d,
            "n": tallies.get(d, {}).get("n", 0),
            "tallies": tallies.get(d, {}),
        }
        for d in _days(first, last)
    ]
    session.execute(_insert(session, MonitoringDay), rows)
    session.execute(
        delete(MonitoringLabel).where(MonitoringLabel.segment == segment, MonitoringLabel.day.between(first, last))
    )
    source = select(
        DecisionInput.application_id,
        DecisionInput.segment,
        day_of(DecisionInput.created_at, session),
        DecisionInput.pd,
        ShadowScore.pd,
        DecisionInput.age,
        Outcome.default,
    ).select_from(
        DecisionInput.__table__.join(Outcome, Outcome.application_id == DecisionInput.application_id).outerjoin(
            ShadowScore, ShadowScore.application_id == DecisionInput.application_id
        )
    )
    columns = ["application_id", "segment", "day", "pd", "shadow_pd", "age", "bad"]
    session.execute(insert(MonitoringLabel).from_select(columns, source.where(*where)))  # under the lock, just emptied


def _drop_stale(session: Session) -> None:
    """Forget the summaries of the days marked stale (and the rank statistics over those whose
    outcomes changed), and the marks; their labels are copied afresh when they are summed."""
    stale = session.execute(
        delete(MonitoringStaleDay).returning(
            MonitoringStaleDay.segment, MonitoringStaleDay.day, MonitoringStaleDay.labels
        )
    ).all()
    for segment in {s for s, _, _ in stale}:
        days = [d for s, d, _ in stale if s == segment]
        for start in range(0, len(days), _IN_CHUNK):
            part = days[start : start + _IN_CHUNK]
            session.execute(delete(MonitoringDay).where(MonitoringDay.segment == segment, MonitoringDay.day.in_(part)))
        ranks.forget(segment, [d for s, d, labels in stale if s == segment and labels], session=session)


def _insert(session: Session, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING: a row another refresh wrote first is kept."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()
