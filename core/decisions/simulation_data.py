"""The books a policy is simulated on, and a simulation of a proposal against the active policy.

- Labelled history: the segment champion's out-of-fold PDs (`oof.parquet` in the model
  store: no model scored its own training rows) with each row's observed outcome, joined by
  application id to the fields the knock-out rules read (`historical_applications`).
- Live applications: the decisions of the last N days in the segment, with the PD they were
  given (no outcomes yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data.orm import Application, HistoricalApplication
from core.decisions import cutoffs, policy_store
from core.decisions.policy_rules import PolicyBody
from core.decisions.simulation import BookComparison, compare, strategy_curve
from core.modelling.registry import LoadedModel, ModelStore

RULE_FIELDS = ("age", "income", "decline_app_cnt", "bki_request_cnt")
LIVE_DAYS = 30


class SimulationUnavailable(LookupError):
    """There is nothing to simulate on: no champion, or a champion without out-of-fold PDs."""


@dataclass(frozen=True)
class Simulation:
    """A proposal against the active policy on one segment."""

    segment: str
    model_version: str
    active_number: int
    labelled: BookComparison
    live: BookComparison | None  # None when no application came in the last `live_days`
    live_days: int
    curve: pd.DataFrame  # the proposal's strategy curve: cutoff, approval_rate, bad_rate


def labelled_book(*, session: Session, store: ModelStore, segment: str) -> tuple[pd.DataFrame, LoadedModel]:
    """The champion's out-of-fold PDs with outcomes and the fields the rules read, and the champion."""
    model = store.champion(segment)
    if model is None:
        raise SimulationUnavailable(f"no {segment}-client champion: run `python -m core train`")
    oof = cutoffs.read_oof(store, segment, model.meta.version)
    if oof is None:
        raise SimulationUnavailable(f"the {segment}-client champion {model.meta.version} has no out-of-fold PDs")
    columns = [getattr(HistoricalApplication, name) for name in RULE_FIELDS]
    rows = session.execute(select(HistoricalApplication.source_id, *columns)).all()
    fields = pd.DataFrame(rows, columns=["client_id", *RULE_FIELDS])
    book = oof[["client_id", "default", "pd"]].merge(fields, on="client_id", how="inner", validate="one_to_one")
    if book.empty:
        raise SimulationUnavailable(f"the {segment}-client champion's rows are not in the database's history")
    return book, model


def live_book(*, session: Session, segment: str, since: datetime) -> pd.DataFrame:
    """Applications decided since `since` in `segment`: their PD and the fields the rules read."""
    # The database reads the few fields out of each stored JSON, far cheaper than decoding it whole.
    fields = [Application.features[name].as_float().label(name) for name in RULE_FIELDS]
    query = select(Application.pd, *fields).where(Application.created_at >= since, Application.segment == segment)
    return pd.DataFrame(session.execute(query).all(), columns=["pd", *RULE_FIELDS]).fillna(0)


def measured_body(body: PolicyBody, store: ModelStore) -> PolicyBody:
    """`body` with each segment's cut-off measured on its champion's out-of-fold PDs, as a new
    version stores it (kept as it was where a segment has no champion or no out-of-fold PDs)."""
    segments = dict(body.segments)
    for name, rules in body.segments.items():
        model = store.champion(name)
        oof = cutoffs.read_oof(store, name, model.meta.version) if model else None
        if model is None or oof is None:
            continue
        found = cutoffs.measured(rules.cutoff.basis, rules.cutoff.value, oof, model.meta.version)
        segments[name] = rules.model_copy(update={"cutoff": rules.cutoff.model_copy(update={"measured": found})})
    return body.model_copy(update={"segments": segments})


def simulate(
    *,
    session: Session,
    store: ModelStore,
    segment: str,
    proposed: PolicyBody,
    lgd: float,
    target_bad_rate: float,
    live_days: int = LIVE_DAYS,
    now: datetime | None = None,
) -> Simulation:
    """`proposed` against the active policy on `segment`'s labelled history and live applications."""
    number = policy_store.ensure_initial(session=session, target_bad_rate=target_bad_rate)
    active = policy_store.active_body(session=session, number=number)
    book, model = labelled_book(session=session, store=store, segment=segment)
    rules_now, rules_then = active.segments[segment], proposed.segments[segment]  # type: ignore[index]
    now_pair = (rules_now, cutoffs.resolve(rules_now.cutoff, model, store))
    then_pair = (rules_then, cutoffs.resolve(rules_then.cutoff, model, store))
    since = (now or datetime.now(UTC)) - timedelta(days=live_days)
    live = live_book(session=session, segment=segment, since=since)
    return Simulation(
        segment=segment,
        model_version=model.meta.version,
        active_number=number,
        labelled=compare(book, now_pair, then_pair, lgd=lgd),
        live=compare(live, now_pair, then_pair, lgd=lgd) if len(live) else None,
        live_days=live_days,
        curve=strategy_curve(rules_then, book),
    )
