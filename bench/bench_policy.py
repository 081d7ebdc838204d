"""Issue-12 targets: simulating one policy on 60,000 labelled and 100,000 live applications in
under 1 s; what the policy adds to a decision (target: within 0.5 ms).

    python bench/bench_policy.py

Builds its own SQLite database (60,000 synthetic historical applications, 100,000 live
decisions of the last 30 days) and a small CatBoost champion per segment whose out-of-fold
PDs cover the history, then prints one line per figure:

- the simulation itself (rules, cut-offs, rates, bad rate, expected loss, swap set, strategy
  curve) on books already in memory, and `simulate()` end to end with reading both books
  from the database and the model store;
- the policy's part of a decision (which version decides, its cut-off, knock-outs, limit),
  on SQLite and PostgreSQL, and a whole decision on SQLite for scale.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from core.data import repository  # noqa: E402
from core.data.dataset import parse_applications  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402
from core.data.demo import generate_applications  # noqa: E402
from core.data.orm import Application  # noqa: E402
from core.decisions import policy_serving, policy_store  # noqa: E402
from core.decisions.policy_reports import drafted_body  # noqa: E402
from core.decisions.scoring import score_application  # noqa: E402
from core.decisions.simulation import compare, strategy_curve  # noqa: E402
from core.decisions.simulation_data import labelled_book, live_book, simulate  # noqa: E402
from core.modelling.registry import ModelStore  # noqa: E402
from core.modelling.training import fit_segment  # noqa: E402
from core.modelling.validation import folds_of, oof_frame  # noqa: E402

PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
LABELLED, LIVE = 60_000, 100_000
ANSWERS = {
    "full_name": "Соколова Мария Андреевна",
    "birth_date": "1988-05-17",
    "passport": "4510654321",
    "region": "Москва",
    "education": "GRD",
    "income": 85_000,
    "good_work": True,
    "car": True,
    "car_type": False,
    "foreign_passport": True,
    "home_address": 1,
    "work_address": 2,
}


def build(workdir: Path):
    engine = make_engine(f"sqlite:///{workdir / 'bench.db'}")
    migrate(engine)
    frame = parse_applications(generate_applications(LABELLED, seed=5), purpose="history")
    from core.modelling.bootstrap import seed_demo

    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=1_000, seed=9)  # regions for the questionnaire
        repository.import_history(session=session, frame=frame)
    with Session(engine) as session:
        frame = repository.history_frame(session=session)
    store = ModelStore(workdir / "models")
    for segment in ("new", "existing"):
        estimator, meta, cv = fit_segment(
            frame, segment, params={"iterations": 60, "depth": 4}, folds=3, target_bad_rate=0.08
        )
        oof = oof_frame(frame, cv.oof, folds_of(frame["default"].to_numpy(dtype=int), 3))
        store.promote(segment, store.save(estimator, meta, oof=oof).version)
    rng = np.random.default_rng(1)
    now = datetime.now(UTC)
    rows = [
        {
            "created_at": now - timedelta(minutes=int(m)),
            "full_name": "Bench",
            "name_key": "bench",
            "birth_date": datetime(1990, 1, 1).date(),
            "passport": f"{i:010d}",
            "answers": {},
            "features": {"age": int(a), "income": int(inc)},
            "segment": "new",
            "model_name": "bench",
            "model_version": "bench",
            "pd": float(p),
            "threshold": 0.1,
            "decision": "premium",
            "offer": "premium_card",
            "reasons": [],
            "lang": "en",
        }
        for i, (m, a, inc, p) in enumerate(
            zip(
                rng.integers(0, 60 * 24 * 29, LIVE),
                rng.integers(18, 80, LIVE),
                rng.integers(5, 200, LIVE) * 1000,
                rng.beta(2, 14, LIVE),
                strict=True,
            )
        )
    ]
    with Session(engine) as session, session.begin():
        session.execute(insert(Application), rows)
    return engine, store


def best_of(work, times: int = 5) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def simulation(engine, store: ModelStore) -> None:
    with Session(engine) as session, session.begin():
        number = policy_store.ensure_initial(session=session, target_bad_rate=0.08)
        active = policy_store.active_body(session=session, number=number)
        book, _ = labelled_book(session=session, store=store, segment="new")
        live = live_book(session=session, segment="new", since=datetime.now(UTC) - timedelta(days=30))
    proposed = drafted_body(active, segment="new", cutoff=("approval_rate", 0.4), refer_band=0.02)
    rules_now, rules_then = active.segments["new"], proposed.segments["new"]
    assert len(book) == LABELLED and len(live) == LIVE, (len(book), len(live))

    def in_memory() -> None:
        compare(book, (rules_now, 0.12), (rules_then, 0.10), lgd=0.45)
        compare(live, (rules_now, 0.12), (rules_then, 0.10), lgd=0.45)
        strategy_curve(rules_then, book)

    def end_to_end() -> None:
        with Session(engine) as session:
            simulate(session=session, store=store, segment="new", proposed=proposed, lgd=0.45, target_bad_rate=0.08)

    print(
        f"simulation of one policy on {LABELLED:,} labelled + {LIVE:,} live applications, books in memory: "
        f"{best_of(in_memory) * 1000:.0f} ms (target < 1 s)"
    )

    def read_labelled() -> None:
        with Session(engine) as session:
            labelled_book(session=session, store=store, segment="new")

    def read_live() -> None:
        with Session(engine) as session:
            live_book(session=session, segment="new", since=datetime.now(UTC) - timedelta(days=30))

    print(
        f"simulate() end to end, reading both books from SQLite and the model store: {best_of(end_to_end, 3):.2f} s "
        f"(of which reading the labelled book {best_of(read_labelled, 3):.2f} s, "
        f"the live book {best_of(read_live, 3):.2f} s)"
    )


def hook(engine, store: ModelStore, label: str, n: int = 2_000) -> None:
    """What the policy adds to one decision: the version check, its cut-off, knock-outs and limit."""
    model = store.champion("new")
    features = {"age": 35, "income": 85_000}
    times = []
    for i in range(n + 50):
        with Session(engine) as session:
            session.connection()  # a decision's read transaction is open already when the policy is asked
            started = time.perf_counter()
            served = policy_serving.current(session=session, engine=engine)
            rules = served.segment("new")
            served.cutoff("new", model, store)
            rules.knockouts(features)
            served.credit_limit("new", "premium", 0.05, 85_000)
            if i >= 50:
                times.append((time.perf_counter() - started) * 1000)
    p50, p99 = np.percentile(times, [50, 99])
    print(f"policy's part of a decision, {label}: p50 {p50:.3f} ms  p99 {p99:.3f} ms (target within 0.5 ms)")


def decisions(engine, store: ModelStore, n: int = 300) -> None:
    times = []
    for i in range(n + 20):
        started = time.perf_counter()
        score_application(ANSWERS | {"passport": f"{8_000_000_000 + i}"}, engine=engine, store=store)
        if i >= 20:
            times.append((time.perf_counter() - started) * 1000)
    p50, p99 = np.percentile(times, [50, 99])
    print(f"whole decision on SQLite (for scale): p50 {p50:.2f} ms  p99 {p99:.2f} ms")


def postgres_engine():
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('DROP DATABASE IF EXISTS "credit_bench_policy" WITH (FORCE)'))
        connection.execute(text('CREATE DATABASE "credit_bench_policy"'))
    engine = make_engine(admin.url.set(database="credit_bench_policy").render_as_string(hide_password=False))
    migrate(engine)
    return engine, admin


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine, store = build(Path(tmp))
        simulation(engine, store)
        hook(engine, store, "SQLite")
        decisions(engine, store)
        engine.dispose()
        pg, admin = postgres_engine()
        hook(pg, store, "PostgreSQL")
        pg.dispose()
        with admin.connect() as connection:
            connection.execute(text('DROP DATABASE IF EXISTS "credit_bench_policy" WITH (FORCE)'))


if __name__ == "__main__":
    main()
