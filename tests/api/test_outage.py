"""The API when its PostgreSQL goes away: 503 with Retry-After within the configured timeouts,
nothing half-stored, /health still answering, and decisions again once it is back."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.data.db import make_engine, migrate
from core.data.orm import Application
from core.modelling.bootstrap import seed_demo
from tests.api.conftest import ANSWERS, Server, api_env, start_api, stop

pytestmark = pytest.mark.postgres

CONNECT, STATEMENT = 2, 2  # seconds: DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT for the API under test
# The longest a request may wait: a pooled connection's ping times out (statement timeout plus
# core.data.connections' one-second grace), then a fresh connection's attempt times out.
WORST = STATEMENT + 1 + CONNECT


class Proxy:
    """A TCP proxy to PostgreSQL that can forward, black-hole (keep every socket open, pass
    nothing: a silent network) or refuse (close everything: a server that is down)."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.mode = "forward"
        self.loop = asyncio.new_event_loop()
        self.writers: set[asyncio.StreamWriter] = set()
        started = threading.Event()
        threading.Thread(target=self._run, args=(started,), daemon=True).start()
        started.wait(10)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        started.set()
        self.loop.run_forever()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.mode == "refuse":
            writer.close()
            return
        self.writers.add(writer)
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.writers.add(up_writer)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            if self.mode == "forward":
                writer.write(data)
                await writer.drain()
        writer.close()

    def close(self) -> None:
        self.set("refuse")
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)

    def set(self, mode: str) -> None:
        self.mode = mode
        if mode == "refuse":
            for writer in list(self.writers):
                self.loop.call_soon_threadsafe(writer.close)
            self.writers.clear()


def submit(server: Server, key: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    with server.client(key) as client:
        answer = client.post("/v1/applications", json=ANSWERS, headers={"Idempotency-Key": uuid.uuid4().hex})
    return answer, time.monotonic() - started


def test_a_lost_database_gets_503_in_time_and_decisions_resume_when_it_is_back(pg_api_url, trained_models, tmp_path):
    engine = make_engine(pg_api_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        if not session.execute(text("SELECT count(*) FROM regions")).scalar():
            seed_demo(session=session, n=2_000, seed=7)
    url = make_url(pg_api_url)
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
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
        before = server_count(engine)
        assert submit(server, key)[0].status_code == 201

        for mode in ("blackhole", "refuse"):
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

        proxy.set("forward")
        back, _ = submit(server, key)
        assert back.status_code == 201, back.text
        assert server_count(engine) == before + 2
    finally:
        stop(process)
        proxy.close()
        engine.dispose()


def server_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Application))
