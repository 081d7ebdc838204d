"""A real decision API: `python -m core api` in uvicorn with 2 workers on a free port, over a
demo database (SQLite, then a PostgreSQL database of its own) and small trained models."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from core.data.db import make_engine, migrate
from core.staff import api_keys
from tests.conftest import GOOD_ANSWERS, fresh_pg_database

PROJECT = Path(__file__).resolve().parents[2]
ANSWERS = {**GOOD_ANSWERS, "birth_date": GOOD_ANSWERS["birth_date"].isoformat()}


def answers_for(key: str) -> dict:
    """ANSWERS from a passport of the key's own (a leading 0, which no demo client has): the same
    key sends the same answers, and two keys never make a repeat application of each other."""
    number = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10**9
    return {**ANSWERS, "passport": f"0{number:09d}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running API: its address, its database, and a way to make keys in that database."""

    url: str
    engine: Engine
    process: subprocess.Popen

    def key(self, channel: str = "mobile", rate_limit: int = 1_000) -> str:
        with Session(self.engine) as session, session.begin():
            now = datetime.now(UTC)
            return api_keys.create_key(session=session, channel=channel, rate_limit=rate_limit, now=now)[1]

    def client(self, key: str | None = None, **headers: str) -> httpx.Client:
        auth = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers={**auth, **headers}, timeout=30)


def start_api(env: dict[str, str], tmp: Path, *, workers: int = 2) -> tuple[subprocess.Popen, str]:
    """Start `python -m core api` and wait until /health answers."""
    port = free_port()
    log = (tmp / f"api-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "core", "api", "--port", str(port), "--workers", str(workers)],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the API exited: {(tmp / f'api-{port}.log').read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise RuntimeError("the API did not become ready in 90 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def api_env(database_url: str, models: Path, tmp: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "MODELS_DIR": str(models),
        "MLFLOW_TRACKING_URI": f"sqlite:///{tmp / 'mlflow.db'}",
        "MLFLOW_ARTIFACTS_DIR": str(tmp / "mlartifacts"),
        **extra,
    }


def demo_database(url: str) -> Engine:
    """An engine on the database at `url`, migrated, with the demo data (2,000 clients) seeded once."""
    from core.modelling.bootstrap import seed_demo

    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        if not session.execute(text("SELECT count(*) FROM regions")).scalar():
            seed_demo(session=session, n=2_000, seed=7)
    return engine


@pytest.fixture(scope="session")
def pg_api_url() -> Iterator[str]:
    """A PostgreSQL database of the API tests' own, dropped after the run."""
    with fresh_pg_database("credit_api") as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory, trained_models) -> Iterator[Server]:
    """The API over a demo database with 2,000 clients, one server per backend and module."""
    tmp = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{tmp / 'credit.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_api_url")
    engine = demo_database(url)
    process, base = start_api(api_env(url, trained_models, tmp), tmp)
    yield Server(base, engine, process)
    stop(process)
    engine.dispose()
