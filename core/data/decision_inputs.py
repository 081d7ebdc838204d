"""The decisions' model inputs as typed columns (`decision_inputs`), copied from the JSON of each
decision record in SQL, incrementally: monitoring bins and counts these columns, and the policy
simulation reads its live book from them (`core.decisions.simulation_data`), where reading the
JSON would parse it for every row of every query."""

from __future__ import annotations

from sqlalchemy import Float, case, cast, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.data.columns import BANK_FEATURES, EDUCATION_CODES, QUESTIONNAIRE_FEATURES
from core.data.orm import Application, DecisionInput

INPUTS: tuple[str, ...] = QUESTIONNAIRE_FEATURES + BANK_FEATURES


# Decisions copied per statement: each stays far inside PostgreSQL's statement timeout even
# when a large backlog is copied at once (100,000 decisions in one statement overran 10 s on a
# busy machine).
CHUNK = 20_000


def refresh_inputs(*, session: Session) -> int:
    """Copy the inputs of decisions not yet copied, `CHUNK` decisions per statement; returns how
    many rows were added.

    Safe when two processes refresh at once: a row copied by the other is skipped.
    """
    last = session.scalar(select(func.coalesce(func.max(DecisionInput.application_id), 0))) or 0
    newest = session.scalar(select(func.coalesce(func.max(Application.id), 0))) or 0
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
    added = 0
    for low in range(last, newest, CHUNK):
        chunk = source.where(Application.id > low, Application.id <= low + CHUNK)
        statement = dialect.insert(DecisionInput).from_select(columns, chunk).on_conflict_do_nothing()
        added += session.execute(statement).rowcount or 0
    return added
