"""A simulation of a proposal against the active policy, on the labelled history and the live
applications (`core.decisions.simulation_books` reads them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy.orm import Session

from core.decisions import cutoffs, policy_store
from core.decisions.policy_rules import PolicyBody
from core.decisions.simulation import BookComparison, compare, strategy_curve
from core.decisions.simulation_books import RULE_FIELDS, SimulationUnavailable, labelled_book, live_book
from core.modelling.registry import ModelStore

__all__ = ["LIVE_DAYS", "RULE_FIELDS", "Simulation", "SimulationUnavailable", "labelled_book", "live_book", "simulate"]
LIVE_DAYS = 30


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
    """`proposed` against the active policy on `segment`'s labelled history and live applications
    (the caller commits: version 1 may be written, and the decisions' inputs are brought up to date)."""
    number = policy_store.ensure_initial(session=session, target_bad_rate=target_bad_rate, store=store)
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
