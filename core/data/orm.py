"""The database schema as typed SQLAlchemy models. Migrations in `sql/versions` create it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, SmallInteger, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.data.base import Base
from core.data.staff_tables import AuditEntry as AuditEntry  # the staff tables live beside, by concern
from core.data.staff_tables import StaffAccount as StaffAccount
from core.data.staff_tables import StaffSession as StaffSession
from core.data.staff_tables import UnknownSignIn as UnknownSignIn


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


class PolicyVersion(Base):
    """One version of the credit policy, never edited once written: its rules as a document
    (`core.decisions.policy_rules.PolicyBody`), who wrote it, when and why."""

    __tablename__ = "policy_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)  # 1, 2, ...: what decisions are stamped with
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(500))
    based_on: Mapped[int | None] = mapped_column(Integer)  # the number of the version it was drafted from
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class PolicyActivation(Base):
    """An append-only event: from `at` on, version `number` decides. The newest row is the
    active policy; an approval, the first version and a rollback each add one."""

    __tablename__ = "policy_activations"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    number: Mapped[int] = mapped_column(ForeignKey("policy_versions.number"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # initial | approval | rollback
    by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(500))


class Outcome(Base):
    """What became of an approved or declined application: whether it defaulted, observed when."""

    __tablename__ = "outcomes"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), primary_key=True)
    default: Mapped[bool] = mapped_column(Boolean)
    observed_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ShadowScore(Base):
    """A decision scored again by its segment's challenger: stored beside the champion's, never used."""

    __tablename__ = "shadow_scores"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), primary_key=True)
    model_version: Mapped[str] = mapped_column(String(100), index=True)
    pd: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)


class DecisionInput(Base):
    """A decision's model inputs as typed columns, so that monitoring bins and counts them in SQL
    (the JSON of `applications.features` would be parsed for every row). Derived from
    `applications` by `core.monitoring.projection`; rebuildable at any time."""

    __tablename__ = "decision_inputs"
    __table_args__ = (Index("ix_decision_inputs_segment_created_at", "segment", "created_at"),)

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    segment: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(16))
    knocked_out: Mapped[bool] = mapped_column(Boolean)
    model_version: Mapped[str] = mapped_column(String(100))
    pd: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    education: Mapped[float | None] = mapped_column(Float)  # the code the models see (SCH 0 ... ACD 4)
    age: Mapped[float | None] = mapped_column(Float)
    income: Mapped[float | None] = mapped_column(Float)
    good_work: Mapped[float | None] = mapped_column(Float)
    car: Mapped[float | None] = mapped_column(Float)
    car_type: Mapped[float | None] = mapped_column(Float)
    foreign_passport: Mapped[float | None] = mapped_column(Float)
    region_rating: Mapped[float | None] = mapped_column(Float)
    home_address: Mapped[float | None] = mapped_column(Float)
    work_address: Mapped[float | None] = mapped_column(Float)
    decline_app_cnt: Mapped[float | None] = mapped_column(Float)
    score_bki: Mapped[float | None] = mapped_column(Float)
    bki_request_cnt: Mapped[float | None] = mapped_column(Float)
    sna: Mapped[float | None] = mapped_column(Float)
    first_time: Mapped[float | None] = mapped_column(Float)


class MonitoringAlert(Base):
    """An alert raised once: a PSI crossed a band, or the realised bad rate left the target's tolerance."""

    __tablename__ = "monitoring_alerts"
    __table_args__ = (Index("ux_monitoring_alerts_key", "segment", "period", "kind", "subject", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    segment: Mapped[str] = mapped_column(String(16))
    period: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # psi_watch, psi_act, bad_rate
    subject: Mapped[str] = mapped_column(String(64))  # the input (or `score`), or `approved`
    value: Mapped[float] = mapped_column(Float)


class SetupChoice(Base):
    """A choice made when the database was set up, e.g. `demo = off` (`python -m core setup --no-demo`)."""

    __tablename__ = "setup_choices"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    chosen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiKey(Base):
    """A channel's key to the decision API (core.api). Only the SHA-256 of the random key is
    stored; `prefix` (its first characters) names it in listings. `window_count` counts the key's
    requests in the minute `window_minute` (minutes since 1970, UTC), for its rate limit."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), index=True)
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    rate_limit: Mapped[int] = mapped_column(Integer)  # requests per minute
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    window_minute: Mapped[int] = mapped_column(Integer, default=0)
    window_count: Mapped[int] = mapped_column(Integer, default=0)
