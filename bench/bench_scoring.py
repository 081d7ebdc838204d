"""Issue-2 targets: decision latency (SQLite and PostgreSQL), batch throughput, 1M rows via the CLI.

    python bench/bench_scoring.py [--models-dir DIR] [--clients N] [--earlier N] [--latency-only] [--keep DIR]

Trains models on the real data when ../shared/data is present (else on demo data) unless
--models-dir points at trained ones. Prints one line per figure.

Decision latency is measured against `--clients` bank clients and `--earlier` earlier
applications (issue 11: identity and repeat checks read them; defaults 100,000 each), half
of them from clients' passports, spread over the last 60 days. Half of the timed decisions
are known clients who apply again and again (so many are referred as repeats), half
newcomers. `--keep DIR` builds the databases there once and reuses them, so another
version of the code can be timed on the same data.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, insert, inspect, select, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from core import score_application, score_frame  # noqa: E402
from core.data.dataset import parse_applications, read_applications  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402
from core.data.demo import generate_applications  # noqa: E402
from core.data.identity import name_key  # noqa: E402
from core.data.orm import Application, Client  # noqa: E402
from core.modelling.bootstrap import seed_demo  # noqa: E402
from core.modelling.registry import ModelStore  # noqa: E402
from core.modelling.training import fit_segment  # noqa: E402

REAL = PROJECT.parent / "shared" / "data"
PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def train_models(root: Path) -> ModelStore:
    store = ModelStore(root)
    if (REAL / "credit_applications.csv").exists():
        frame = read_applications(REAL / "credit_applications.csv", purpose="history")
    else:
        frame = parse_applications(generate_applications(30_000, seed=1), purpose="history")
    for segment in ("new", "existing"):
        estimator, meta, _ = fit_segment(frame, segment, target_bad_rate=0.08)
        store.promote(segment, store.save(estimator, meta).version)
    return store


def latency(engine, store: ModelStore, label: str, n: int = 2_000) -> None:
    with Session(engine) as session:
        clients = list(session.scalars(select(Client).limit(200)))
        regions = {c.id: c.region.name for c in clients}
    # Fresh answers and newcomers' passports on every run: the same answers again would get the
    # earlier decision back without scoring, which would flatter a rerun on a kept database.
    run = time.time_ns()
    rng = np.random.default_rng(run % 2**32)
    times = []
    for i in range(n + 50):
        client = clients[i % len(clients)]
        known = rng.random() < 0.5
        raw = {
            "full_name": client.full_name,
            "birth_date": client.birth_date.isoformat(),
            "passport": client.passport if known else f"{9_000_000_000 + (run // 1000 + i) % 999_999_999}",
            "education": "GRD",
            "income": int(rng.integers(10, 200)) * 1000,
            "good_work": bool(rng.random() < 0.5),
            "car": True,
            "car_type": False,
            "foreign_passport": False,
            "region": regions[client.id],
            "home_address": 2,
            "work_address": 3,
            "consent": True,
        }
        started = time.perf_counter()
        score_application(raw, engine=engine, store=store)
        if i >= 50:  # warm
            times.append((time.perf_counter() - started) * 1000)
    p50, p95, p99 = np.percentile(times, [50, 95, 99])
    print(
        f"decision latency {label}: p50 {p50:.2f} ms  p95 {p95:.2f} ms  p99 {p99:.2f} ms  (n={n}, target p99 <= 20 ms)"
    )


def checks(engine, label: str, n: int = 2_000) -> None:
    """What the identity and repeat checks add to a decision's reads, measured interleaved with the
    reads they replaced (region + a passport, birth date and name lookup), so load on a shared
    machine weighs on both alike."""
    from core.data import decision_reads, repository
    from core.decisions.identity import check_identity
    from core.decisions.policy import REPEAT_WINDOWS
    from core.decisions.repeats import find_repeats

    with Session(engine) as session:
        people = session.execute(select(Application.passport, Application.full_name, Application.birth_date)).all()
        region = repository.list_regions(session=session)[0].name
    rng = np.random.default_rng(1)
    before, after = [], []
    now = datetime.now(UTC)
    for i in range(n + 50):
        passport, name, born = people[int(rng.integers(len(people)))]
        with Session(engine) as session:
            started = time.perf_counter()
            repository.find_region(session=session, name=region)
            repository.find_client(session=session, passport=passport, birth_date=born, full_name=name)
            old = time.perf_counter() - started
        with Session(engine) as session:
            started = time.perf_counter()
            holder = decision_reads.find_region_and_client(session=session, region=region, passport=passport).client
            check_identity(holder, birth_date=born, full_name=name)
            answers = {"full_name": name, "passport": passport}
            find_repeats(session=session, passport=passport, answers=answers, now=now, windows=REPEAT_WINDOWS)
            new = time.perf_counter() - started
        if i >= 50:
            before.append(old * 1000)
            after.append(new * 1000)
    b50, b99 = np.percentile(before, [50, 99])
    a50, a99 = np.percentile(after, [50, 99])
    print(
        f"decision reads {label}: before issue 11 p50 {b50:.2f} ms p99 {b99:.2f} ms; with identity and repeat "
        f"checks p50 {a50:.2f} ms p99 {a99:.2f} ms; added p50 {a50 - b50:+.2f} ms p99 {a99 - b99:+.2f} ms "
        "(target +1 ms)"
    )


def add_earlier_applications(engine, n: int, seed: int = 5) -> None:
    """`n` earlier decided applications over the last 60 days: half with clients' passports."""
    rng = np.random.default_rng(seed)
    with Session(engine) as session, session.begin():
        clients = session.execute(select(Client.id, Client.full_name, Client.birth_date, Client.passport)).all()
        now = datetime.now(UTC)
        rows = []
        for i in range(n):
            known = rng.random() < 0.5
            client = clients[int(rng.integers(len(clients)))]
            passport = client.passport if known else f"{8_000_000_000 + i}"
            answers = {"full_name": client.full_name, "passport": passport, "income": int(rng.integers(10, 200)) * 1000}
            rows.append(
                {
                    "created_at": now - timedelta(minutes=float(rng.uniform(10, 60 * 24 * 60))),
                    "full_name": client.full_name,
                    "name_key": name_key(client.full_name),
                    "birth_date": client.birth_date,
                    "passport": passport,
                    "client_id": client.id if known else None,
                    "answers": answers,
                    "features": {"income": answers["income"]},
                    "segment": "existing" if known else "new",
                    "model_name": "catboost",
                    "model_version": "bench",
                    "pd": float(rng.uniform(0.01, 0.4)),
                    "threshold": 0.15,
                    "decision": "alternative",
                    "offer": "starter_card",
                    "reasons": [],
                    "lang": "ru",
                }
            )
        for start in range(0, n, 10_000):
            session.execute(insert(Application), rows[start : start + 10_000])


def prepare(engine, clients: int, earlier: int) -> None:
    """A migrated database with the demo regions, `clients` clients and `earlier` applications."""
    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=clients, seed=9)
    add_earlier_applications(engine, earlier)


def batch(store: ModelStore, rows: int = 1_000_000) -> pd.DataFrame:
    base = generate_applications(100_000, seed=3)
    frame = parse_applications(pd.concat([base] * (rows // len(base)), ignore_index=True), purpose="score")
    started = time.perf_counter()
    score_frame(frame, store=store)
    elapsed = time.perf_counter() - started
    print(
        f"batch scoring in memory: {rows:,} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s (target >= 100,000)"
    )
    return frame


def cli(models: Path, workdir: Path, rows: int = 1_000_000) -> None:
    base = generate_applications(100_000, seed=4)
    data = pd.concat([base] * (rows // len(base)), ignore_index=True)
    data["client_id"] = np.arange(1, len(data) + 1)
    source, out = workdir / "incoming.csv", workdir / "scored.csv"
    data.to_csv(source, index=False)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "core", "score", "--data", str(source), "--out", str(out), "--models-dir", str(models)],
        cwd=PROJECT,
        check=True,
    )
    elapsed = time.perf_counter() - started
    print(f"CLI score, {rows:,} rows with CSV read and write: {elapsed:.1f} s (target well under 20 s)")


def postgres_engine(workdir: Path, keep: bool = False):
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = 'credit_bench'"))
        if not (keep and exists):
            connection.execute(text('DROP DATABASE IF EXISTS "credit_bench" WITH (FORCE)'))
            connection.execute(text('CREATE DATABASE "credit_bench"'))
    return make_engine(admin.url.set(database="credit_bench").render_as_string(hide_password=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models-dir", type=Path)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--earlier", type=int, default=100_000)
    parser.add_argument("--latency-only", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the databases here once and reuse them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        store = ModelStore(args.models_dir) if args.models_dir else train_models(workdir / "models")
        for label, engine in (
            ("SQLite", make_engine(f"sqlite:///{workdir / 'bench.db'}")),
            ("PostgreSQL", postgres_engine(workdir, keep=args.keep is not None)),
        ):
            if not inspect(engine).has_table("clients"):
                prepare(engine, args.clients, args.earlier)
            latency(engine, store, label)
            checks(engine, label)
            engine.dispose()
        if not args.latency_only:
            batch(store)
            cli(store.root, workdir)


if __name__ == "__main__":
    main()
