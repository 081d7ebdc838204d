"""Caching for the Monitoring page: a report per segment, period and step for a minute (new
decisions arrive all the time, but a minute-old portfolio view is current enough)."""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy.orm import Session

from core.monitoring import alerts, challenger, fairness, report
from ui import cache


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
    """Forget cached reports (after a challenger is named)."""
    monitoring.clear()
    shadow.clear()
