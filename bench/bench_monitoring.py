"""Issue-13 targets: the Monitoring page's queries over 1,000,000 decisions on PostgreSQL (under
2 s), and what the shadow challenger adds to a decision's p99 latency (at most 1 ms).

The page is timed as staff meet it: after the one-off daily summaries (timed apart), with new
decisions arriving today before every view, after outcomes recorded (the page re-sums their days'
outcomes and ranks), after the outcomes import command (which brings the summaries up to date
itself, timed apart), right after a promotion and a rollback (each of which sums the days on the
new champion's basis itself, timed apart: the command waits for it, the page runs it in a
background thread), and after a promotion that did not (the page then pays).

    python bench/bench_monitoring.py [--rows 1000000] [--decisions 1000] [--only shadow|page]

Decisions are generated inside PostgreSQL (generate_series), so filling the table takes seconds,
not the hours a million real decisions would; the models are small CatBoost ones trained on
demo data. Prints one line per figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from core import score_application  # noqa: E402
from core.data.connections import without_time_limits  # noqa: E402
from core.data.dataset import parse_applications  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402
from core.data.decision_inputs import refresh_inputs  # noqa: E402
from core.data.demo import generate_applications  # noqa: E402
from core.data.orm import Application, Client  # noqa: E402
from core.decisions.shadow import shadow_score  # noqa: E402
from core.modelling import challengers  # noqa: E402
from core.modelling.bootstrap import seed_demo  # noqa: E402
from core.modelling.registry import ModelStore  # noqa: E402
from core.modelling.training import fit_segment  # noqa: E402
from core.monitoring.challenger import compare_shadow  # noqa: E402
from core.monitoring.daily import prepare, refresh  # noqa: E402
from core.monitoring.fairness import history_fairness, live_fairness  # noqa: E402
from core.monitoring.outcomes import record_outcomes  # noqa: E402
from core.monitoring.periods import instant  # noqa: E402
from core.monitoring.report import monitor  # noqa: E402

PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
DAYS = 120

# One row per decision, made in SQL: inputs drawn at random around the demo data's ranges, the
# PD from a few of them, a third of the decisions with an outcome drawn from the PD.
FILL = """
INSERT INTO applications (idempotency_key, created_at, external_ref, answers, features, segment, model_name,
                          model_version, pd, threshold, decision, offer, knockout, reasons, lang)
SELECT :prefix || g, :start + (g % :days) * interval '1 day' + (g % 86400) * interval '1 second',
       :prefix || g, '{}'::json, f.features, 'existing', 'existing-client catboost', :version, f.pd, :threshold,
       CASE WHEN f.pd < :threshold THEN 'premium' ELSE 'alternative' END,
       CASE WHEN f.pd < :threshold THEN 'premium_card' ELSE 'starter_card' END, NULL, '[]'::json, 'ru'
FROM generate_series(1::bigint, :rows) AS g,
LATERAL (SELECT json_build_object(
            'education', (ARRAY['SCH','UGR','GRD','PGR','ACD'])[1 + (g * 7) % 5], 'age', 21 + (g * 13) % 50,
            'income', 10000 + (g * 7919) % 190000, 'good_work', (g % 5 = 0)::int, 'car', (g % 3 = 0)::int,
            'car_type', (g % 9 = 0)::int, 'foreign_passport', (g % 7 = 0)::int,
            'region_rating', 20 + 10 * ((g * 3) % 7),
            'home_address', 1 + g % 3, 'work_address', 1 + (g * 5) % 3, 'decline_app_cnt', (g * 11) % 4,
            'score_bki', -3.5 + ((g * 37) % 300) / 100.0,
            'bki_request_cnt', (g * 17) % 10, 'sna', 1 + g % 4, 'first_time', 1 + (g * 3) % 4) AS features,
            0.02 + ((g * 7907) % 1000) / 4000.0 AS pd) AS f
"""


def small_store(root: Path) -> ModelStore:
    store = ModelStore(root)
    frame = parse_applications(generate_applications(4_000, seed=11), purpose="history")
    for segment, depth in (("new", 4), ("existing", 4), ("new", 3), ("existing", 3)):
        estimator, meta, _ = fit_segment(
            frame, segment, params={"iterations": 300, "depth": depth}, folds=3, target_bad_rate=0.08
        )
        saved = store.save(estimator, meta)
        if store.champion_version(segment) is None:
            store.promote(segment, saved.version)
    return store


def page_queries(url: str, store: ModelStore, rows: int) -> None:
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=2_000, seed=7)
    meta = store.champion("existing").meta
    start = date.today() - timedelta(days=DAYS)
    began = time.perf_counter()
    with engine.begin() as connection, without_time_limits(connection):  # a bulk fill, not a page query
        params = {"start": start, "days": DAYS, "rows": rows, "version": meta.version, "threshold": meta.threshold}
        connection.execute(text(FILL), params | {"prefix": "bench-"})
        connection.execute(
            text(
                'INSERT INTO outcomes (application_id, "default", observed_on, recorded_at) '
                "SELECT id, random() < pd, now()::date, now() FROM applications WHERE id % 3 = 0"
            )
        )
        connection.execute(
            text(
                "INSERT INTO shadow_scores (application_id, model_version, pd, threshold) "
                "SELECT id, 'challenger', least(0.99, pd * (0.8 + random() * 0.4)), threshold FROM applications"
            )
        )
        connection.execute(text("ANALYZE"))
    print(
        f"filled {rows:,} decisions, outcomes for a third, shadow scores for all: {time.perf_counter() - began:.1f} s"
    )
    began = time.perf_counter()
    with Session(engine) as session, session.begin(), without_time_limits(session.connection()):
        added = refresh_inputs(session=session)  # the one-off backlog of a million rows
    with engine.begin() as connection:
        connection.execute(text("ANALYZE decision_inputs"))
    print(
        f"projection of {added:,} decisions' inputs to typed columns (once; then per new decision): "
        f"{time.perf_counter() - began:.1f} s"
    )
    first, last = start, date.today()
    began = time.perf_counter()
    with Session(engine) as session, session.begin(), without_time_limits(session.connection()):
        prepare(session=session, store=store, segment="existing", first=first, last=last)
    print(
        f"daily summaries of {DAYS} days (once per champion; then the days that changed): "
        f"{time.perf_counter() - began:.1f} s"
    )
    for by in ("month", "week"):  # each period's rank statistics are computed once, then kept
        page(engine, store, first, last, by, "first view (its periods' AUROC computed once)")
    for i, by in enumerate(("month", "week", "month")):
        with engine.begin() as connection:  # decisions keep arriving: today's summary is stale at every view
            connection.execute(
                text(FILL), params | {"start": date.today(), "days": 1, "rows": 1_000, "prefix": f"today{i}-"}
            )
        page(engine, store, first, last, by, "with 1,000 new decisions today")
    with Session(engine) as session:
        ids = session.scalars(
            select(Application.id).where(Application.created_at >= instant(last - timedelta(days=30))).limit(10_000)
        ).all()
    for i, part in enumerate((ids[:5_000], ids[5_000:])):
        frame = pd.DataFrame({"application_id": [str(a) for a in part], "default": [str(a % 2) for a in part]})
        began = time.perf_counter()
        with Session(engine) as session, session.begin():
            record_outcomes(frame, session=session)
        took = time.perf_counter() - began
        if i == 0:  # as if the import had not brought the summaries up to date: the page pays
            print(f"outcomes recorded for {len(part):,} decisions (and their labels): {took:.2f} s")
            page(engine, store, first, last, "month", f"after outcomes recorded for {len(part):,} decisions")
            continue
        began = time.perf_counter()
        with Session(engine) as session, session.begin():
            refresh(session=session, store=store, segments=["existing"])
        print(
            f"outcomes import of {len(part):,} decisions of the last 30 days (a batch job): {took:.2f} s to record "
            f"them and their labels, then {time.perf_counter() - began:.2f} s to bring the summaries and the rank "
            "statistics it made stale up to date"
        )
        page(engine, store, first, last, "month", f"after the outcomes import of {len(part):,} decisions")
    champion = store.champion_version("existing")
    other = next(m.version for m in store.versions("existing") if m.version != champion)
    store.promote("existing", other)
    champion_changed(engine, store, "promotion")
    page(engine, store, first, last, "month", "first view after a promotion (its summaries summed by it)")
    store.rollback("existing")
    champion_changed(engine, store, "rollback")
    page(engine, store, first, last, "month", "first view after a rollback (its summaries summed by it)")
    store.promote("existing", other)  # as `train` does: nothing sums the days but the page
    page(engine, store, first, last, "month", "first view after a promotion that did not sum the days")
    began = time.perf_counter()
    with Session(engine) as session:
        history_fairness(session=session, store=store, segment="existing")
    print(
        "fairness on the labelled history (not over decisions; cached per champion): "
        f"{time.perf_counter() - began:.2f} s"
    )
    engine.dispose()


def champion_changed(engine: Any, store: ModelStore, what: str) -> None:
    """What the promote and rollback commands (and the page, in a thread) run after the change."""
    began = time.perf_counter()
    with Session(engine) as session, session.begin():
        days = refresh(session=session, store=store, segments=["existing"])
    print(
        f"{what}: {days} days summed on the new champion's basis (by the command, or in the background on "
        f"the page; staff do not wait): {time.perf_counter() - began:.2f} s"
    )


def page(engine: Any, store: ModelStore, first: date, last: date, by: str, when: str) -> None:
    """What the Monitoring page runs to draw itself, each in its own transaction as ui.monitoring_data does."""
    args = {"store": store, "segment": "existing", "first": first, "last": last}
    times = []
    for view in (
        lambda session: monitor(session=session, by=by, **args),
        lambda session: compare_shadow(session=session, by=by, **args),
        lambda session: live_fairness(session=session, **args),
    ):
        began = time.perf_counter()
        with Session(engine) as session, session.begin():
            result = view(session)
        times.append(time.perf_counter() - began)
        if len(times) == 1:
            report = result
    n = sum(p.n for p in report.periods)
    print(
        f"Monitoring page queries over {n:,} decisions by {by}, {when}: {sum(times):.2f} s "
        f"(report {times[0]:.2f} s, challenger {times[1]:.2f} s, live fairness {times[2]:.2f} s; "
        f"{len(report.periods)} periods) target < 2 s"
    )


def shadow_latency(url: str, store: ModelStore, n: int) -> None:
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        if not session.scalar(select(Client.id).limit(1)):
            seed_demo(session=session, n=2_000, seed=7)
    champion = store.champion_version("new")
    challenger = next(m.version for m in store.versions("new") if m.version != champion)
    # The same models twice, the challenger named in one store only; decisions alternate between
    # the two one by one, so drift in the machine's load hits both alike (a paired comparison).
    twin_root = store.root.parent / f"{store.root.name}-without-challenger"
    shutil.rmtree(twin_root, ignore_errors=True)
    shutil.copytree(store.root, twin_root)
    stores = {"with": store, "without": ModelStore(twin_root)}
    challengers.set_challenger(stores["with"], "new", challenger, by="bench")
    challengers.clear_challenger(stores["without"], "new")
    results: dict[str, list[float]] = {"with": [], "without": []}
    rng = np.random.default_rng(0)
    warm_up = 40
    for i in range(6 * n + warm_up):
        label = "with" if i % 2 else "without"
        raw = {
            "full_name": "Соколова Мария Андреевна",
            "birth_date": "1988-05-17",
            "passport": f"{8_000_000_000 + i}",  # every applicant new: a repeat takes another path
            "region": "Москва",
            "education": "GRD",
            "income": int(rng.integers(10, 200)) * 1000,
            "good_work": True,
            "car": bool(i // 2 % 2),
            "car_type": False,
            "foreign_passport": False,
            "home_address": 1,
            "work_address": 2,
            "consent": True,
        }
        began = time.perf_counter()
        score_application(raw, engine=engine, store=stores[label])
        if i >= warm_up:
            results[label].append(time.perf_counter() - began)
    shutil.rmtree(twin_root, ignore_errors=True)
    features = {
        "education": "GRD",
        "age": 38,
        "income": 85_000,
        "good_work": 1,
        "car": 1,
        "car_type": 0,
        "foreign_passport": 0,
        "region_rating": 80,
        "home_address": 1,
        "work_address": 2,
    }
    own = []
    for i in range(n * 3 + 20):
        began = time.perf_counter()
        shadow_score(features | {"income": 10_000 + 1_000 * (i % 190)}, "new", store)
        own.append(time.perf_counter() - began)
    own_p50, own_p99 = np.percentile(np.array(own[20:]) * 1000, [50, 99])
    print(f"the shadow score itself (challenger prediction, no database): p50 {own_p50:.3f} ms, p99 {own_p99:.3f} ms")
    challengers.clear_challenger(store, "new")
    p = {label: np.percentile(np.array(times) * 1000, [50, 99]) for label, times in results.items()}
    kind = url.split(":", 1)[0]
    print(
        f"decision latency on {kind} ({3 * n} each, alternating): without a challenger p50 {p['without'][0]:.2f} ms, "
        f"p99 {p['without'][1]:.2f} ms; with one p50 {p['with'][0]:.2f} ms, p99 {p['with'][1]:.2f} ms; the shadow "
        f"adds {p['with'][0] - p['without'][0]:+.2f} ms at p50, {p['with'][1] - p['without'][1]:+.2f} ms at p99 "
        "(target <= 1 ms)"
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--decisions", type=int, default=1_000)
    parser.add_argument("--only", choices=("shadow", "page"), help="one of the two figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = small_store(Path(tmp) / "models")
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        name = f"bench_monitoring_{os.getpid()}"
        pg_url = admin.url.set(database=name).render_as_string(hide_password=False)
        try:
            if args.only != "page":
                shadow_latency(f"sqlite:///{Path(tmp) / 'latency.db'}", store, args.decisions)
                with admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                shadow_latency(pg_url, store, args.decisions)
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            if args.only != "shadow":
                with admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                page_queries(pg_url, store, args.rows)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
