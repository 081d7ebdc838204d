"""The decisions with outcomes, narrowed (`monitoring_labels`): what the rank statistics rank
(`ranks`) and the outcomes' part of a day's summary is summed from (`daily`).

`daily` copies a day's labels afresh when it sums a day summed on no basis yet (its decisions
changed, or it was never summed); the outcomes import writes the labels of the outcomes it
records (`write`), so that a day whose outcomes alone changed needs no copy.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.data.decision_inputs import day_of
from core.data.orm import DecisionInput, MonitoringLabel, Outcome, ShadowScore
from core.monitoring.periods import instant
from core.monitoring.tallies import APPROVED

COLUMNS = ["application_id", "segment", "day", "pd", "shadow_pd", "age", "approved", "bad"]
_IN_CHUNK = 500


def write(ids: list[int], *, session: Session) -> None:
    """Copy afresh the labels of the decisions with these application ids (their outcomes were
    just recorded; those not copied to `decision_inputs` yet are copied with their day)."""
    for start in range(0, len(ids), _IN_CHUNK):
        source = _source(session).where(DecisionInput.application_id.in_(ids[start : start + _IN_CHUNK]))
        statement = _insert(session).from_select(COLUMNS, source)
        replaced = {name: statement.excluded[name] for name in COLUMNS if name != "application_id"}
        session.execute(statement.on_conflict_do_update(index_elements=["application_id"], set_=replaced))


def copy_afresh(segment: str, first: date, last: date, *, session: Session) -> None:
    """Copy afresh the labels of a segment's days from `first` to `last`. A label the outcomes
    import wrote meanwhile (its outcome newer than this statement saw) is kept."""
    session.execute(
        delete(MonitoringLabel).where(MonitoringLabel.segment == segment, MonitoringLabel.day.between(first, last))
    )
    source = _source(session).where(
        DecisionInput.segment == segment,
        DecisionInput.created_at >= instant(first),
        DecisionInput.created_at < instant(last + timedelta(days=1)),
    )
    session.execute(_insert(session).from_select(COLUMNS, source).on_conflict_do_nothing())


def _source(session: Session) -> Any:
    """The label of each decision with an outcome, in the order of `COLUMNS`."""
    return select(
        DecisionInput.application_id,
        DecisionInput.segment,
        day_of(DecisionInput.created_at, session),
        DecisionInput.pd,
        ShadowScore.pd,
        DecisionInput.age,
        DecisionInput.decision == APPROVED,
        Outcome.default,
    ).select_from(
        DecisionInput.__table__.join(Outcome, Outcome.application_id == DecisionInput.application_id).outerjoin(
            ShadowScore, ShadowScore.application_id == DecisionInput.application_id
        )
    )


def _insert(session: Session) -> Any:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(MonitoringLabel)
