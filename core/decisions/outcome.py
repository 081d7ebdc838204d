"""A decision as its callers see it: the `Decision` view of a stored decision record.

Kept apart from `core.decisions.scoring` (which makes decisions) so that whatever shows or
changes a decision (the questionnaire, the offer's acceptance, staff views) reads one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.data import orm
from core.data.db import as_utc
from core.decisions import policy
from core.decisions.explanations import applicant_reasons
from core.i18n import money, t


@dataclass(frozen=True)
class Decision:
    """The decision record as stored, returned to the caller."""

    id: int
    created_at: datetime
    segment: str
    client_id: int | None
    model_name: str
    model_version: str
    pd: float
    threshold: float
    decision: str
    offer: str
    knockout: str | None
    reasons: list[dict[str, Any]]
    idempotency_key: str
    policy_version: int | None = None
    credit_limit: int | None = None
    referral_reasons: list[str] = field(default_factory=list)
    linked_applications: list[int] = field(default_factory=list)
    identity_check: dict[str, Any] = field(default_factory=dict)
    consent_version: str | None = None
    offer_accepted_at: datetime | None = None

    @property
    def approved(self) -> bool:
        """Whether the premium card was granted."""
        return self.decision == policy.PREMIUM

    @property
    def referred(self) -> bool:
        """Whether the application waits for an analyst (no automatic decision was given)."""
        return self.decision == policy.REFERRED

    @property
    def number(self) -> int:
        """The application number the applicant is told and staff look up."""
        return self.id

    def offer_text(self, lang: str = "en") -> str:
        """The offer as the applicant reads it, with its credit limit."""
        if self.credit_limit is None:
            return t(f"offer.{self.offer}", lang)
        return t(f"offer.{self.offer}.limit", lang, limit=money(self.credit_limit, lang))

    def applicant_reasons(self, lang: str = "en") -> list[str]:
        """The reasons an applicant may be told (never the bank's data on them)."""
        return applicant_reasons(self.reasons, lang)


def decision_of(record: orm.Application) -> Decision:
    """The `Decision` view of a stored decision record."""
    return Decision(
        id=record.id,
        created_at=as_utc(record.created_at),
        segment=record.segment,
        client_id=record.client_id,
        model_name=record.model_name,
        model_version=record.model_version,
        pd=record.pd,
        threshold=record.threshold,
        decision=record.decision,
        offer=record.offer,
        knockout=record.knockout,
        reasons=record.reasons,
        idempotency_key=record.idempotency_key,
        policy_version=record.policy_version,
        credit_limit=record.credit_limit,
        referral_reasons=list(record.referral_reasons or []),
        linked_applications=list(record.linked_applications or []),
        identity_check=dict(record.identity_check or {}),
        consent_version=record.consent_version,
        offer_accepted_at=record.offer_accepted_at and as_utc(record.offer_accepted_at),
    )
