"""Queries and writes of the manual review: the queue of referred applications, the staff
decisions on them, and the applications linked to one (same passport, same client).

Like every repository function these take the session as a keyword and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Exists, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from core.data.orm import Application, ApplicationReview

REFERRED = "referred"  # core.decisions.policy.REFERRED: the automatic decision that sends it to an analyst
APPROVED, DECLINED, DOCUMENTS = "approved", "declined", "documents"
FINAL_OUTCOMES = (APPROVED, DECLINED)  # after these the application is decided for good
MAX_LINKED = 50  # a passport with more applications than this is shown by its newest ones


def _decided_for_good() -> Exists:
    """Whether an application (of the enclosing query) has a final staff decision."""
    return exists().where(
        ApplicationReview.application_id == Application.id, ApplicationReview.outcome.in_(FINAL_OUTCOMES)
    )


def review_queue(*, session: Session, limit: int, offset: int = 0) -> tuple[list[Application], int]:
    """Referred applications without a final staff decision (those waiting for documents
    included), oldest first; and how many there are."""
    condition = and_(Application.decision == REFERRED, ~_decided_for_good())
    total = session.scalar(select(func.count()).select_from(Application).where(condition)) or 0
    rows = session.scalars(
        select(Application)
        .where(condition)
        .order_by(Application.created_at, Application.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows), total


def reviews_of(*, session: Session, application_id: int) -> list[ApplicationReview]:
    """The staff decisions on an application, first step first."""
    query = select(ApplicationReview).where(ApplicationReview.application_id == application_id)
    return list(session.scalars(query.order_by(ApplicationReview.step)))


def latest_reviews(*, session: Session, application_ids: Iterable[int]) -> dict[int, ApplicationReview]:
    """The newest staff decision of each of these applications that has one."""
    ids = list(application_ids)
    if not ids:
        return {}
    newest = (
        select(ApplicationReview.application_id, func.max(ApplicationReview.step).label("step"))
        .where(ApplicationReview.application_id.in_(ids))
        .group_by(ApplicationReview.application_id)
        .subquery()
    )
    query = select(ApplicationReview).join(
        newest,
        and_(ApplicationReview.application_id == newest.c.application_id, ApplicationReview.step == newest.c.step),
    )
    return {review.application_id: review for review in session.scalars(query)}


def add_review(*, session: Session, review: ApplicationReview) -> ApplicationReview:
    """Store a staff decision; raises `sqlalchemy.exc.IntegrityError` if its step is taken."""
    session.add(review)
    session.flush()
    return review


def linked_applications(*, session: Session, application: Application) -> list[Application]:
    """Other applications with the same passport or from the same client, and those the decision
    record links to (`Application.linked_applications`), newest first. An application without a
    passport (the demo history's replayed ones) shares it with none."""
    same = Application.passport == application.passport if application.passport else false()
    if application.client_id is not None:
        same = or_(same, Application.client_id == application.client_id)
    if application.linked_applications:
        same = or_(same, Application.id.in_([int(i) for i in application.linked_applications]))
    query = select(Application).where(same, Application.id != application.id)
    return list(session.scalars(query.order_by(Application.created_at.desc(), Application.id.desc()).limit(MAX_LINKED)))


def reviewed_condition(reviewed: bool) -> ColumnElement[bool]:
    """A filter on applications: with a final staff decision (True), or referred and still
    waiting for one (False)."""
    if reviewed:
        final = select(ApplicationReview.application_id).where(ApplicationReview.outcome.in_(FINAL_OUTCOMES))
        return Application.id.in_(final)
    return and_(Application.decision == REFERRED, ~_decided_for_good())
