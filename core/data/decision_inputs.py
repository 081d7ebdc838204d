"""The decisions' model inputs as typed columns (`decision_inputs`), copied from the JSON of each
decision record in SQL, incrementally: monitoring bins and counts these columns, and the policy
simulation reads its live book from them (`core.decisions.simulation_data`), where reading the
JSON would parse it for every row of every query. The days of the decisions copied are marked
stale (`monitoring_stale_days`), so that Monitoring's daily summaries are summed again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Date, Float, case, cast, exists, func, literal, or_, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.data.columns import BANK_FEATURES, EDUCATION_CODES, QUESTIONNAIRE_FEATURES
from core.data.orm import Application, DecisionInput, MonitoringStaleDay, Outcome

INPUTS: tuple[str, ...] = QUESTIONNAIRE_FEATURES + BANK_FEATURES

# Decisions copied per statement: each stays far inside PostgreSQL's statement timeout even
# when a large backlog is copied at once (100,000 decisions in one statement overran 10 s on a
# busy machine).
CHUNK = 20_000
# How far below the newest copied decision to look for decisions not copied yet. PostgreSQL
# hands out ids when a transaction starts writing, so a decision may commit after one with a
# higher id was copied; concurrent decisions are at most a few pools of connections apart.
LOOKBACK = 10_000
_IN_CHUNK = 500


def day_of(column: Any, session: Session) -> Any:
    """A SQL expression: the UTC day of a timestamp column."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return type_coerce(func.date(column), Date)


def refresh_inputs(*, session: Session) -> int:
    """Copy the inputs of decisions not yet copied, `CHUNK` decisions per statement, and mark
    their days stale; returns how many rows were added.

    Safe when two processes refresh at once: a row copied by the other is skipped.
    """
    last = session.scalar(select(func.coalesce(func.max(DecisionInput.application_id), 0))) or 0
    newest = session.scalar(select(func.coalesce(func.max(Application.id), 0))) or 0
    copied = exists().where(DecisionInput.application_id == Application.id)
    late = list(
        session.scalars(select(Application.id).where(Application.id > last - LOOKBACK, Application.id <= last, ~copied))
    )
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
    )
    columns = ["application_id", "created_at", "segment", "decision", "knocked_out", "model_version", "pd"]
    columns += ["threshold", "education", *values]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    chunks = [source.where(Application.id.in_(late[i : i + _IN_CHUNK])) for i in range(0, len(late), _IN_CHUNK)]
    chunks += [source.where(Application.id > low, Application.id <= low + CHUNK) for low in range(last, newest, CHUNK)]
    added = 0
    for chunk in chunks:
        statement = dialect.insert(DecisionInput).from_select(columns, chunk).on_conflict_do_nothing()
        added += session.connection().execute(statement).rowcount or 0
    if added:  # the days of the decisions just copied: their summaries are stale
        new = or_(DecisionInput.application_id > last, DecisionInput.application_id.in_(late[:_IN_CHUNK]))
        if len(late) > _IN_CHUNK:  # a backlog of late ones (rare): their whole span
            new = DecisionInput.application_id > last - LOOKBACK
        with_outcome = select(Outcome.application_id).join(
            DecisionInput, Outcome.application_id == DecisionInput.application_id
        )
        outcomes = session.scalar(select(with_outcome.where(new).exists())) or False
        days = select(DecisionInput.segment, day_of(DecisionInput.created_at, session)).where(new).distinct()
        mark_stale(session.execute(days).tuples(), decisions=True, outcomes=outcomes, session=session)
    return added


def mark_stale(days: Iterable[tuple[str, date]], *, decisions: bool, outcomes: bool, session: Session) -> None:
    """Mark (segment, day) pairs stale: with `decisions`, their decisions changed and both parts of
    their summaries are summed again when next asked for (their labels copied afresh); with
    `outcomes`, outcomes of their decisions changed: the outcomes' part and the rank statistics
    over them go. A mark already there keeps what it said too."""
    rows = [{"segment": s, "day": d, "decisions": decisions, "outcomes": outcomes} for s, d in sorted(set(days))]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = MonitoringStaleDay.__table__.c
    for start in range(0, len(rows), 500):
        statement = dialect.insert(MonitoringStaleDay).values(rows[start : start + 500])
        either = {name: table[name] | statement.excluded[name] for name in ("decisions", "outcomes")}
        session.execute(statement.on_conflict_do_update(index_elements=["segment", "day"], set_=either))
