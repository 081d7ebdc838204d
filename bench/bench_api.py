"""Issue-15 targets: the decision API under load, on SQLite and PostgreSQL.

    python bench/bench_api.py [--models-dir DIR] [--requests 5000] [--concurrency 20] [--workers 2]
                              [--rates 300] [--backend both]
    python bench/bench_api.py --against OTHER_CHECKOUT [--paired-rate 60] [--requests 3000]

Starts `python -m core api` (uvicorn, 2 workers) over a demo database with 20,000 clients and
sends new applications (half of them known clients) from 20 keep-alive connections of an async
aiohttp client on the same machine, twice per backend:

- as fast as the connections go (each sends its next request when the last is answered): the
  decisions per second the API can give, and the latency with 20 requests always waiting;
- at a steady offered rate (`--rates`, decisions per second, one every 1/rate s), over the same
  20 connections: the latency a channel sees at that load, counted from when each request was
  due, so time spent waiting for a free connection counts too (no coordinated omission).

With `--against`, this checkout's API and another's (say, `git worktree add ../before HEAD~3`)
are served at once over one PostgreSQL database and loaded at once: the API CPU each spends
per decision, under the same machine at the same moment (see `compare`).

The target (PostgreSQL: p99 <= 25 ms, >= 300 decisions/s, no error) is read as: capacity of at
least 300/s, and p99 within 25 ms at an offered 300/s. With 20 requests always in flight, Little's
law ties the two: a 25 ms p99 would need more than 800/s. Trains models on the real data when
../shared/data is present, else on demo data, unless --models-dir points at trained ones.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import httpx
import numpy as np
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from bench.bench_scoring import train_models  # noqa: E402
from core.api.serving import listening  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402
from core.data.orm import Client  # noqa: E402
from core.modelling.bootstrap import seed_demo  # noqa: E402
from core.staff import api_keys  # noqa: E402

PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
WARM_UP = 200


def applications(engine, n: int) -> list[dict]:
    """`n` questionnaires: half of demo clients (existing-client model), half of newcomers; every
    applicant applies once (a client applying again within the policy's windows is a repeat)."""
    with Session(engine) as session:
        clients = list(session.scalars(select(Client).order_by(Client.id).limit(n // 2 + 1)))
        regions = {c.id: c.region.name for c in clients}
    rng = np.random.default_rng(0)
    out = []
    for i in range(n):
        client = clients[i // 2 % len(clients)]
        known = i % 2 == 0
        out.append(
            {
                "full_name": client.full_name,
                "birth_date": client.birth_date.isoformat(),
                "passport": client.passport if known else f"{9_000_000_000 + i}",
                "education": str(rng.choice(["SCH", "GRD", "UGR"])),
                "income": int(rng.integers(10, 200)) * 1000,
                "good_work": bool(rng.random() < 0.5),
                "car": True,
                "car_type": False,
                "foreign_passport": bool(rng.random() < 0.3),
                "region": regions[client.id],
                "home_address": 2,
                "work_address": 3,
                "consent": True,
            }
        )
    return out


async def load(
    url: str, key: str, bodies: list[dict], concurrency: int, rate: float | None = None
) -> tuple[list[float], list[str], float]:
    """Send every body from `concurrency` keep-alive connections, each sending the next body
    once its last answer is in; each request's latency (ms), the errors, the seconds to the last
    answer. Without `rate`, as fast as that goes, latency counted from sending. With it, body i
    is due i/rate seconds from the start and is sent when due or, if late, as soon as a
    connection is free; latency is counted from when it was due (as wrk2 counts it).

    aiohttp, not httpx: on one machine the client's own CPU time is taken from the server's,
    and aiohttp needs about a third of httpx's per request."""
    latencies: list[float] = []
    errors: list[str] = []
    headers = {"Authorization": f"Bearer {key}", "Accept-Language": "ru"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(url, headers=headers, connector=connector, timeout=timeout) as client:
        started = time.perf_counter()
        turns = iter(range(len(bodies)))  # shared: each connection takes the next body

        async def connection() -> None:
            for i in turns:
                due = time.perf_counter() if rate is None else started + i / rate
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                try:
                    async with client.post(
                        "/v1/applications", json=bodies[i], headers={"Idempotency-Key": uuid.uuid4().hex}
                    ) as answer:
                        text = await answer.text()
                        if answer.status != 201:
                            errors.append(f"{answer.status} {text[:200]}")
                except (aiohttp.ClientError, TimeoutError) as error:
                    errors.append(repr(error))
                latencies.append((time.perf_counter() - due) * 1000)

        await asyncio.gather(*(connection() for _ in range(concurrency)))
        return latencies, errors, time.perf_counter() - started


def _stat(pid: str) -> tuple[str, int, float]:
    """A process's command name, parent and CPU seconds (user + system) from /proc."""
    with open(f"/proc/{pid}/stat") as handle:
        head, _, rest = handle.read().rpartition(")")
    fields = rest.split()
    return head.partition("(")[2], int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(root: int) -> dict[str, float]:
    """CPU seconds so far of the API (`root` and its worker processes) and of PostgreSQL's processes."""
    stats = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stats[int(pid)] = _stat(pid)
        except (OSError, ValueError, IndexError):
            continue
    family = {root}
    for pid, (_, parent, _) in sorted(stats.items()):
        if parent in family:
            family.add(pid)
    api = sum(stats[pid][2] for pid in family if pid in stats)
    database = sum(cpu for name, _, cpu in stats.values() if name.startswith("postgres"))
    return {"api": api, "database": database, "client": time.process_time()}


def serve(
    database_url: str, models: Path, workdir: Path, workers: int, project: Path = PROJECT
) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MODELS_DIR": str(models),
        "MLFLOW_TRACKING_URI": f"sqlite:///{workdir / 'mlflow.db'}",
    }
    command = [sys.executable, "-m", "core", "api", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, cwd=project, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            # Ready, and every worker listening: connections opened while only the first worker
            # is up would all stay on it.
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200 and listening(port) >= workers:
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise SystemExit("the API did not become ready")


def prepare(database_url: str, n: int) -> tuple[Engine, str, list[dict]]:
    """The demo database with 20,000 clients, a key without a practical limit, and `n` bodies."""
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=20_000, seed=9)
        _, key = api_keys.create_key(session=session, channel="bench", rate_limit=10**9, now=datetime.now(UTC))
    bodies = applications(engine, n)
    # This client's own full collections (over the bodies, thousands of dicts) would stall its
    # event loop and count as the server's latency.
    gc.collect()
    gc.freeze()
    return engine, key, bodies


def run(label: str, database_url: str, models: Path, workdir: Path, args: argparse.Namespace) -> None:
    engine, key, bodies = prepare(database_url, WARM_UP + args.requests * (1 + len(args.rates)))
    process, url = serve(database_url, models, workdir, args.workers)
    try:
        asyncio.run(load(url, key, bodies[:WARM_UP], args.concurrency))
        bodies = bodies[WARM_UP:]
        before = cpu_seconds(process.pid)
        latencies, errors, seconds = asyncio.run(load(url, key, bodies[: args.requests], args.concurrency))
        after = cpu_seconds(process.pid)
        report(
            f"API {label}, {args.requests:,} decisions, {args.concurrency} connections as fast as they go",
            latencies,
            errors,
            seconds,
            args.requests,
        )
        spent = {part: (after[part] - before[part]) / args.requests * 1000 for part in after}
        print(
            f"  CPU per decision: API {spent['api']:.1f} ms, PostgreSQL {spent['database']:.1f} ms, "
            f"this client {spent['client']:.1f} ms (2 cores: {2000 / sum(spent.values()):,.0f} decisions/s at most)",
            flush=True,
        )
        for i, rate in enumerate(args.rates, start=1):
            part = bodies[i * args.requests : (i + 1) * args.requests]
            latencies, errors, seconds = asyncio.run(load(url, key, part, args.concurrency, rate))
            report(
                f"API {label}, {args.requests:,} decisions offered at {rate:g}/s over {args.concurrency} connections",
                latencies,
                errors,
                seconds,
                args.requests,
            )
    finally:
        process.terminate()
        process.wait(30)
        engine.dispose()


def compare(database_url: str, models: Path, workdir: Path, args: argparse.Namespace) -> None:
    """This checkout's API and `args.against`'s, served at once over one database and loaded at
    once, each at `args.paired_rate`: their CPU per decision, measured under the same machine.
    (On a shared virtual machine the CPU one decision takes drifts by a quarter within minutes,
    so runs one after the other cannot tell a 10 % change from noise.)"""
    projects = {"this checkout": PROJECT, str(args.against): args.against.resolve()}
    engine, key, bodies = prepare(database_url, (WARM_UP + args.requests) * len(projects))
    served: list[tuple[subprocess.Popen, str]] = []
    # Alike halves: bodies come in pairs (a client's, a newcomer's), each pair to one of the two.
    parts = [[body for k, body in enumerate(bodies) if k // 2 % len(projects) == i] for i in range(len(projects))]

    async def together(n: int, skip: int, rate: float | None) -> list:
        loads = (
            load(url, key, part[skip : skip + n], args.concurrency, rate)
            for (_, url), part in zip(served, parts, strict=True)
        )
        return await asyncio.gather(*loads)

    try:
        for project in projects.values():  # one by one: if one fails to start, those up are stopped below
            served.append(serve(database_url, models, workdir, args.workers, project))
        asyncio.run(together(WARM_UP, 0, None))
        before = [cpu_seconds(process.pid)["api"] for process, _ in served]
        results = asyncio.run(together(args.requests, WARM_UP, args.paired_rate))
        after = [cpu_seconds(process.pid)["api"] for process, _ in served]
        for label, (latencies, errors, _), b, a in zip(projects, results, before, after, strict=True):
            p50, p99 = np.percentile(latencies, [50, 99])
            print(
                f"{label}: API CPU {(a - b) / args.requests * 1000:.2f} ms per decision, p50 {p50:.1f} ms, "
                f"p99 {p99:.1f} ms at {args.paired_rate:g}/s beside the other, errors {len(errors)}",
                flush=True,
            )
    finally:
        for process, _ in served:
            process.terminate()
        for process, _ in served:
            process.wait(30)
        engine.dispose()


def report(what: str, latencies: list[float], errors: list[str], seconds: float, n: int) -> None:
    p50, p99 = np.percentile(latencies, [50, 99])
    print(
        f"{what}: errors {len(errors)}, p50 {p50:.1f} ms, p99 {p99:.1f} ms, {n / seconds:,.0f} decisions/s "
        "(target on PostgreSQL: p99 <= 25 ms at 300/s, >= 300/s, no error)",
        flush=True,
    )
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models-dir", type=Path)
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rates",
        type=lambda text: [float(r) for r in text.split(",") if r],
        default=[300.0],
        help="offered decisions per second for the paced runs, comma-separated ('' for none)",
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--against", type=Path, help="another checkout of this project: compare the two APIs at once (PostgreSQL)"
    )
    parser.add_argument(
        "--paired-rate", type=float, default=60.0, help="decisions per second offered to each of the two (--against)"
    )
    args = parser.parse_args()
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"credit_bench_api_{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        models = args.models_dir or train_models(workdir / "models").root
        if args.backend in ("sqlite", "both") and args.against is None:
            run("SQLite", f"sqlite:///{workdir / 'bench.db'}", models, workdir, args)
        if args.backend in ("postgres", "both") or args.against is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            url = admin.url.set(database=name).render_as_string(hide_password=False)
            try:
                if args.against is None:
                    run("PostgreSQL", url, models, workdir, args)
                else:
                    compare(url, models, workdir, args)
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    main()
