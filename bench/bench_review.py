"""Issue-11 staff queries on PostgreSQL with 100,000 stored decisions: the review queue's first
page, and Recent decisions filtered by passport, name, PD range and review state.

    python bench/bench_review.py [--rows 100000] [--repeats 200]

Prints p50 / p99 per query (milliseconds) and whether PostgreSQL's plan uses an index.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from core.data import repository, reviews  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402
from core.data.identity import name_key  # noqa: E402
from core.data.orm import Application, ApplicationReview  # noqa: E402

PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
NAMES = ["Иванов", "Петров", "Сидорова", "Кузнецова", "Смирнов", "Ёлкин", "Попова", "Волков"]
QUEUE_SQL = (
    "SELECT id FROM applications a WHERE decision = 'referred' AND NOT EXISTS (SELECT 1 FROM application_reviews r"
    " WHERE r.application_id = a.id AND r.outcome IN ('approved', 'declined')) ORDER BY created_at, id LIMIT 25"
)
GIVEN = ["Иван", "Мария", "Пётр", "Анна", "Олег", "Елена"]


def fill(engine, rows: int) -> None:
    """`rows` decisions over 60 days, 5 % referred, a third of those already reviewed."""
    rng = np.random.default_rng(0)
    now = datetime.now(UTC)
    decisions = rng.choice(["premium", "alternative", "referred"], size=rows, p=[0.5, 0.45, 0.05])
    records = []
    for i in range(rows):
        full_name = f"{NAMES[i % len(NAMES)]} {GIVEN[i % len(GIVEN)]} {i}"
        records.append(
            {
                "created_at": now - timedelta(minutes=int(rng.integers(0, 60 * 24 * 60))),
                "full_name": full_name,
                "name_key": name_key(full_name),
                "birth_date": datetime(1980, 1, 1).date(),
                "passport": f"{4000000000 + i}",
                "answers": {},
                "features": {},
                "segment": "new",
                "model_name": "bench",
                "model_version": "v1",
                "pd": float(rng.random() * 0.4),
                "threshold": 0.15,
                "decision": str(decisions[i]),
                "offer": "review" if decisions[i] == "referred" else "premium_card",
                "knockout": None,
                "reasons": [],
                "lang": "ru",
            }
        )
    with Session(engine) as session, session.begin():
        for start in range(0, rows, 10_000):
            session.execute(insert(Application), records[start : start + 10_000])
        referred = session.execute(text("SELECT id FROM applications WHERE decision = 'referred'")).scalars().all()
        done = [
            {
                "application_id": i,
                "step": 1,
                "outcome": "declined",
                "note": "bench",
                "reviewer": "bench",
                "decided_at": now,
            }
            for i in referred[: len(referred) // 3]
        ]
        session.execute(insert(ApplicationReview), done)
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()


def timed(engine, label: str, query, repeats: int) -> None:
    times = []
    with Session(engine) as session:
        for _ in range(repeats + 10):
            started = time.perf_counter()
            query(session)
            times.append(time.perf_counter() - started)
    ms = np.asarray(times[10:]) * 1000
    print(f"{label:<44} p50 {np.percentile(ms, 50):6.2f} ms   p99 {np.percentile(ms, 99):6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"credit_bench_review_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(admin.url.set(database=name).render_as_string(hide_password=False))
    try:
        migrate(engine)
        fill(engine, args.rows)
        now = datetime.now(UTC)
        week = {"since": now - timedelta(days=7), "until": now, "limit": 50}
        month = {"since": now - timedelta(days=30), "until": now, "limit": 50}
        print(f"PostgreSQL, {args.rows:,} decisions, 5 % referred, a third of those reviewed (shared machine)")
        timed(
            engine, "review queue, first page of 25", lambda s: reviews.review_queue(session=s, limit=25), args.repeats
        )
        timed(
            engine,
            "recent decisions, last week, page 1",
            lambda s: repository.recent_decisions(session=s, **week),
            args.repeats,
        )
        timed(
            engine,
            "  by passport (30 days)",
            lambda s: repository.recent_decisions(session=s, passport="4000012345", **month),
            args.repeats,
        )
        timed(
            engine,
            "  by part of the name (30 days)",
            lambda s: repository.recent_decisions(session=s, name="сидорова мар", **month),
            args.repeats,
        )
        timed(
            engine,
            "  PD 10-20 %, awaiting review (30 days)",
            lambda s: repository.recent_decisions(session=s, pd_range=(0.1, 0.2), reviewed=False, **month),
            args.repeats,
        )
        timed(
            engine,
            "  reviewed (30 days)",
            lambda s: repository.recent_decisions(session=s, reviewed=True, **month),
            args.repeats,
        )
        with engine.connect() as connection:
            for label, sql in (
                ("queue", QUEUE_SQL),
                ("passport", "SELECT id FROM applications WHERE passport = '4000012345'"),
                ("name", "SELECT id FROM applications WHERE name_key LIKE '%сидорова мар%'"),
            ):
                plan = " ".join(connection.execute(text(f"EXPLAIN {sql}")).scalars())
                used = [word.strip('"') for word in plan.split() if word.startswith("ix_") or word.startswith("uq_")]
                print(f"plan for {label:<9} uses: {', '.join(sorted(set(used))) or 'no index (sequential scan)'}")
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
