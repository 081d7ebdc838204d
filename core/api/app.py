"""The FastAPI application: its lifespan (engine, model store), how core's outcomes become
status codes, and the audit of every request to `/v1`.

`create_app` is the factory uvicorn starts (`core.api.app:create_app`, one per worker); it
reads the settings from the environment like every other entry point.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from core.api import routes
from core.api.audit import AuditRequests
from core.api.languages import negotiate
from core.api.schemas import IDEMPOTENCY_KEY_MAX, ApplicationIn
from core.config import Settings, get_settings
from core.data.connections import DatabaseUnavailable
from core.data.db import make_engine
from core.decisions.schema import ValidationError
from core.decisions.scoring import ModelUnavailable
from core.i18n import t
from core.modelling.features import SEGMENTS
from core.modelling.registry import ModelStore

log = logging.getLogger(__name__)

DESCRIPTION = """Instant credit-card decisions for the bank's channels: the same questionnaire,
model, policy and decision record as the bank's own form.

Authenticate with your channel's key: `Authorization: Bearer csk_...` (an administrator makes
one with `python -m core api-keys add CHANNEL`). Texts come in the language of
`Accept-Language` (`ru` or `en`; Russian by default). Every submission carries an
`Idempotency-Key`: sending it again returns the stored decision, never a second application.
"""
# Core's field names that the API carries in a header instead of the body.
HEADER_FIELDS = {"idempotency_key": routes.IDEMPOTENCY_HEADER}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The decision API over the database and models that `settings` name."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        # API_THREADS threads, and no more than kept connections: each holds at most one, so a
        # burst waits for a thread instead of for the pool, and never opens overflow connections,
        # which the pool closes again at once (a new PostgreSQL backend per request cost more CPU
        # than the decision's statements: 161 decisions/s with 10 threads, 243 with 5).
        threads = min(settings.api_threads, settings.db_pool_size)
        to_thread.current_default_thread_limiter().total_tokens = threads
        app.state.engine = make_engine(settings.database_url, settings=settings)
        # Single statements (a key's use, an audit entry) on connections of their own that are in
        # autocommit from the start: no BEGIN and COMMIT round trips, and no switching a pooled
        # connection into autocommit and back at each use (a third of the key check's CPU). One
        # per thread, as each thread uses one at a time.
        app.state.autocommit = make_engine(
            settings.database_url,
            settings=settings.model_copy(update={"db_pool_size": threads, "db_max_overflow": 0}),
            autocommit=True,
        )
        app.state.store = ModelStore(settings.models_dir)
        await run_in_threadpool(_load_champions, app.state.store)
        # What is loaded by now (models, modules) lives as long as the process: out of the
        # collector's sight, a full collection no longer walks it and stops no decision for
        # 100 ms (one did, every few thousand decisions, per worker: the p99's worst stalls).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()  # back in sight: what an app run in a longer process (a test's) leaves is freed
            app.state.engine.dispose()
            app.state.autocommit.dispose()

    # The documentation's scripts and styles are served by the API itself (fastapi-offline), not
    # fetched from a CDN: a bank's servers and its integrators' desks often reach no internet.
    app = FastAPIOffline(
        title="Credit card decisions",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.include_router(routes.router)
    _install_handlers(app, settings)
    app.add_middleware(AuditRequests)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _load_champions(store: ModelStore) -> None:
    """Load both champions now, so the first decision does not wait for them; a missing one is
    reported by /ready and answered with 503 until a model is trained."""
    for segment in SEGMENTS:
        try:
            store.champion(segment)
        except Exception:  # a broken model must not stop the process: /ready says so
            log.exception("the %s-client champion does not load", segment)


def _install_handlers(app: FastAPI, settings: Settings) -> None:
    retry = {"Retry-After": str(settings.api_retry_after)}

    def unavailable(request: Request, error: Exception) -> JSONResponse:
        log.warning("cannot decide: %s", error)
        return JSONResponse({"detail": "Service unavailable, try again shortly"}, status_code=503, headers=retry)

    def invalid(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ValidationError)
        lang = negotiate(request.headers.get("accept-language"))
        errors = {HEADER_FIELDS.get(field, field): text for field, text in error.by_field(lang).items()}
        return JSONResponse({"errors": errors}, status_code=422, headers={"Content-Language": lang})

    def malformed(request: Request, error: Exception) -> JSONResponse:
        # FastAPI's own checks: the path's id and the Idempotency-Key header (the body is core's).
        assert isinstance(error, RequestValidationError)
        lang = negotiate(request.headers.get("accept-language"))
        errors = {}
        for problem in error.errors():
            name = str(problem["loc"][-1])
            if name == routes.IDEMPOTENCY_HEADER:
                errors[name] = t("error.idempotency_key_format", lang, max=IDEMPOTENCY_KEY_MAX)
            else:
                errors[name] = t("error.not_an_id", lang)
        return JSONResponse({"errors": errors}, status_code=422, headers={"Content-Language": lang})

    for kind in (ModelUnavailable, DatabaseUnavailable, SQLAlchemyError):
        app.add_exception_handler(kind, unavailable)
    app.add_exception_handler(ValidationError, invalid)
    app.add_exception_handler(RequestValidationError, malformed)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, plus the questionnaire's model: the body is read raw (core validates it,
    with the form's messages), so FastAPI would not list the model by itself."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ApplicationIn"] = ApplicationIn.model_json_schema(ref_template="#/components/schemas/{model}")
        for parameter in schema["paths"]["/v1/applications"]["post"]["parameters"]:
            if parameter["name"] == routes.IDEMPOTENCY_HEADER:  # optional to FastAPI only: see routes
                parameter["required"] = True
                parameter["schema"] = {"type": "string", "title": routes.IDEMPOTENCY_HEADER}
        app.openapi_schema = schema
    return app.openapi_schema
