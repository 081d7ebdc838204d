"""Issue-2 targets: decision latency (SQLite and PostgreSQL), batch throughput, 1M rows via the CLI.

    python bench/bench_scoring.py [--models-dir DIR]

Trains models on the real data when ../shared/data is present (else on demo data) unless
--models-dir points at trained ones. Prints one line per figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from core import score_application, score_frame  # noqa: E402
from core.data.dataset import parse_applications, read_applications  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402
from core.data.demo import generate_applications  # noqa: E402
from core.data.orm import Client  # noqa: E402
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
    rng = np.random.default_rng(0)
    times = []
    for i in range(n + 50):
        client = clients[i % len(clients)]
        known = rng.random() < 0.5
        raw = {
            "full_name": client.full_name,
            "birth_date": client.birth_date.isoformat(),
            "passport": client.passport if known else f"{9_000_000_000 + i}",
            "education": "GRD",
            "income": int(rng.integers(10, 200)) * 1000,
            "good_work": bool(rng.random() < 0.5),
            "car": True,
            "car_type": False,
            "foreign_passport": False,
            "region": regions[client.id],
            "home_address": 2,
            "work_address": 3,
        }
        started = time.perf_counter()
        score_application(raw, engine=engine, store=store)
        if i >= 50:  # warm
            times.append((time.perf_counter() - started) * 1000)
    p50, p95, p99 = np.percentile(times, [50, 95, 99])
    print(
        f"decision latency {label}: p50 {p50:.2f} ms  p95 {p95:.2f} ms  p99 {p99:.2f} ms  (n={n}, target p99 <= 20 ms)"
    )


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


def postgres_engine(workdir: Path):
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('DROP DATABASE IF EXISTS "credit_bench" WITH (FORCE)'))
        connection.execute(text('CREATE DATABASE "credit_bench"'))
    return make_engine(admin.url.set(database="credit_bench").render_as_string(hide_password=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models-dir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        store = ModelStore(args.models_dir) if args.models_dir else train_models(workdir / "models")
        for label, engine in (
            ("SQLite", make_engine(f"sqlite:///{workdir / 'bench.db'}")),
            ("PostgreSQL", postgres_engine(workdir)),
        ):
            migrate(engine)
            with Session(engine) as session, session.begin():
                seed_demo(session=session, n=20_000, seed=9)
            latency(engine, store, label)
            engine.dispose()
        batch(store)
        cli(store.root, workdir)


if __name__ == "__main__":
    main()
