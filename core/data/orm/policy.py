"""The credit policy's versions and their activations (append-only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.data.orm.base import Base


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


class PolicyMeasurement(Base):
    """A version's cut-off measured after it was written, because no champion with out-of-fold
    PDs existed then (version 1 on a fresh database): an annotation beside the version, whose
    rules stay as written. One row per version and segment, never edited."""

    __tablename__ = "policy_measurements"
    __table_args__ = (UniqueConstraint("number", "segment", name="uq_policy_measurements_number_segment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(ForeignKey("policy_versions.number"))
    segment: Mapped[str] = mapped_column(String(16))
    measured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    model_version: Mapped[str] = mapped_column(String(100))  # the champion it was measured on
    pd: Mapped[float] = mapped_column(Float)
    approval_rate: Mapped[float] = mapped_column(Float)
    bad_rate: Mapped[float] = mapped_column(Float)
