"""Regions, the bank's clients, their past applications, and the decision records with their reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.data.orm.base import Base

if TYPE_CHECKING:
    from core.data.orm.monitoring import ShadowScore


class Region(Base):
    """A region the questionnaire offers, with the bank's rating of it."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    rating: Mapped[int] = mapped_column(SmallInteger)


class Client(Base):
    """An existing client of the bank: identity, region and the bank's data on them."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)  # core.data.identity.name_key, for search
    birth_date: Mapped[date] = mapped_column(Date)
    passport: Mapped[str] = mapped_column(String(10), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    decline_app_cnt: Mapped[int] = mapped_column(Integer)
    score_bki: Mapped[float] = mapped_column(Float)
    bki_request_cnt: Mapped[int] = mapped_column(Integer)
    sna: Mapped[int] = mapped_column(SmallInteger)
    first_time: Mapped[int] = mapped_column(SmallInteger)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True)  # synthetic

    region: Mapped[Region] = relationship(lazy="joined")


class HistoricalApplication(Base):
    """A past application with its observed outcome, in the real data's schema: the training data."""

    __tablename__ = "historical_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, unique=True)  # the file's client_id (an application id)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    app_date: Mapped[date] = mapped_column(Date)
    education: Mapped[str | None] = mapped_column(String(3))
    sex: Mapped[str] = mapped_column(String(1))
    age: Mapped[int] = mapped_column(SmallInteger)
    car: Mapped[bool] = mapped_column(Boolean)
    car_type: Mapped[bool] = mapped_column(Boolean)
    decline_app_cnt: Mapped[int] = mapped_column(Integer)
    good_work: Mapped[bool] = mapped_column(Boolean)
    score_bki: Mapped[float] = mapped_column(Float)
    bki_request_cnt: Mapped[int] = mapped_column(Integer)
    region_rating: Mapped[int] = mapped_column(SmallInteger)
    home_address: Mapped[int] = mapped_column(SmallInteger)
    work_address: Mapped[int] = mapped_column(SmallInteger)
    income: Mapped[int] = mapped_column(Integer)
    sna: Mapped[int] = mapped_column(SmallInteger)
    first_time: Mapped[int] = mapped_column(SmallInteger)
    foreign_passport: Mapped[bool] = mapped_column(Boolean)
    default: Mapped[bool] = mapped_column(Boolean)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True)  # synthetic


class Application(Base):
    """A submitted application and its decision record: everything that produced the decision."""

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_created_at_decision", "created_at", "decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Chosen by the submitter (the form, the CLI's --key): a retry with it returns this record.
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True, index=True, default=lambda: uuid4().hex)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # A replayed application (`python -m core replay`) has no person behind it: no identity, only
    # the file's own id in `external_ref`.
    full_name: Mapped[str | None] = mapped_column(String(200))
    name_key: Mapped[str | None] = mapped_column(String(200), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    passport: Mapped[str | None] = mapped_column(String(10), index=True)
    external_ref: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)  # the sender's application id
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)  # the questionnaire as validated
    features: Mapped[dict[str, Any]] = mapped_column(JSON)  # the model's input, bank data included
    segment: Mapped[str] = mapped_column(String(16))
    model_name: Mapped[str] = mapped_column(String(100))
    model_version: Mapped[str] = mapped_column(String(100))
    pd: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    decision: Mapped[str] = mapped_column(String(16))
    offer: Mapped[str] = mapped_column(String(32))
    knockout: Mapped[str | None] = mapped_column(String(64))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    lang: Mapped[str] = mapped_column(String(2))
    policy_version: Mapped[int | None] = mapped_column(Integer)  # policy_versions.number; None before issue 12
    credit_limit: Mapped[int | None] = mapped_column(Integer)  # roubles, the limit the applicant was offered
    # Where the application came from: "web" (the questionnaire) or an API channel (core.staff.api_keys).
    channel: Mapped[str] = mapped_column(String(32), default="web", server_default="web")
    referral_reasons: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")  # why referred
    linked_applications: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    identity_check: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")  # identity.py
    contributions: Mapped[dict[str, float] | None] = mapped_column(JSON)  # every feature's, for staff
    consent_version: Mapped[str | None] = mapped_column(String(32))  # core.decisions.consent
    offer_accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    client: Mapped[Client | None] = relationship()
    shadow: Mapped[ShadowScore | None] = relationship()  # the challenger's score (core.decisions.shadow)


class ApplicationReview(Base):
    """A member of staff's decision on a referred application, stored beside the automatic one,
    which is never changed. An application has at most one final review (approved or declined);
    asking for documents leaves it open for the next step."""

    __tablename__ = "application_reviews"
    # One row per step: two analysts deciding the same step at once cannot both succeed.
    __table_args__ = (UniqueConstraint("application_id", "step", name="uq_application_reviews_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    step: Mapped[int] = mapped_column(SmallInteger)  # 1, then 2 after documents were asked for, ...
    outcome: Mapped[str] = mapped_column(String(16))  # core.decisions.review.OUTCOMES
    offer: Mapped[str | None] = mapped_column(String(32))  # the card granted, when approved
    note: Mapped[str] = mapped_column(String(2000))
    reviewer: Mapped[str] = mapped_column(String(64))  # a staff account's name
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SetupChoice(Base):
    """A choice made when the database was set up, e.g. `demo = off` (`python -m core setup --no-demo`)."""

    __tablename__ = "setup_choices"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    chosen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# The manual review queue: referred applications, oldest first (issue 11).
Index("ix_applications_decision_created_at", Application.decision, Application.created_at)
