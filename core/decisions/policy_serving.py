"""Which policy decides the next application, without a restart.

Every decision reads the newest activation event (one row by primary key, joined to the
decision's first read of the applicant's region and client, so it costs no round trip of its
own); only when it differs from the one this process last saw does it load that version's
rules. Cut-offs in PD terms are worked out once per policy version and champion
(`core.decisions.cutoffs.resolve`). So a version approved in the app
or on the command line decides the very next application in every running process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.config import get_settings
from core.data.orm import PolicyActivation
from core.decisions import cutoffs, policy
from core.decisions.policy_defaults import initial_body
from core.decisions.policy_rules import PolicyBody, SegmentPolicy
from core.decisions.policy_store import active_body, ensure_initial, measure_unmeasured
from core.modelling.registry import LoadedModel, ModelStore

_LOCK = threading.Lock()
_BODIES: dict[tuple[Any, ...], PolicyBody] = {}
_CUTOFFS: dict[tuple[Any, ...], float] = {}


@dataclass(frozen=True)
class ServedPolicy:
    """The version deciding now: its number and rules."""

    key: tuple[Any, ...]  # (database, activation id, version, activation time): unique per activation
    number: int
    body: PolicyBody

    def segment(self, name: str) -> SegmentPolicy:
        """The rules of one segment."""
        return self.body.segments[name]  # type: ignore[index]

    def cutoff(self, segment: str, model: LoadedModel, store: ModelStore) -> float:
        """The segment's PD cut-off with this champion (worked out once per version and model)."""
        key = (*self.key, segment, model.meta.version)
        found = _CUTOFFS.get(key)
        if found is None:
            found = _CUTOFFS[key] = cutoffs.resolve(self.segment(segment).cutoff, model, store)
        return found

    def credit_limit(self, segment: str, decision: str, pd_: float, income: float) -> int | None:
        """The limit offered: the Premium card's by PD and income band, the Starter card's, or
        none yet for a referred application (the reviewer sets it)."""
        offer = self.segment(segment).offer
        if decision == policy.PREMIUM:
            return int(offer.premium_limit(pd_, income))
        return offer.starter_limit if decision == policy.ALTERNATIVE else None


def builtin(target_bad_rate: float) -> ServedPolicy:
    """Version 1's rules without a database (batch scoring of a file with no database given)."""
    return ServedPolicy(key=("builtin", target_bad_rate), number=1, body=initial_body(target_bad_rate))


_READ = object()


def current(
    *,
    session: Session,
    engine: Engine,
    store: ModelStore | None = None,
    activation: tuple[int, int, datetime] | object | None = _READ,
) -> ServedPolicy:
    """The policy that decides now; on a fresh database, version 1 is written first (its
    cut-offs measured on the champions in `store`). The first time a process serves a version,
    its cut-offs that were not measured when it was written are measured and kept beside it.

    `activation` is the newest activation (id, version, time) when the caller read it already,
    in the same transaction (a decision reads it with the applicant's region and client, in
    one round trip); None when there is none yet."""
    row = _newest(session) if activation is _READ else activation
    if row is None:
        # On the caller's own session and connection: a decision holds one pooled connection, never two.
        ensure_initial(session=session, target_bad_rate=get_settings().target_bad_rate, store=store)
        session.commit()  # version 1 stands, whatever becomes of the decision
        row = _newest(session)
        assert row is not None
    activation_id, number, at = cast(tuple[int, int, datetime], row)
    key = (engine.url.render_as_string(hide_password=True), activation_id, number, _stamp(at))
    body = _BODIES.get(key)
    if body is None:
        with _LOCK:
            body = _BODIES[key] = active_body(session=session, number=number)
        if store is not None and any(rules.cutoff.measured is None for rules in body.segments.values()):
            measure_unmeasured(session=session, number=number, store=store)  # the decision's own connection
            session.commit()
    return ServedPolicy(key=key, number=number, body=body)


# Built once: it runs on every decision, and building a statement costs more than running it.
_NEWEST = (
    select(PolicyActivation.id, PolicyActivation.number, PolicyActivation.at)
    .order_by(PolicyActivation.id.desc())
    .limit(1)
)


def _newest(session: Session) -> tuple[int, int, datetime] | None:
    # On the session's connection, not through the ORM: a third of the cost on PostgreSQL.
    row = session.connection().execute(_NEWEST).first()
    return None if row is None else (row[0], row[1], row[2])


def _stamp(at: datetime) -> str:
    return at.replace(tzinfo=None).isoformat()
