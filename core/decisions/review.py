"""Manual review: an analyst's final decision on a referred application.

The automatic decision record is never changed. The analyst approves (choosing the card),
declines, or asks for documents, always with a note; each such step is a row of its own in
`application_reviews`, with who and when, and an entry in the audit log. An application is
decided for good once approved or declined; after documents were asked for it stays in the
queue for the next step.

Functions take the session as a keyword and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.data import reviews
from core.data.orm import Application, ApplicationReview, AuditEntry
from core.decisions import policy
from core.decisions.policy import ALTERNATIVE, OFFERS, PREMIUM, REFERRED
from core.i18n import t

APPROVED, DECLINED, DOCUMENTS = reviews.APPROVED, reviews.DECLINED, reviews.DOCUMENTS
OUTCOMES = (APPROVED, DECLINED, DOCUMENTS)
REVIEW_OFFERS = (OFFERS[PREMIUM], OFFERS[ALTERNATIVE])  # the cards an analyst may grant
MAX_NOTE = 2000
AUDIT_ACTION = "review_decided"


class ReviewError(ValueError):
    """A review step was refused and nothing changed; `code` and `params` name the reason."""

    def __init__(self, code: str, **params: Any):
        self.code, self.params = code, params
        super().__init__(self.message())

    def message(self, lang: str = "en") -> str:
        """The reason in plain words, in `lang`."""
        params = dict(self.params)
        if "outcome" in params:
            params["outcome"] = t(f"review.outcome.{params['outcome']}", lang)
        return t(f"review.error.{self.code}", lang, **params)


@dataclass(frozen=True)
class Case:
    """An application as staff review it: the decision record, the staff decisions on it
    (first step first) and the applications linked to it (same passport, same client)."""

    application: Application
    reviews: list[ApplicationReview]
    linked: list[Application]

    @property
    def final(self) -> ApplicationReview | None:
        """The staff decision that settled the application, if one did."""
        last = self.reviews[-1] if self.reviews else None
        return last if last is not None and last.outcome in reviews.FINAL_OUTCOMES else None

    @property
    def awaiting_review(self) -> bool:
        """Whether an analyst still has to decide (referred, and not settled yet)."""
        return self.application.decision == REFERRED and self.final is None


def review_case(*, session: Session, application_id: int) -> Case:
    """The application `application_id` with its staff decisions and linked applications."""
    application = session.get(Application, application_id)
    if application is None:
        raise ReviewError("no_such_application", id=application_id)
    return Case(
        application=application,
        reviews=reviews.reviews_of(session=session, application_id=application_id),
        linked=reviews.linked_applications(session=session, application=application),
    )


def decide(
    *,
    session: Session,
    application_id: int,
    reviewer: str,
    outcome: str,
    note: str,
    offer: str | None = None,
    now: datetime | None = None,
) -> ApplicationReview:
    """Record an analyst's decision on a referred application, and audit it.

    `outcome` is one of OUTCOMES; an approval names the card granted (`offer`, one of
    REVIEW_OFFERS), the others name none. The note is required. Raises `ReviewError` (nothing
    stored) when the input is wrong, the application was not referred, or it is already
    decided (unless the last step asked for documents).
    """
    now = now or datetime.now(UTC)
    text = str(note or "").strip()
    _check_input(outcome, offer, text)
    case = review_case(session=session, application_id=application_id)
    if case.application.decision != REFERRED:
        raise ReviewError("not_referred", id=application_id)
    if case.reviews and case.reviews[-1].outcome != DOCUMENTS:
        raise _already_decided(case.reviews[-1])
    review = ApplicationReview(
        application_id=application_id,
        step=len(case.reviews) + 1,
        outcome=outcome,
        offer=offer if outcome == APPROVED else None,
        note=text,
        reviewer=reviewer,
        decided_at=now,
    )
    try:
        with session.begin_nested():  # a concurrent decision on the same step loses cleanly
            reviews.add_review(session=session, review=review)
    except IntegrityError:
        session.expire_all()
        raise _already_decided(reviews.reviews_of(session=session, application_id=application_id)[-1]) from None
    # The audit log's row, written here so that no caller can forget it. `core.staff` owns the
    # log's helpers but is a sibling layer this package may not import; the row is the same.
    details = {"outcome": outcome, "offer": review.offer, "step": review.step, "note": text}
    session.add(
        AuditEntry(at=now, user_name=reviewer, action=AUDIT_ACTION, target=str(application_id), details=details)
    )
    return review


def _check_input(outcome: str, offer: str | None, note: str) -> None:
    if outcome not in OUTCOMES:
        raise ReviewError("bad_outcome", outcomes=", ".join(OUTCOMES))
    if outcome == APPROVED and offer not in REVIEW_OFFERS:
        raise ReviewError("offer_required", offers=", ".join(REVIEW_OFFERS))
    if outcome != APPROVED and offer is not None:
        raise ReviewError("offer_only_on_approval")
    if not note:
        raise ReviewError("note_required")
    if len(note) > MAX_NOTE:
        raise ReviewError("note_too_long", max_length=MAX_NOTE)


def _already_decided(last: ApplicationReview) -> ReviewError:
    when = last.decided_at if last.decided_at.tzinfo else last.decided_at.replace(tzinfo=UTC)
    return ReviewError(
        "already_decided",
        id=last.application_id,
        outcome=last.outcome,
        reviewer=last.reviewer,
        at=f"{when:%Y-%m-%d %H:%M} UTC",
    )


def review_state(application: Application, latest: ApplicationReview | None) -> str | None:
    """Where an application stands in review: 'awaiting_review', 'documents' (asked for, not
    settled), 'approved' or 'declined'; None for an application that was never referred."""
    if latest is not None:
        return latest.outcome
    return "awaiting_review" if application.decision == REFERRED else None


def referral_texts(application: Application, lang: str = "en") -> list[str]:
    """Why the application was referred, in words (none for an automatic decision)."""
    days = policy.REPEAT_WINDOWS.referral.days
    return [t(f"referral.{code}", lang, days=days) for code in application.referral_reasons or []]


def identity_text(check: Mapping[str, Any], lang: str = "en") -> str:
    """What the identity check of a decision record found, in words: whose passport it is and
    what differed from the bank's data on them."""
    if not check.get("client_id"):
        return ""
    differences = [t(f"review.identity.{code}", lang) for code in check.get("differences", [])]
    found = t("review.identity.client", lang, id=check["client_id"])
    return f"{found}: {', '.join(differences)}" if differences else found
