"""The API when its PostgreSQL goes away (dropped, then black-holed, by the tests' TCP proxy):
503 with Retry-After within the configured timeouts, nothing stored, /health still answering,
and decisions again once it is back."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.data.orm import Application
from tests.api.conftest import Server, answers_for, api_env, demo_database, start_api, stop
from tests.faulty_proxy import FaultyProxy

pytestmark = pytest.mark.postgres

CONNECT, STATEMENT = 2, 2  # seconds: DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT for the API under test
# The longest a request may wait: a pooled connection's ping times out (statement timeout plus
# core.data.connections' one-second grace), then a fresh connection's attempt times out.
WORST = STATEMENT + 1 + CONNECT


def submit(server: Server, key: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    with server.client(key) as client:
        fresh = uuid.uuid4().hex
        answer = client.post("/v1/applications", json=answers_for(fresh), headers={"Idempotency-Key": fresh})
    return answer, time.monotonic() - started


def test_a_lost_database_gets_503_in_time_and_decisions_resume_when_it_is_back(pg_api_url, trained_models, tmp_path):
    engine = demo_database(pg_api_url)
    url = make_url(pg_api_url)
    with FaultyProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        env = api_env(
            through,
            trained_models,
            tmp_path,
            DB_CONNECT_TIMEOUT=str(CONNECT),
            DB_STATEMENT_TIMEOUT=str(STATEMENT),
            DB_POOL_TIMEOUT=str(CONNECT),
            API_RETRY_AFTER="7",
        )
        process, base = start_api(env, tmp_path, workers=1)
        server = Server(base, engine, process)
        try:
            key = server.key("mobile")
            before = stored(engine)
            assert submit(server, key)[0].status_code == 201

            for mode in ("drop", "blackhole"):
                proxy.set(mode)
                answer, seconds = submit(server, key)
                assert answer.status_code == 503, (mode, answer.text)
                assert answer.headers["retry-after"] == "7"
                assert seconds < WORST + 1.5, (mode, seconds)
                started = time.monotonic()
                assert httpx.get(f"{base}/health", timeout=5).status_code == 200
                assert time.monotonic() - started < 1
                ready = httpx.get(f"{base}/ready", timeout=WORST + 5)
                assert (ready.status_code, ready.json()["database"]) == (503, "unavailable")

            proxy.set("pass")
            back, _ = submit(server, key)
            assert back.status_code == 201, back.text
            assert stored(engine) == before + 2
        finally:
            stop(process)
            engine.dispose()


def stored(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Application))


def test_a_burst_beyond_the_pool_waits_for_a_connection_instead_of_failing(pg_api_url, trained_models, tmp_path):
    """Eighty requests at once against one pooled connection: each waits its turn, none gets a 503
    for an exhausted pool (the API runs no more threads than it has connections)."""
    engine = demo_database(pg_api_url)
    env = api_env(pg_api_url, trained_models, tmp_path, DB_POOL_SIZE="1", DB_MAX_OVERFLOW="0", DB_POOL_TIMEOUT="0.2")
    process, base = start_api(env, tmp_path, workers=1)
    server = Server(base, engine, process)
    try:
        key = server.key("branch")
        before = stored(engine)
        with ThreadPoolExecutor(max_workers=80) as pool:
            answers = list(pool.map(lambda _: submit(server, key)[0], range(80)))
        assert sorted({answer.status_code for answer in answers}) == [201]
        assert stored(engine) == before + 80
    finally:
        stop(process)
