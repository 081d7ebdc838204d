"""The endpoints: submit an application, read one back, and the two probes.

Every `/v1` call first passes `channel_key`: the bearer key is checked and counted against its
rate limit in one statement (`core.staff.api_keys.use_key`). Refusals say nothing about why:
a missing, malformed, unknown and revoked key all get the same 401, and another channel's
application is the same 404 as one that does not exist.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from core.api.audit import request_entry, write_entry
from core.api.languages import negotiate
from core.api.schemas import (
    APPLICATION_EXAMPLE,
    IDEMPOTENCY_KEY_MAX,
    TOO_MANY,
    UNAUTHORIZED_RESPONSE,
    ApplicationIn,
    DecisionOut,
    DetailOut,
    ErrorsOut,
    HealthOut,
    ReadyOut,
    unavailable_response,
)
from core.data import orm
from core.decisions.schema import FieldError, ValidationError, parse_application
from core.decisions.scoring import Decision, decision_of, score_application
from core.modelling.features import SEGMENTS
from core.staff import api_keys

IDEMPOTENCY_HEADER = "Idempotency-Key"
_IDEMPOTENCY_KEY = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._:-]{{0,{IDEMPOTENCY_KEY_MAX - 1}}}")
_MAX_KEY_LENGTH = 200  # longer than any key made here: refused before it is hashed

router = APIRouter()
bearer = HTTPBearer(auto_error=False, description="The channel's API key: `Authorization: Bearer csk_...`")
UNAUTHORIZED = HTTPException(401, "Unauthorized", headers={"WWW-Authenticate": "Bearer"})
NOT_FOUND = HTTPException(404, "Not found")


def channel_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> api_keys.KeyUse:
    """The calling channel's key, counted against its rate limit; 401 or 429 otherwise."""
    return _check_key(request, credentials)


def _check_key(request: Request, credentials: HTTPAuthorizationCredentials | None) -> api_keys.KeyUse:
    if credentials is None or len(credentials.credentials) > _MAX_KEY_LENGTH:
        raise UNAUTHORIZED
    with request.app.state.autocommit.connect() as connection:  # one statement: no BEGIN, no COMMIT
        use = api_keys.use_key(session=connection, key=credentials.credentials, now=datetime.now(UTC))
    if use is None:
        raise UNAUTHORIZED
    request.state.key = use
    if use.over_limit:
        raise HTTPException(429, "Too many requests", headers={"Retry-After": str(use.retry_after)})
    return use


@router.post(
    "/v1/applications",
    status_code=201,
    response_model=DecisionOut,
    response_description="The decision, made now and stored",
    tags=["applications"],
    summary="Submit an application and get the decision",
    responses={
        200: {"model": DecisionOut, "description": "The decision already stored under this Idempotency-Key"},
        401: UNAUTHORIZED_RESPONSE,
        422: {"model": ErrorsOut, "description": "Invalid answers or key: one message per field; nothing stored"},
        429: TOO_MANY,
        503: unavailable_response("No model or no database to decide with; nothing stored, retry with the same key"),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/ApplicationIn"},
                    "examples": {"newcomer": {"summary": "A newcomer's questionnaire", "value": APPLICATION_EXAMPLE}},
                }
            },
        }
    },
)
async def submit_application(
    request: Request,
    response: Response,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    # Required (the OpenAPI description says so), but checked after the key: a caller without a
    # valid key hears 401 and nothing about the request itself.
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=IDEMPOTENCY_HEADER,
            description=f"Names this submission (1 to {IDEMPOTENCY_KEY_MAX} of A-Z a-z 0-9 . _ : -); "
            "reuse it to retry safely",
            examples=["b3f1c2e4-mobile-000187"],
        ),
    ] = None,
    accept_language: Annotated[str | None, Header(examples=["ru-RU,ru;q=0.9,en;q=0.8"])] = None,
) -> DecisionOut:
    """Score the applicant's answers exactly as the bank's questionnaire does and store the
    decision record, marked with the calling channel. 201 with the decision; 200 with the
    stored one when the Idempotency-Key was used before (with the same answers)."""
    lang = negotiate(accept_language)
    body = await request.body()
    now = datetime.now(UTC)

    audited: list[int] = []

    def audit(session: Session, record: orm.Application) -> None:
        # A new decision's audit entry is committed with it: never one without the other, and
        # no second connection or thread for it (`AuditRequests` writes every other request's).
        entry = request_entry(request.scope, status=201, application_id=record.id, key=request.state.key)
        write_entry(session.connection(), entry)
        audited.append(record.id)

    def decide() -> tuple[api_keys.KeyUse, Decision]:
        # The key is checked (401, 429) before the body is looked at, in the same worker thread
        # as the decision: one hand-over between threads per request, not two.
        key = _check_key(request, credentials)
        raw = _answers(body, idempotency_key)
        return key, score_application(
            raw,
            engine=request.app.state.engine,
            store=request.app.state.store,
            lang=lang,
            now=now,
            channel=key.channel,
            # Each channel names its own submissions: one channel's key never finds another's decision.
            idempotency_key=f"{key.channel}:{idempotency_key}",
            with_it=audit,
        )

    key, decision = await run_in_threadpool(decide)
    request.state.application_id = decision.id
    # Stored with the decision; not if a racing copy's decision came back instead (its entry rolled back).
    request.state.audited = audited == [decision.id]
    # A decision made by this call carries this call's time; a stored one, its own.
    if decision.created_at != now:
        response.status_code = 200
    response.headers["Content-Language"] = lang
    return _out(decision, key.channel, lang)


@router.get(
    "/v1/applications/{application_id}",
    response_model=DecisionOut,
    response_description="The decision record",
    tags=["applications"],
    summary="Read a decision back",
    responses={
        401: UNAUTHORIZED_RESPONSE,
        422: {"model": ErrorsOut, "description": "The id is not a positive whole number"},
        404: {
            "model": DetailOut,
            "description": "No such application of this channel",
            "content": {"application/json": {"example": {"detail": "Not found"}}},
        },
        429: TOO_MANY,
        503: unavailable_response("No database to read from"),
    },
)
def read_application(
    application_id: int,
    request: Request,
    response: Response,
    key: Annotated[api_keys.KeyUse, Depends(channel_key)],
    accept_language: Annotated[str | None, Header(examples=["en"])] = None,
) -> DecisionOut:
    """The decision record of an application this channel submitted, in the language of
    Accept-Language (another channel's applications are not found)."""
    lang = negotiate(accept_language)
    with Session(request.app.state.engine) as session:
        record = session.get(orm.Application, application_id) if 0 < application_id < 2**31 else None
        if record is None or record.channel != key.channel:
            raise NOT_FOUND
        decision = decision_of(record)
    request.state.application_id = decision.id
    response.headers["Content-Language"] = lang
    return _out(decision, key.channel, lang)


@router.get("/health", response_model=HealthOut, summary="The process answers", tags=["probes"])
async def health() -> HealthOut:
    """Liveness: answers as long as the process serves requests; checks nothing else (on the
    event loop: never queued behind decisions that wait for the worker threads)."""
    return HealthOut()


@router.get(
    "/ready",
    response_model=ReadyOut,
    summary="The process can decide",
    tags=["probes"],
    responses={
        503: {
            "model": ReadyOut,
            "description": "The database or a champion model is missing",
            "content": {
                "application/json": {
                    "example": {
                        "status": "unavailable",
                        "database": "ok",
                        "models": {"new": "ok", "existing": "unavailable"},
                    }
                }
            },
        }
    },
)
def ready(request: Request, response: Response) -> ReadyOut:
    """Readiness: the database answers and both segments' champion models are loaded."""
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # any failure to reach it means the same to a load balancer
        database = "unavailable"
    models = {segment: _champion_state(request.app.state.store, segment) for segment in SEGMENTS}
    is_ready = database == "ok" and all(state == "ok" for state in models.values())
    if not is_ready:
        response.status_code = 503
        response.headers["Retry-After"] = str(request.app.state.settings.api_retry_after)
    return ReadyOut(status="ready" if is_ready else "unavailable", database=database, models=models)  # type: ignore[arg-type]


def _champion_state(store: Any, segment: str) -> str:
    try:
        return "ok" if store.champion(segment) is not None else "unavailable"
    except Exception:  # a broken model file is as good as none
        return "unavailable"


def _answers(body: bytes, idempotency_key: str | None) -> dict[str, Any]:
    """The body as the questionnaire's answers, or `ValidationError` listing every problem:
    the key, the body's shape, unknown fields, and core's checks of the fields themselves."""
    errors: list[FieldError] = []
    if idempotency_key is None or not _IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        errors.append(FieldError("idempotency_key", "idempotency_key_format", {"max": IDEMPOTENCY_KEY_MAX}))
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raw = None
    if not isinstance(raw, dict):
        raise ValidationError([*errors, FieldError("body", "not_a_json_object")])
    errors += [FieldError(name, "unknown_field") for name in raw if name not in ApplicationIn.model_fields]
    if errors:
        try:
            parse_application(raw)
        except ValidationError as invalid:
            errors += invalid.errors
        raise ValidationError(errors)
    return raw


def _out(decision: Decision, channel: str, lang: str) -> DecisionOut:
    return DecisionOut(
        id=decision.id,
        application_number=decision.id,
        created_at=decision.created_at,
        channel=channel,
        decision=decision.decision,  # type: ignore[arg-type]
        offer=decision.offer,  # type: ignore[arg-type]
        offer_text=decision.offer_text(lang),
        credit_limit=decision.credit_limit,
        reasons=decision.applicant_reasons(lang),
        language=lang,  # type: ignore[arg-type]
    )
