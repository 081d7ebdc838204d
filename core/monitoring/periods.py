"""Reporting periods: weeks (Monday first) or calendar months, in UTC, and the SQL that puts each
decision in its period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import ColumnElement, case, literal

By = Literal["week", "month"]


def period_start(day: date, by: By) -> date:
    """The first day of the period that holds `day`."""
    return day - timedelta(days=day.weekday()) if by == "week" else day.replace(day=1)


def next_start(start: date, by: By) -> date:
    """The first day of the period after the one starting on `start`."""
    if by == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def period_starts(first: date, last: date, by: By) -> list[date]:
    """The periods that overlap [first, last], by their first days."""
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    starts, start = [], period_start(first, by)
    while start <= last:
        starts.append(start)
        start = next_start(start, by)
    return starts


def instant(day: date) -> datetime:
    """Midnight UTC at the start of `day`."""
    return datetime.combine(day, time(), UTC)


def period_of(column: ColumnElement, starts: list[date], by: By) -> ColumnElement:
    """A SQL expression: the index of the period (in `starts`) that holds each row's time."""
    bounds = [instant(next_start(start, by)) for start in starts]
    return case(*((column < bound, literal(i)) for i, bound in enumerate(bounds)), else_=literal(len(bounds)))


def day_period_of(column: ColumnElement, starts: list[date], by: By) -> ColumnElement:
    """A SQL expression: the index of the period (in `starts`) that holds each row's day (a date column)."""
    bounds = [next_start(start, by) for start in starts]
    return case(*((column < bound, literal(i)) for i, bound in enumerate(bounds)), else_=literal(len(bounds)))
