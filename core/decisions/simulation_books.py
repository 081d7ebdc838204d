"""The two books a policy is simulated on, read from the database quickly.

- Labelled history: the segment champion's out-of-fold PDs (`oof.parquet` in the model
  store: no model scored its own training rows) with each row's observed outcome, joined by
  application id to the fields the knock-out rules read (`historical_applications`).
- Live applications: the decisions of the last N days in the segment, with the PD they were
  given (no outcomes yet), read from the decisions' inputs as typed columns
  (`core.data.decision_inputs`) through an index that covers them. Parsing each decision's
  stored JSON instead took seconds for 100,000 applications.

Each book is kept in memory per database and segment and served again while the database
still holds the same rows: a fingerprint of them (how many, the newest id, the sum of their
PDs; the champion's version for the labelled book) is read first, one aggregate over the
index. So a second simulation in a running app reads nothing but the fingerprint.
"""

from __future__ import annotations

import math
import threading
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.data.decision_inputs import refresh_inputs
from core.data.orm import DecisionInput, HistoricalApplication
from core.decisions import cutoffs
from core.modelling.registry import LoadedModel, ModelStore

RULE_FIELDS = ("age", "income", "decline_app_cnt", "bki_request_cnt")

_LOCK = threading.Lock()
_BOOKS: dict[tuple[str, str, str], tuple[tuple[Any, ...], pd.DataFrame]] = {}


class SimulationUnavailable(LookupError):
    """There is nothing to simulate on: no champion, or a champion without out-of-fold PDs."""


def labelled_book(*, session: Session, store: ModelStore, segment: str) -> tuple[pd.DataFrame, LoadedModel]:
    """The champion's out-of-fold PDs with outcomes and the fields the rules read, and the champion."""
    model = store.champion(segment)
    if model is None:
        raise SimulationUnavailable(f"no {segment}-client champion: run `python -m core train`")
    version = model.meta.version
    table = HistoricalApplication
    count, newest, income = session.execute(select(func.count(), func.max(table.id), func.sum(table.income))).one()
    fingerprint = (version, count, newest, income)
    book = _cached(session, "labelled", segment, fingerprint)
    if book is None:
        oof = cutoffs.read_oof(store, segment, version)
        if oof is None:
            raise SimulationUnavailable(f"the {segment}-client champion {version} has no out-of-fold PDs")
        columns = [getattr(table, name) for name in RULE_FIELDS]
        fields = _frame(session, select(table.source_id, *columns), ["client_id", *RULE_FIELDS])
        fields["client_id"] = fields["client_id"].astype(oof["client_id"].dtype)
        book = oof[["client_id", "default", "pd"]].merge(fields, on="client_id", how="inner", validate="one_to_one")
        _keep(session, "labelled", segment, fingerprint, book)
    if book.empty:
        raise SimulationUnavailable(f"the {segment}-client champion's rows are not in the database's history")
    return book, model


def live_book(*, session: Session, segment: str, since: datetime) -> pd.DataFrame:
    """Applications decided since `since` in `segment`: their PD and the fields the rules read
    (0 where a decision had no such field, as a newcomer has no bank data). The decisions'
    inputs are brought up to date first, in the caller's transaction (the caller commits)."""
    refresh_inputs(session=session)
    window = (DecisionInput.segment == segment, DecisionInput.created_at >= since)
    summary = select(func.count(), func.max(DecisionInput.application_id), func.sum(DecisionInput.pd))
    count, newest, total = session.execute(summary.where(*window)).one()
    fingerprint = (count, newest)
    book = _cached(session, "live", segment, fingerprint)
    if book is not None and math.isclose(float(book["pd"].sum()), float(total or 0), rel_tol=1e-9, abs_tol=1e-9):
        return book
    fields = [getattr(DecisionInput, name) for name in RULE_FIELDS]
    book = _frame(session, select(DecisionInput.pd, *fields).where(*window), ["pd", *RULE_FIELDS]).fillna(0)
    _keep(session, "live", segment, fingerprint, book)
    return book


def forget() -> None:
    """Drop every book kept in memory (tests; a process that wants a cold read)."""
    with _LOCK:
        _BOOKS.clear()


def _frame(session: Session, query: Select[Any], columns: list[str]) -> pd.DataFrame:
    # SQLAlchemy compiles the query and binds its parameters; the rows come straight from the
    # driver's cursor as plain tuples into one float array (every column here is a number,
    # None -> NaN). Building a Row for each and handing those to pandas took seconds on
    # 100,000 rows.
    with session.connection().execute(query) as result:
        rows = result.cursor.fetchall()
    return pd.DataFrame(np.array(rows, dtype=float).reshape(len(rows), len(columns)), columns=columns)


def _key(session: Session, book: str, segment: str) -> tuple[str, str, str]:
    return (session.get_bind().engine.url.render_as_string(hide_password=True), book, segment)


def _cached(session: Session, book: str, segment: str, fingerprint: tuple[Any, ...]) -> pd.DataFrame | None:
    kept = _BOOKS.get(_key(session, book, segment))
    return kept[1].copy() if kept is not None and kept[0] == fingerprint else None  # a copy: ~1 ms


def _keep(session: Session, book: str, segment: str, fingerprint: tuple[Any, ...], frame: pd.DataFrame) -> None:
    with _LOCK:
        _BOOKS[_key(session, book, segment)] = (fingerprint, frame)
