"""The decisions' model inputs as typed columns (`decision_inputs`), copied from the JSON of each
decision record in SQL, incrementally: monitoring bins and counts these columns, where reading
the JSON would parse it for every row of every query. The days of the decisions copied are marked
stale, so that their daily summaries (`daily`) are summed again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Float, case, cast, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.data.columns import BANK_FEATURES, EDUCATION_CODES, QUESTIONNAIRE_FEATURES
from core.data.orm import Application, DecisionInput, MonitoringStaleDay, Outcome
from core.monitoring.tallies import day_of

INPUTS: tuple[str, ...] = QUESTIONNAIRE_FEATURES + BANK_FEATURES


def refresh_inputs(*, session: Session) -> int:
    """Copy the inputs of decisions not yet copied; returns how many rows were added.

    Safe when two processes refresh at once: a row copied by the other is skipped.
    """
    last = session.scalar(select(func.coalesce(func.max(DecisionInput.application_id), 0)))
    features = Application.features
    education = case(
        {code: literal(float(value)) for code, value in EDUCATION_CODES.items()},
        value=features["education"].as_string(),
        else_=None,
    )
    values = {name: cast(features[name].as_float(), Float) for name in INPUTS if name != "education"}
    source = select(
        Application.id,
        Application.created_at,
        Application.segment,
        Application.decision,
        Application.knockout.is_not(None),
        Application.model_version,
        Application.pd,
        Application.threshold,
        education,
        *values.values(),
    ).where(Application.id > last)
    columns = ["application_id", "created_at", "segment", "decision", "knocked_out", "model_version", "pd"]
    columns += ["threshold", "education", *values]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(DecisionInput).from_select(columns, source).on_conflict_do_nothing()
    added = session.execute(statement).rowcount or 0
    if added:  # the days of the decisions just copied: their summaries (`daily`) are stale
        new = DecisionInput.application_id > last
        with_outcome = select(Outcome.application_id).join(
            DecisionInput, Outcome.application_id == DecisionInput.application_id
        )
        labels = session.scalar(select(with_outcome.where(new).exists())) or False
        days = select(DecisionInput.segment, day_of(DecisionInput.created_at, session)).where(new).distinct()
        mark_stale(session.execute(days).tuples(), labels=labels, session=session)
    return added


def mark_stale(days: Iterable[tuple[str, date]], *, labels: bool, session: Session) -> None:
    """Mark (segment, day) pairs stale: their summaries are summed again when next asked for;
    with `labels`, their decisions with outcomes changed and the rank statistics over them go too."""
    rows = [{"segment": s, "day": d, "labels": labels} for s, d in sorted(set(days))]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), 500):
        statement = dialect.insert(MonitoringStaleDay).values(rows[start : start + 500])
        if labels:
            statement = statement.on_conflict_do_update(index_elements=["segment", "day"], set_={"labels": True})
        else:
            statement = statement.on_conflict_do_nothing()
        session.execute(statement)
