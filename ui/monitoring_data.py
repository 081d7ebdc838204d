"""Caching for the Monitoring page: a report per segment, period and step for a minute (new
decisions arrive all the time, but a minute-old portfolio view is current enough); and, after a
new champion, its daily summaries summed in the background."""

from __future__ import annotations

import logging
import threading
from datetime import date

import streamlit as st
from sqlalchemy.orm import Session

from core.monitoring import alerts, challenger, daily, fairness, report
from ui import cache

_log = logging.getLogger(__name__)


@st.cache_data(ttl=60, show_spinner=False)
def monitoring(segment: str, first: date, last: date, by: str) -> tuple[report.Monitoring, list[alerts.Alert]]:
    """The report and the alerts it calls for; alerts seen for the first time are stored and audited."""
    with Session(cache.engine()) as session, session.begin():
        result = report.monitor(session=session, store=cache.store(), segment=segment, first=first, last=last, by=by)  # type: ignore[arg-type]
        found = alerts.find_alerts(result.periods, target_bad_rate=cache.settings().target_bad_rate)
        alerts.raise_alerts(found, session=session)
    return result, found


@st.cache_data(ttl=60, show_spinner=False)
def shadow(segment: str, first: date, last: date, by: str) -> challenger.ShadowComparison:
    """Champion against challenger on the period's decisions."""
    with Session(cache.engine()) as session, session.begin():
        return challenger.compare_shadow(
            session=session, store=cache.store(), segment=segment, first=first, last=last, by=by
        )  # type: ignore[arg-type]


@st.cache_data(ttl=300, show_spinner=False)
def history_fairness(segment: str, champion: str | None) -> fairness.FairnessReport | None:
    """The fairness report on the labelled history (cached per champion version)."""
    with Session(cache.engine()) as session:
        return fairness.history_fairness(session=session, store=cache.store(), segment=segment)


@st.cache_data(ttl=60, show_spinner=False)
def live_fairness(segment: str, first: date, last: date) -> fairness.FairnessReport | None:
    """The fairness report on the period's decisions."""
    with Session(cache.engine()) as session, session.begin():
        return fairness.live_fairness(session=session, store=cache.store(), segment=segment, first=first, last=last)


def clear() -> None:
    """Forget cached reports (after a challenger is named, or a champion changed)."""
    monitoring.clear()
    shadow.clear()
    live_fairness.clear()


def refresh_in_background(segment: str) -> threading.Thread:
    """After the segment's champion changed: forget the cached reports, and sum the days staff look
    at on its basis in a thread (`daily.refresh`), so that neither the one who promoted nor the
    first to open Monitoring waits for it (a page opened meanwhile waits for the thread's lock on
    PostgreSQL, then finds the days summed). If it fails, the page sums what is missing."""
    clear()
    engine, store = cache.engine(), cache.store()

    def run() -> None:
        try:
            with Session(engine) as session, session.begin():
                daily.refresh(session=session, store=store, segments=[segment])
        except Exception:  # a thread's error reaches no one: log it, the page copes
            _log.exception("monitoring summaries for the %s-client champion not summed in the background", segment)

    thread = threading.Thread(target=run, name=f"monitoring-refresh-{segment}", daemon=True)
    thread.start()
    return thread
