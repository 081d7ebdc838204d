"""Scoring: route an applicant to a segment's model, decide, explain, and store the record.

`score_application` is the one door for single decisions (the questionnaire page, tests,
benchmarks); `score_frame` scores a checked batch (`python -m core score`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.data import orm, repository
from core.data.connections import database_errors
from core.data.dataset import DataError, Problem, has_bank_fields
from core.data.db import as_utc
from core.data.identity import name_key
from core.decisions import policy
from core.decisions.consent import CONSENT_VERSION
from core.decisions.explanations import applicant_reasons
from core.decisions.identity import check_identity
from core.decisions.reasons import contributions, top_reason_codes, top_reasons
from core.decisions.repeats import find_repeats
from core.decisions.schema import Application, FieldError, ValidationError, parse_application
from core.decisions.submissions import find_stored, key_problems, new_idempotency_key, store_once
from core.i18n import LANGUAGES, t
from core.modelling.features import BANK_FEATURES, encode_frame, encode_row
from core.modelling.registry import LoadedModel, ModelStore

BatchSegment = Literal["new", "existing", "auto"]
_BATCH_CHUNK = 50_000
_CARD = {policy.PREMIUM: "premium", policy.ALTERNATIVE: "starter"}  # a batch's one decision vocabulary


class ModelUnavailable(RuntimeError):
    """No champion model is installed for a segment: train one (`python -m core train`)."""


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
        """The offer as the applicant reads it."""
        return t(f"offer.{self.offer}", lang)

    def applicant_reasons(self, lang: str = "en") -> list[str]:
        """The reasons an applicant may be told (never the bank's data on them)."""
        return applicant_reasons(self.reasons, lang)


def champion_or_fail(store: ModelStore, segment: str) -> LoadedModel:
    """The segment's champion, or `ModelUnavailable` with what to do about it."""
    model = store.champion(segment)
    if model is None and (problem := store.problem(segment)) is not None:
        raise ModelUnavailable(f"no {segment}-client model loads ({problem.error}): promote a working one or retrain")
    if model is None:
        raise ModelUnavailable(f"no {segment}-client model in {store.root}: run `python -m core train`")
    return model


def score_application(
    raw: Mapping[str, Any],
    *,
    engine: Engine,
    store: ModelStore,
    lang: str = "en",
    now: datetime | None = None,
    idempotency_key: str | None = None,
    windows: policy.RepeatWindows = policy.REPEAT_WINDOWS,
) -> Decision:
    """Validate one application, score it with its segment's champion, store and return the decision.

    `idempotency_key` names the submission (`core.decisions.submissions`): sent again, the stored
    decision comes back. A client's passport with another birth date or name (`identity`), or
    different answers within `windows.referral` of an earlier application (`repeats`), is referred
    to an analyst; the same answers within `windows.same_answers` return the earlier decision.
    Raises `ValidationError` (nothing stored, the database not even read), `ModelUnavailable`,
    or `DatabaseUnavailable` (retry with the same key: safe even if the write landed).
    """
    now = now or datetime.now(UTC)
    key = new_idempotency_key() if idempotency_key is None else idempotency_key
    try:
        application = parse_application(raw, today=now.date())
    except ValidationError as invalid:
        raise ValidationError(key_problems(key) + invalid.errors) from None
    if problems := key_problems(key):
        raise ValidationError(problems)
    with database_errors():
        if (stored := find_stored(engine, key, application.answers())) is not None:
            return decision_of(stored)
        record = _decide(application, engine=engine, store=store, now=now, windows=windows)
        if record.id is not None:  # the same answers again, within the short window: the earlier decision
            return decision_of(record)
        record.idempotency_key, record.lang = key, lang if lang in LANGUAGES else "en"
        return decision_of(store_once(engine, record))


def _decide(
    application: Application, *, engine: Engine, store: ModelStore, now: datetime, windows: policy.RepeatWindows
) -> orm.Application:
    """The decision record of a validated application, not yet stored; or the stored one it repeats."""
    answers = application.answers()
    # Read first, write last: the write transaction stays short, so concurrent decisions on
    # SQLite never wait on each other's model time.
    with Session(engine) as session:
        region = repository.find_region(session=session, name=application.region)
        if region is None:
            raise ValidationError([FieldError("region", "unknown_region")])
        identity = check_identity(
            session=session,
            passport=application.passport,
            birth_date=application.birth_date,
            full_name=application.full_name,
        )
        repeats = find_repeats(
            session=session, passport=application.passport, answers=answers, now=now, windows=windows
        )
        if repeats.same is not None:
            return repeats.same
        features = _features(application, region.rating, identity.client, now)
        client_id = identity.client.id if identity.client else None
    referral = [policy.IDENTITY_MISMATCH] * identity.mismatch + [policy.REPEAT_APPLICATION] * repeats.changed
    segment = "existing" if client_id else "new"
    model = champion_or_fail(store, segment)
    meta = model.meta
    x = np.asarray([encode_row(features, meta.features)])
    pd_, contribution = contributions(model.predictor, x, model.reference)
    knockouts = policy.knockouts(features)
    decision = str(policy.decide(pd_[0], meta.threshold, bool(knockouts)))
    values = [features[name] for name in meta.features]
    # A knock-out decides alone, so it is the only reason; the contributions stay on record for staff.
    reasons = knockouts or top_reasons(
        contribution[0], meta.features, values, decision, params={"region_rating": {"region": application.region}}
    )
    return orm.Application(
        created_at=now,
        full_name=application.full_name,
        name_key=name_key(application.full_name),
        birth_date=application.birth_date,
        passport=application.passport,
        client_id=client_id,
        answers=answers,
        features=features,
        segment=segment,
        model_name=meta.name,
        model_version=meta.version,
        pd=float(pd_[0]),
        threshold=meta.threshold,
        decision=policy.REFERRED if referral else decision,
        offer=policy.OFFERS[policy.REFERRED if referral else decision],
        knockout=knockouts[0]["code"] if knockouts else None,
        reasons=reasons,
        referral_reasons=referral,
        linked_applications=repeats.linked,
        identity_check=identity.record(),
        contributions={name: round(float(c), 4) for name, c in zip(meta.features, contribution[0], strict=True)},
        consent_version=CONSENT_VERSION,
    )


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
        referral_reasons=list(record.referral_reasons or []),
        linked_applications=list(record.linked_applications or []),
        identity_check=dict(record.identity_check or {}),
        consent_version=record.consent_version,
        offer_accepted_at=record.offer_accepted_at and as_utc(record.offer_accepted_at),
    )


def _features(application: Application, region_rating: int, client: orm.Client | None, now: datetime) -> dict:
    features: dict[str, Any] = {
        "education": application.education,
        "age": application.age_on(now.date()),
        "income": application.income,
        "good_work": int(application.good_work),
        "car": int(application.car),
        "car_type": int(application.car_type),
        "foreign_passport": int(application.foreign_passport),
        "region_rating": region_rating,
        "home_address": application.home_address,
        "work_address": application.work_address,
    }
    if client is not None:
        features |= {name: getattr(client, name) for name in BANK_FEATURES}
    return features


def route(frame: pd.DataFrame, segment: BatchSegment) -> np.ndarray:
    """Each row's segment: `auto` sends rows with all bank fields to the existing-client model."""
    bank = has_bank_fields(frame)
    if segment == "existing" and not bank.all():
        lines = np.flatnonzero(~bank)
        problems = [Problem(int(i) + 2, "bank fields", "", "missing for --segment existing") for i in lines[:5]]
        raise DataError(problems, {"bank fields": len(lines)}, len(frame))
    if segment == "new":
        return np.full(len(frame), "new", dtype=object)
    return np.where(bank, "existing", "new").astype(object)


def score_frame(
    frame: pd.DataFrame,
    *,
    store: ModelStore,
    segment: BatchSegment = "auto",
    on_rows: Callable[[int], object] | None = None,
) -> pd.DataFrame:
    """Score a checked score frame (`core.data.dataset`): one output row per input row, in order.
    `decision` is the card offered (premium or starter); `on_rows(n)` hears of each chunk scored."""
    segments = route(frame, segment)
    n = len(frame)
    pd_out = np.empty(n)
    decision = np.empty(n, dtype=object)
    reasons = np.empty(n, dtype=object)
    version = np.empty(n, dtype=object)
    age = frame["age"].to_numpy(dtype=float)
    for name in ("new", "existing"):
        rows = np.flatnonzero(segments == name)
        if not len(rows):
            continue
        model = champion_or_fail(store, name)
        X = encode_frame(frame.iloc[rows], model.meta.features)
        for start in range(0, len(rows), _BATCH_CHUNK):
            part = rows[start : start + _BATCH_CHUNK]
            p, contribution = contributions(model.predictor, X[start : start + _BATCH_CHUNK], model.reference)
            knocked = policy.knocked_out(age[part])
            decided = policy.decide(p, model.meta.threshold, knocked)
            codes = top_reason_codes(contribution, model.meta.features, decided == policy.PREMIUM)
            pd_out[part] = p
            decision[part] = decided
            reasons[part] = np.where(knocked, "knockout.age", codes)  # a knock-out decides alone
            version[part] = model.meta.version
            if on_rows is not None:
                on_rows(len(part))
    return pd.DataFrame(
        {
            "client_id": frame["client_id"].to_numpy(),
            "segment": segments,
            "pd": pd_out.round(6),
            "decision": pd.Series(decision).map(_CARD).to_numpy(),
            "reasons": reasons,
            "model_version": version,
        }
    )
