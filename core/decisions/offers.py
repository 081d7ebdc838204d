"""The applicant's answer to an offer: a declined applicant may accept the Starter card at once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.data import repository
from core.decisions import policy
from core.decisions.scoring import Decision, decision_of


class OfferNotAcceptable(ValueError):
    """The application has no Starter card offer to accept (approved, referred or unknown)."""


def accept_offer(*, engine: Engine, application_id: int, now: datetime | None = None) -> Decision:
    """Record that the applicant accepted the Starter card offered with this decision.

    Accepting twice keeps the first time. Raises `OfferNotAcceptable` for an application that
    was not offered the Starter card.
    """
    with Session(engine) as session, session.begin():
        record = repository.find_application(session=session, application_id=application_id, for_update=True)
        if record is None or record.decision != policy.ALTERNATIVE:
            raise OfferNotAcceptable(f"application {application_id} has no Starter card offer to accept")
        if record.offer_accepted_at is None:
            record.offer_accepted_at = now or datetime.now(UTC)
        session.flush()
        return decision_of(record)
