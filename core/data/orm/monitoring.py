"""What monitoring reads: outcomes, the challenger's shadow scores, decisions' inputs as columns, alerts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.data.orm.base import Base


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
    `applications` by `core.data.decision_inputs`; rebuildable at any time."""

    __tablename__ = "decision_inputs"
    __table_args__ = (
        Index("ix_decision_inputs_segment_created_at", "segment", "created_at"),
        # Covers the policy simulation's live book: a segment's recent PDs and the fields the
        # knock-out rules read come from the index alone, not from 100,000 scattered rows.
        # (The rule fields are `core.decisions.simulation_books.RULE_FIELDS`.)
        Index(
            "ix_decision_inputs_live_book",
            *("segment", "created_at", "pd", "age", "income", "decline_app_cnt", "bki_request_cnt"),
        ),
    )

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


class MonitoringDay(Base):
    """One day of one segment's decisions summed up for the Monitoring page (`core.monitoring.daily`):
    counts, sums and bin counts against the champion's reference bins and cut-off (`basis`: its
    version and a digest of both), in two parts: what the decisions alone give (`decisions`, from
    `decision_inputs` and `shadow_scores`) and what their outcomes give (`outcomes`, from
    `monitoring_labels`), so that outcomes recorded re-sum only the second. Rebuildable at any time."""

    __tablename__ = "monitoring_days"

    segment: Mapped[str] = mapped_column(String(16), primary_key=True)
    basis: Mapped[str] = mapped_column(String(100), primary_key=True)  # champion version:digest of its bins and cut-off
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # UTC
    part: Mapped[str] = mapped_column(String(16), primary_key=True)  # decisions or outcomes
    n: Mapped[int] = mapped_column(Integer)
    tallies: Mapped[dict[str, Any]] = mapped_column(JSON)


class MonitoringLabel(Base):
    """A decision with an observed outcome, narrowed to what realised AUROC needs (its day, the
    champion's and the challenger's PD, the applicant's age) and the outcomes' part of a day's
    summary (whether it was approved): the rank statistics need the rows. Recording an outcome
    writes its row (`core.monitoring.outcomes`); a day whose decisions changed is copied afresh."""

    __tablename__ = "monitoring_labels"
    __table_args__ = (Index("ix_monitoring_labels_segment_day", "segment", "day"),)

    # No foreign key: derived rows, copied by the tens of thousands at a time and dropped with their day.
    application_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    segment: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    pd: Mapped[float] = mapped_column(Float)
    shadow_pd: Mapped[float | None] = mapped_column(Float)
    age: Mapped[float | None] = mapped_column(Float)
    approved: Mapped[bool] = mapped_column(Boolean)
    bad: Mapped[bool] = mapped_column(Boolean)


class MonitoringStaleDay(Base):
    """A day whose summaries no longer hold: new decisions arrived for it (`decisions`: both parts
    go, and its labels are copied afresh), or outcomes for its decisions (`outcomes`: the outcomes'
    part goes, and every rank statistic over the day)."""

    __tablename__ = "monitoring_stale_days"

    segment: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    decisions: Mapped[bool] = mapped_column(Boolean)
    outcomes: Mapped[bool] = mapped_column(Boolean)


class MonitoringRank(Base):
    """A rank statistic (realised AUROC and KS) over a segment's decisions with outcomes from
    `first_day` to `last_day`, per group (0, or an age band; -100 marks the range as computed):
    kept until outcomes change on a day of the range, since it cannot be added up from days."""

    __tablename__ = "monitoring_ranks"

    segment: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)  # champion, shadow_champion, challenger, band
    first_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_day: Mapped[date] = mapped_column(Date, primary_key=True)
    grp: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    auroc: Mapped[float | None] = mapped_column(Float)
    ks: Mapped[float | None] = mapped_column(Float)
