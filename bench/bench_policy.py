"""Issue-12 targets: simulating one policy on 60,000 labelled and 100,000 live applications in
under 1 s; what the policy adds to a decision (target: within 0.5 ms).

    python bench/bench_policy.py

Builds a SQLite and a PostgreSQL database with the same data (60,000 synthetic historical
applications, 100,000 live decisions of the last 30 days, each with the questionnaire's
features in its JSON) and a small CatBoost champion per segment whose out-of-fold PDs cover
the history, then prints one line per figure:

- end to end as a risk manager triggers it (`simulate()`, what the Policy page and the command
  line call: the active version, both books read from the database and the model store, the
  simulation itself), on each database: the very first simulation (it copies the 100,000
  decisions' inputs to typed columns once), a cold one (copied, nothing kept in memory: a
  fresh process), and a second one in a running process (books kept, only their fingerprint
  read); and `python -m core policy simulate --json` as a whole process;
- the simulation alone on books in memory;
- the policy's part of a decision (the newest activation, read with the region and client in
  the decision's first statement; the version's cut-off, knock-outs, limit) against that first
  read without it, alternating, on SQLite and PostgreSQL; and a whole decision on SQLite for scale.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import bindparam, create_engine, insert, select, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from core.data import decision_reads, imports  # noqa: E402
from core.data.dataset import parse_applications  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402
from core.data.demo import generate_applications  # noqa: E402
from core.data.orm import Application, Client, Region  # noqa: E402
from core.decisions import policy_serving, policy_store  # noqa: E402
from core.decisions.policy_reports import drafted_body  # noqa: E402
from core.decisions.scoring import score_application  # noqa: E402
from core.decisions.simulation import compare, strategy_curve  # noqa: E402
from core.decisions.simulation_books import forget  # noqa: E402
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
    "consent": True,
}


def train(workdir: Path):
    """The history frame and a models folder whose champions kept their out-of-fold PDs."""
    frame = parse_applications(generate_applications(LABELLED, seed=5), purpose="history")
    store = ModelStore(workdir / "models")
    for segment in ("new", "existing"):
        estimator, meta, cv = fit_segment(
            frame, segment, params={"iterations": 60, "depth": 4}, folds=3, target_bad_rate=0.08
        )
        oof = oof_frame(frame, cv.oof, folds_of(frame["default"].to_numpy(dtype=int), 3))
        store.promote(segment, store.save(estimator, meta, oof=oof).version)
    return frame, store


def fill(engine, frame) -> None:
    """Regions, the history and 100,000 live decisions of the last 29 days."""
    from core.modelling.bootstrap import seed_demo

    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=1_000, seed=9)  # regions for the questionnaire
        imports.import_history(session=session, frame=frame, replace_demo=True)
    rng = np.random.default_rng(1)
    now = datetime.now(UTC)
    questionnaire = {"education": "GRD", "good_work": 1, "car": 1, "car_type": 0, "foreign_passport": 1}
    questionnaire |= {"region_rating": 50, "home_address": 1, "work_address": 2}
    rows = [
        {
            "created_at": now - timedelta(minutes=int(m)),
            "idempotency_key": f"bench-{i}",
            "full_name": "Bench",
            "name_key": "bench",
            "birth_date": datetime(1990, 1, 1).date(),
            "passport": f"{i:010d}",
            "answers": {},
            "features": questionnaire | {"age": int(a), "income": int(inc)},
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
        for start in range(0, LIVE, 10_000):
            session.execute(insert(Application), rows[start : start + 10_000])


def best_of(work, times: int = 5) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def proposal(engine):
    with Session(engine) as session, session.begin():
        number = policy_store.ensure_initial(session=session, target_bad_rate=0.08)
        active = policy_store.active_body(session=session, number=number)
    return active, drafted_body(active, segment="new", cutoff=("approval_rate", 0.4), refer_band=0.02)


def end_to_end(engine, store: ModelStore, label: str) -> None:
    """simulate() as the Policy page calls it: first, cold and kept."""
    _, proposed = proposal(engine)

    def run() -> None:
        with Session(engine) as session, session.begin():
            result = simulate(
                session=session, store=store, segment="new", proposed=proposed, lgd=0.45, target_bad_rate=0.08
            )
        assert result.labelled.active.rows == LABELLED and result.live.active.rows == LIVE

    def cold() -> None:
        forget()
        run()

    forget()
    first = best_of(run, 1)
    print(
        f"simulate() end to end on {label}, {LABELLED:,} labelled + {LIVE:,} live: first ever {first:.2f} s "
        f"(copies the decisions' inputs once), cold {best_of(cold, 3):.2f} s, "
        f"second in a running app {best_of(run, 5):.3f} s (target < 1 s)"
    )


def command_line(url: str, store: ModelStore, label: str) -> None:
    """`python -m core policy simulate --json` as a whole process (interpreter, imports, migration check)."""
    env = os.environ | {"DATABASE_URL": url, "MODELS_DIR": str(store.root)}
    command = [sys.executable, "-m", "core", "policy", "simulate", "--segment", "new", "--approval-rate", "0.4"]

    def run() -> None:
        done = subprocess.run([*command, "--json"], cwd=PROJECT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    print(f"`python -m core policy simulate --json` on {label}, whole process: {best_of(run, 3):.2f} s")


def in_memory(engine, store: ModelStore) -> None:
    active, proposed = proposal(engine)
    with Session(engine) as session, session.begin():
        book, _ = labelled_book(session=session, store=store, segment="new")
        live = live_book(session=session, segment="new", since=datetime.now(UTC) - timedelta(days=30))
    rules_now, rules_then = active.segments["new"], proposed.segments["new"]

    def work() -> None:
        compare(book, (rules_now, 0.12), (rules_then, 0.10), lgd=0.45)
        compare(live, (rules_now, 0.12), (rules_then, 0.10), lgd=0.45)
        strategy_curve(rules_then, book)

    print(f"the simulation alone, books in memory: {best_of(work) * 1000:.0f} ms")


# A decision's first read as it was before the policy was data: the region and the client only.
_WITHOUT_POLICY = (
    select(Region, Client)
    .outerjoin(Client, Client.passport == bindparam("passport"))
    .where(Region.name == bindparam("region"))
)


def hook(engine, store: ModelStore, label: str, n: int = 2_000) -> None:
    """What the policy adds to one decision, as a paired comparison: the decision's first read
    with the newest activation joined and the policy's work (which version, its cut-off,
    knock-outs and limit), against the same read without the activation, alternating."""
    model = store.champion("new")
    features = {"age": 35, "income": 85_000}
    params = {"region": ANSWERS["region"], "passport": ANSWERS["passport"]}
    times: dict[bool, list[float]] = {True: [], False: []}
    for i in range(2 * n + 100):
        with_policy = bool(i % 2)
        with Session(engine) as session:
            session.connection()  # a decision's transaction is open when it reads
            started = time.perf_counter()
            if with_policy:
                reads = decision_reads.find_region_and_client(session=session, **params)
                served = policy_serving.current(
                    session=session, engine=engine, store=store, activation=reads.policy_activation
                )
                rules = served.segment("new")
                served.cutoff("new", model, store)
                rules.knockouts(features)
                served.credit_limit("new", "premium", 0.05, 85_000)
            else:
                session.execute(_WITHOUT_POLICY, params).one_or_none()
            if i >= 100:
                times[with_policy].append((time.perf_counter() - started) * 1000)
    (b50, b99), (w50, w99) = np.percentile(times[False], [50, 99]), np.percentile(times[True], [50, 99])
    print(
        f"policy's part of a decision, {label}: the first read without it p50 {b50:.3f} ms  p99 {b99:.3f} ms, "
        f"with it and the policy's work p50 {w50:.3f} ms  p99 {w99:.3f} ms: adds {w50 - b50:+.3f} ms at p50, "
        f"{w99 - b99:+.3f} ms at p99 (target within 0.5 ms)"
    )


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
    url = admin.url.set(database="credit_bench_policy").render_as_string(hide_password=False)
    return make_engine(url), url, admin


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        frame, store = train(Path(tmp))
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        fill(engine, frame)
        end_to_end(engine, store, "SQLite")
        command_line(url, store, "SQLite")
        in_memory(engine, store)
        hook(engine, store, "SQLite")
        decisions(engine, store)
        engine.dispose()
        pg, pg_url, admin = postgres_engine()
        fill(pg, frame)
        end_to_end(pg, store, "PostgreSQL")
        command_line(pg_url, store, "PostgreSQL")
        hook(pg, store, "PostgreSQL")
        pg.dispose()
        with admin.connect() as connection:
            connection.execute(text('DROP DATABASE IF EXISTS "credit_bench_policy" WITH (FORCE)'))
    print(f"load average while measured: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
