"""Issue-9 figure: what checking the staff session on every run costs (SQLite and PostgreSQL).

    python bench/bench_session.py

Opens 10,000 staff sessions, then times the check `ui.session` makes on every run (a
transaction around `core.staff.resume_session`: the token's row by primary key, the account by
its unique name). Prints the median and the 99th percentile per check.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from core import staff  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402

PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
SESSIONS, CHECKS = 10_000, 2_000


def measure(url: str, label: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        for i in range(50):
            staff.create_user(session=session, name=f"user{i}", role="analyst", password="a long enough password")
    with Session(engine) as session, session.begin():
        tokens = [staff.open_session(session=session, name=f"user{i % 50}", now=now) for i in range(SESSIONS)]
    times = []
    for i in range(CHECKS):
        started = time.perf_counter()
        with Session(engine) as session, session.begin():
            assert staff.resume_session(session=session, token=tokens[i * 7 % SESSIONS], now=datetime.now(UTC))
        times.append(time.perf_counter() - started)
    times.sort()
    median, p99 = statistics.median(times) * 1000, times[int(len(times) * 0.99)] * 1000
    print(f"{label}: session check per run: median {median:.2f} ms, p99 {p99:.2f} ms ({SESSIONS:,} open sessions)")
    engine.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        measure(f"sqlite:///{tmp}/bench.db", "SQLite")
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"bench_session_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        measure(admin.url.set(database=name).render_as_string(hide_password=False), "PostgreSQL")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
