"""Scoring: route an applicant to a segment's model, decide, explain, and store the record.

`score_application` is the one door for single decisions (the questionnaire page, tests,
benchmarks); `score_frame` scores a checked batch (`python -m core score`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.config import get_settings
from core.data import decision_reads, orm, repository
from core.data.connections import database_errors
from core.data.dataset import DataError, Problem, has_bank_fields
from core.data.identity import name_key
from core.decisions import policy, policy_serving
from core.decisions.consent import CONSENT_VERSION
from core.decisions.errors import ModelUnavailable  # raised here; callers may import it from either
from core.decisions.identity import check_identity
from core.decisions.outcome import Decision, decision_of
from core.decisions.reasons import contributions, top_reason_codes, top_reasons
from core.decisions.repeats import find_repeats
from core.decisions.schema import Application, FieldError, ValidationError, parse_application
from core.decisions.shadow import shadow_score
from core.decisions.submissions import find_stored, key_problems, new_idempotency_key, store_once, stored_under
from core.i18n import LANGUAGES
from core.modelling.features import BANK_FEATURES, encode_frame, encode_row
from core.modelling.registry import LoadedModel, ModelStore

BatchSegment = Literal["new", "existing", "auto"]
_BATCH_CHUNK = 50_000
# A batch's one decision vocabulary.
_CARD = {policy.PREMIUM: "premium", policy.ALTERNATIVE: "starter", policy.REFERRED: policy.REFERRED}


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
    channel: str = "web",
    windows: policy.RepeatWindows | None = None,
    with_it: Callable[[Session, orm.Application], None] | None = None,
) -> Decision:
    """Validate one application, score it with its segment's champion, store and return the decision.

    `channel` is where it came from: "web" (the questionnaire) or a decision API channel.
    `with_it` writes what must be committed with a new decision, in its transaction (the
    decision API's audit entry); it is not called when a stored decision is returned.

    `idempotency_key` names the submission (`core.decisions.submissions`): sent again, the
    stored decision comes back. A client's passport with another birth date or name
    (`core.decisions.identity`), or different answers from the same passport within
    `windows.referral` (`core.decisions.repeats`), is referred to an analyst; the same answers
    within `windows.same_answers` get the earlier decision back (windows: the policy's). Raises
    `ValidationError` (one message per bad field; nothing stored, the database not even read),
    `ModelUnavailable`, or `DatabaseUnavailable` (retry with the same key: safe even if the
    write landed).
    """
    now = now or datetime.now(UTC)
    key = new_idempotency_key() if idempotency_key is None else idempotency_key
    try:
        application = parse_application(raw, today=now.date())
    except ValidationError as invalid:
        raise ValidationError(key_problems(key) + invalid.errors) from None
    if problems := key_problems(key):
        raise ValidationError(problems)
    # One session, so one pooled connection and one transaction, for the whole decision: its
    # reads, then its write. PostgreSQL's reads take no locks; SQLite's transaction begins with
    # the write, so concurrent decisions there never wait on each other's model time.
    with database_errors(), Session(engine, expire_on_commit=False) as session:
        reads = decision_reads.find_region_and_client(
            session=session, region=application.region, passport=application.passport, idempotency_key=key
        )
        # The key is looked up with the first read; without the region (one the bank no longer
        # knows), on its own, so a stored decision still comes back.
        answers = application.answers()
        stored = (
            stored_under(session, reads.submission, answers) if reads.region else find_stored(session, key, answers)
        )
        if stored is not None:
            return decision_of(stored)
        record, earlier = _decide(
            application,
            reads,
            answers,
            session=session,
            engine=engine,
            store=store,
            now=now,
            windows=windows,
            channel=channel,
        )
        if earlier:
            return decision_of(record)
        record.idempotency_key, record.lang = key, lang if lang in LANGUAGES else "en"
        record.channel = channel
        return decision_of(store_once(session, record, with_it=with_it))


def _decide(
    application: Application,
    reads: decision_reads.DecisionReads,
    answers: dict[str, Any],
    *,
    session: Session,
    engine: Engine,
    store: ModelStore,
    now: datetime,
    windows: policy.RepeatWindows | None,
    channel: str,
) -> tuple[orm.Application, bool]:
    """The decision record of a validated application, not yet stored (and False); or the
    earlier stored one (and True) when this passport sent the same answers lately (`answers`:
    the application's, as stored)."""
    region, holder, activation, _ = reads
    if region is None:
        raise ValidationError([FieldError("region", "unknown_region")])
    served = policy_serving.current(session=session, engine=engine, store=store, activation=activation)
    windows = windows or policy.RepeatWindows.of(served.body.repeat)
    identity = check_identity(holder, birth_date=application.birth_date, full_name=application.full_name)
    repeats = find_repeats(
        session=session, passport=application.passport, answers=answers, now=now, windows=windows, channel=channel
    )
    if repeats.same is not None:
        earlier = repository.get_application(session=session, application_id=repeats.same)
        if earlier is not None:
            return earlier, True
    features = _features(application, region.rating, identity.client, now)
    client_id = identity.client.id if identity.client else None
    referral = [policy.IDENTITY_MISMATCH] * identity.mismatch + [policy.REPEAT_APPLICATION] * repeats.changed
    segment = "existing" if client_id else "new"
    model = champion_or_fail(store, segment)
    meta = model.meta
    x = np.asarray([encode_row(features, meta.features)])
    pd_, contribution = contributions(model.predictor, x, model.reference)
    rules, threshold = served.segment(segment), served.cutoff(segment, model, store)
    knockouts = rules.knockouts(features)
    decision = str(policy.decide(pd_[0], threshold, bool(knockouts), rules.refer_band))
    values = [features[name] for name in meta.features]
    reasons = knockouts or top_reasons(  # a knock-out decides alone: the only reason
        contribution[0], meta.features, values, decision, params={"region_rating": {"region": application.region}}
    )
    if decision == policy.REFERRED:
        reasons.insert(0, {"code": policy.REFER_BAND_REASON, "params": {"cutoff": threshold, "band": rules.refer_band}})
    decision = policy.REFERRED if referral else decision
    record = orm.Application(
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
        threshold=threshold,
        decision=decision,
        offer=policy.OFFERS[decision],
        knockout=knockouts[0]["code"] if knockouts else None,
        reasons=reasons,
        policy_version=served.number,
        credit_limit=served.credit_limit(segment, decision, float(pd_[0]), features["income"]),
        referral_reasons=referral,
        linked_applications=repeats.linked,
        identity_check=identity.record(),
        contributions={name: round(float(c), 4) for name, c in zip(meta.features, contribution[0], strict=True)},
        consent_version=CONSENT_VERSION,
    )
    record.shadow = shadow_score(features, segment, store)  # the challenger's PD, stored with it, never used
    return record, False


def _features(
    application: Application, region_rating: int, client: decision_reads.ClientFound | None, now: datetime
) -> dict:
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
    served: policy_serving.ServedPolicy | None = None,
) -> pd.DataFrame:
    """Score a checked score frame (`core.data.dataset`): one output row per input row, in order,
    under policy `served` (the active version; version 1's rules when none is given).
    `decision` is the card offered (premium or starter, or referred); `on_rows(n)` hears of
    each chunk scored."""
    served = served or policy_serving.builtin(get_settings().target_bad_rate)
    segments = route(frame, segment)
    n = len(frame)
    pd_out = np.empty(n)
    decision = np.empty(n, dtype=object)
    reasons = np.empty(n, dtype=object)
    version = np.empty(n, dtype=object)
    limit = np.zeros(n, dtype=object)
    for name in ("new", "existing"):
        rows = np.flatnonzero(segments == name)
        if not len(rows):
            continue
        model = champion_or_fail(store, name)
        rules, threshold = served.segment(name), served.cutoff(name, model, store)
        X = encode_frame(frame.iloc[rows], model.meta.features)
        for start in range(0, len(rows), _BATCH_CHUNK):
            part = rows[start : start + _BATCH_CHUNK]
            p, contribution = contributions(model.predictor, X[start : start + _BATCH_CHUNK], model.reference)
            knocked = rules.knockout_codes(frame.iloc[part])
            decided = policy.decide(p, threshold, knocked != "", rules.refer_band)
            codes = top_reason_codes(contribution, model.meta.features, decided == policy.PREMIUM)
            pd_out[part] = p
            decision[part] = decided
            reasons[part] = np.where(knocked == "", codes, knocked)  # a knock-out decides alone
            version[part] = model.meta.version
            limit[part] = _limits(rules, decided, p, frame["income"].to_numpy(dtype=float)[part])
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
            "credit_limit": limit,
            "policy_version": served.number,
        }
    )


def _limits(rules: Any, decided: np.ndarray, pd_: np.ndarray, income: np.ndarray) -> np.ndarray:
    premium = rules.offer.premium_limit(pd_, income)
    starter = np.where(decided == policy.ALTERNATIVE, rules.offer.starter_limit, None)
    return np.where(decided == policy.PREMIUM, premium, starter)
