"""Per-day summaries of each segment's decisions, kept current incrementally, so that the Monitoring
page adds up a few hundred stored days instead of scanning every decision.

A day's summary (`monitoring_days`: segment, basis, UTC day, part) holds what `tallies` sums for
it, against the champion's reference bins and cut-off (the basis: its version and a digest of
both; a promotion or a new reference starts afresh), in two parts: what the decisions give, and
what their outcomes give. Decisions with outcomes are also copied, narrowed, to
`monitoring_labels`: AUROC ranks the rows themselves, and the outcomes' part is summed from them.

Decisions are only ever added and outcomes recorded whole, and each marks its day stale: the
copy of the decisions' inputs (`core.data.decision_inputs`) when it takes new decisions (usually
today), `outcomes` when it records some (it writes their labels itself, `labels`).
`prepare` takes a lock (one refresh at a time on PostgreSQL), drops the stale days' summaries
(both parts when decisions changed, the outcomes' part and the rank statistics over the day,
`ranks`, when outcomes did), then sums the parts of the asked range that have no summary on the
current basis; a day summed on no basis yet has its labels copied afresh first. Outcomes for
5,000 decisions thus re-sum a few thousand labels, not the decisions of the days they fall on.

A new champion needs every day on its basis: `refresh` sums, under the promotion, the days staff
have looked at, so that the first view after it does not, and forgets the summaries on bases
neither served nor a rollback away.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.data.decision_inputs import refresh_inputs
from core.data.orm import DecisionInput, MonitoringDay, MonitoringLabel, MonitoringStaleDay
from core.modelling.model_files import serving_stack
from core.modelling.registry import ModelStore
from core.monitoring import labels, ranks
from core.monitoring.periods import instant
from core.monitoring.reference import Reference, reference
from core.monitoring.tallies import BASIS_FREE, day_of, label_days, tally_days

LOCK = 13_0014  # pg_advisory_xact_lock's key: one refresh of the summaries at a time
SPAN_DAYS = 16  # days summed by one statement, so that a first summary stays within the statement timeout
DECISIONS, OUTCOMES = "decisions", "outcomes"  # the two parts of a day's summary
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


@dataclass(frozen=True)
class _Basis:
    name: str
    reference: Reference | None
    threshold: float | None


def scope(segment: str, first: date, last: date) -> list:
    """The WHERE clause of a segment's decisions made from `first` to `last` (whole UTC days)."""
    return [
        DecisionInput.segment == segment,
        DecisionInput.created_at >= instant(first),
        DecisionInput.created_at < instant(last + timedelta(days=1)),
    ]


def prepare(*, session: Session, store: ModelStore, segment: str, first: date, last: date) -> Days:
    """Bring the summaries of `segment` from `first` to `last` up to date, and return them (the caller commits)."""
    basis, _ = _update(session, store, segment, first, last)
    rows = session.execute(
        select(MonitoringDay.day, MonitoringDay.tallies).where(
            MonitoringDay.segment == segment,
            MonitoringDay.basis == basis.name,
            MonitoringDay.day.between(first, last),
            MonitoringDay.n > 0,
        )
    )
    parts: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for day, tallies in rows:
        parts[day].append(tallies)
    return Days(basis.reference, basis.threshold, {day: total(both) for day, both in parts.items()})


def refresh(*, session: Session, store: ModelStore, segments: Iterable[str]) -> int:
    """Bring up to date, for each segment, the days summed before on any basis (those staff look
    at) on the champion's basis, and the rank statistics over days whose outcomes changed; forget
    the summaries on bases neither served nor a rollback away. Run after a promotion or a rollback
    (its days on the new basis) and after an outcomes import (its days' outcomes and ranks), so
    that the first view after them has nothing to sum. Returns how many days' decisions it summed
    (the caller commits)."""
    _lock(session)
    summed = 0
    dropped: dict[str, set[tuple[str, date, date]]] = defaultdict(set)
    for segment in segments:
        first, last = session.execute(
            select(func.min(MonitoringDay.day), func.max(MonitoringDay.day)).where(MonitoringDay.segment == segment)
        ).one()
        if first is not None:
            _, days = _update(session, store, segment, first, last, dropped=dropped)
            summed += days
        _prune(session, store, segment)
    for segment, ranges in dropped.items():
        for kind in sorted({kind for kind, _, _ in ranges}):
            ranks.ranked(
                session=session, segment=segment, kind=kind, ranges=sorted((f, t) for k, f, t in ranges if k == kind)
            )
    return summed


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


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(LOCK)))


def _update(
    session: Session,
    store: ModelStore,
    segment: str,
    first: date,
    last: date,
    *,
    dropped: dict[str, set[tuple[str, date, date]]] | None = None,
) -> tuple[_Basis, int]:
    """Bring the summaries from `first` to `last` up to date on the champion's basis; returns the
    basis and how many days' decisions it summed. The rank statistics stale days made it drop are
    added to `dropped`, per segment."""
    _lock(session)
    refresh_inputs(session=session)  # marks the days of the decisions it copies stale
    for name, ranges in _drop_stale(session).items():
        if dropped is not None:
            dropped[name] |= ranges
    version = store.champion_version(segment)
    ref = reference(store, segment, version, session=session) if version else None
    threshold = store.meta(segment, version).threshold if version else None
    basis = _Basis(_basis_name(version, ref, threshold), ref, threshold)
    summed = select(MonitoringDay.day, MonitoringDay.part).where(
        MonitoringDay.segment == segment, MonitoringDay.basis == basis.name, MonitoringDay.day.between(first, last)
    )
    have = set(session.execute(summed).tuples())
    missing = {part: [d for d in _days(first, last) if (d, part) not in have] for part in (DECISIONS, OUTCOMES)}
    for span in _spans(missing[DECISIONS]):
        _summarise_decisions(session, segment, basis, span)
    for span in _spans(missing[OUTCOMES]):
        _summarise_outcomes(session, segment, basis, span)
    if not have:  # nothing on this basis yet: a new champion, likely, whose promotion did not `refresh`
        _prune(session, store, segment)
    return basis, len(missing[DECISIONS])


def _basis_name(version: str | None, ref: Reference | None, threshold: float | None) -> str:
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


def _summarise_decisions(session: Session, segment: str, basis: _Basis, span: tuple[date, date]) -> None:
    """Sum the decisions' part of the days of `span` (none of which has it on `basis`). A day
    summed on another basis (a promotion's) takes the figures that do not depend on it from
    there; a day summed on none has its labels copied afresh first (its decisions changed, or it
    was never summed)."""
    first, last = span
    summed = select(MonitoringDay.day, MonitoringDay.tallies).where(
        MonitoringDay.segment == segment, MonitoringDay.part == DECISIONS, MonitoringDay.day.between(first, last)
    )
    elsewhere = {day: tallies for day, tallies in session.execute(summed)}
    tallies: dict[date, dict[str, Any]] = {}
    for fresh in _spans([d for d in _days(first, last) if d not in elsewhere]):
        labels.copy_afresh(segment, *fresh, session=session)
        tallies |= tally_days(session, scope(segment, *fresh), basis.reference, basis.threshold)
    for known in _spans([d for d in _days(first, last) if d in elsewhere]):
        own = tally_days(session, scope(segment, *known), basis.reference, basis.threshold, basis_only=True)
        for d in _days(*known):
            free = {k: v for k, v in elsewhere[d].items() if k in BASIS_FREE}
            tallies[d] = free | own.get(d, {}) if free else {}
    _store(session, segment, basis, DECISIONS, span, tallies)


def _summarise_outcomes(session: Session, segment: str, basis: _Basis, span: tuple[date, date]) -> None:
    """Sum the outcomes' part of the days of `span` (none of which has it on `basis`) from their labels."""
    where = [MonitoringLabel.segment == segment, MonitoringLabel.day.between(*span)]
    _store(session, segment, basis, OUTCOMES, span, label_days(session, where, basis.reference, basis.threshold))


def _store(
    session: Session, segment: str, basis: _Basis, part: str, span: tuple[date, date], tallies: dict[date, Any]
) -> None:
    """One row per day of `span`, an empty one for a day with nothing to sum (so it is not summed again)."""

    def counted(day: dict[str, Any]) -> int:  # decisions, or decisions with outcomes
        return day.get("n", 0) if part == DECISIONS else day.get("outcomes", {}).get("n", 0)

    rows = [
        {"segment": segment, "basis": basis.name, "day": d, "part": part}
        | {"n": counted(tallies.get(d, {})), "tallies": tallies.get(d, {})}
        for d in _days(*span)
    ]
    session.execute(_insert(session, MonitoringDay).on_conflict_do_nothing(), rows)


def _drop_stale(session: Session) -> dict[str, set[tuple[str, date, date]]]:
    """Forget the summaries of the days marked stale (both parts where decisions changed, the
    outcomes' part and the rank statistics over the day where outcomes did), and the marks;
    returns the rank statistics' ranges dropped, per segment."""
    mark = MonitoringStaleDay
    stale = session.execute(delete(mark).returning(mark.segment, mark.day, mark.decisions, mark.outcomes)).all()
    dropped: dict[str, set[tuple[str, date, date]]] = {}
    for segment in {s for s, *_ in stale}:
        mine = [(d, decisions, outcomes) for s, d, decisions, outcomes in stale if s == segment]
        whole = [d for d, decisions, _ in mine if decisions]
        outcomes_only = [d for d, decisions, outcomes in mine if outcomes and not decisions]
        for days, parts in ((whole, (DECISIONS, OUTCOMES)), (outcomes_only, (OUTCOMES,))):
            for start in range(0, len(days), _IN_CHUNK):
                chosen = [
                    MonitoringDay.segment == segment,
                    MonitoringDay.part.in_(parts),
                    MonitoringDay.day.in_(days[start : start + _IN_CHUNK]),
                ]
                session.execute(delete(MonitoringDay).where(*chosen))
        dropped[segment] = ranks.forget(segment, [d for d, _, outcomes in mine if outcomes], session=session)
    return dropped


def _prune(session: Session, store: ModelStore, segment: str) -> None:
    """Forget the summaries on bases of champions neither served nor a rollback away (the basis
    of the one a rollback would serve again is kept, so that it finds its days summed)."""
    kept = serving_stack(store.champion_history(segment))[-2:] or [""]
    bases = session.scalars(select(MonitoringDay.basis).where(MonitoringDay.segment == segment).distinct())
    gone = [b for b in bases if b.rsplit(":", 1)[0] not in kept]
    if gone:
        session.execute(delete(MonitoringDay).where(MonitoringDay.segment == segment, MonitoringDay.basis.in_(gone)))


def _insert(session: Session, table: Any) -> Any:
    """An INSERT with ON CONFLICT of the session's dialect."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)
