"""Reporting periods: weeks (Monday first) or calendar months, in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

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


def clipped(starts: list[date], by: By, first: date, last: date) -> list[tuple[date, date]]:
    """The days of each period (first, last) that fall from `first` to `last`."""
    return [(max(start, first), min(next_start(start, by) - timedelta(days=1), last)) for start in starts]
