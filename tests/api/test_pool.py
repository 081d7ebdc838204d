"""The API's PostgreSQL connections under load: each worker keeps one per thread for decisions and
one per thread for single statements (a key's use, an audit entry), threads being at most
DB_POOL_SIZE, and opens no more. (An overflow connection is closed again as soon as it is
returned, so a request served over the pool started a new PostgreSQL backend: more CPU than its
statements.)"""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.api.conftest import Server, answers_for, api_env, demo_database, start_api, stop
from tests.conftest import PG_ADMIN_URL

pytestmark = pytest.mark.postgres

WORKERS, POOL = 2, 3
NAME = "credit-api-pool-test"


def test_a_burst_of_submissions_stays_on_each_workers_kept_connections(pg_api_url, trained_models, tmp_path):
    engine = demo_database(pg_api_url)
    # libpq names the API's connections from PGAPPNAME: other tests' connections are not counted.
    env = api_env(
        pg_api_url,
        trained_models,
        tmp_path,
        DB_POOL_SIZE=str(POOL),
        DB_MAX_OVERFLOW="10",
        API_THREADS="10",
        PGAPPNAME=NAME,
    )
    process, base = start_api(env, tmp_path, workers=WORKERS)
    try:
        key = Server(base, engine, process).key("burst", rate_limit=10_000)
        statuses, seen = burst(base, key)
    finally:
        stop(process)
        engine.dispose()

    assert statuses == [201] * 300
    # Connections are made as needed, up to two per thread, and kept: never one more.
    assert 0 < len(seen) <= WORKERS * 2 * POOL


def burst(base: str, key: str) -> tuple[list[int], set[int]]:
    """300 submissions from 20 threads: their statuses, and every backend of the API's seen meanwhile."""
    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        query = text("SELECT pid FROM pg_stat_activity WHERE application_name = :name")
        with admin.connect() as connection:
            while not done.is_set():
                seen.update(connection.execute(query, {"name": NAME}).scalars())
                time.sleep(0.005)
        admin.dispose()

    def submit(_: int) -> int:
        fresh = uuid.uuid4().hex
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30) as client:
            return client.post(
                "/v1/applications", json=answers_for(fresh), headers={"Idempotency-Key": fresh}
            ).status_code

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(20) as pool:
            return list(pool.map(submit, range(300))), seen
    finally:
        done.set()
        watcher.join()
