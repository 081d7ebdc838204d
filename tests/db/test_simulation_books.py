"""The books a policy is simulated on, read the fast way (typed columns through a covering
index, kept in memory while the database holds the same rows), equal what a direct reading of
the decision records and the history gives, on SQLite and PostgreSQL, cold and kept."""

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from core.data import orm, repository
from core.data.db import as_utc
from core.data.decision_inputs import refresh_inputs
from core.decisions import cutoffs, policy_store
from core.decisions.policy_reports import drafted_body
from core.decisions.simulation import compare, strategy_curve
from core.decisions.simulation_books import RULE_FIELDS, forget, labelled_book, live_book
from core.decisions.simulation_data import simulate
from core.modelling.registry import ModelStore

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=30)
LGD = 0.45


def decisions(n: int, seed: int, first_id: int = 0) -> list[dict]:
    """Decision records over the last 60 days: newcomers (no bank fields) and clients, some of
    them with a field missing from their JSON."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        segment = "existing" if rng.random() < 0.4 else "new"
        features = {"age": int(rng.integers(18, 80)), "income": int(rng.integers(5, 200)) * 1_000, "car": 1}
        if segment == "existing":
            features |= {"decline_app_cnt": int(rng.integers(0, 4)), "bki_request_cnt": int(rng.integers(0, 9))}
            if rng.random() < 0.2:
                del features["bki_request_cnt"]
        rows.append(
            {
                "created_at": NOW - timedelta(minutes=int(rng.integers(1, 60 * 24 * 60))),
                "idempotency_key": f"books-{first_id + i}",
                "answers": {},
                "features": features,
                "segment": segment,
                "model_name": "test",
                "model_version": "v1",
                "pd": float(rng.beta(2, 14)),
                "threshold": 0.1,
                "decision": "premium",
                "offer": "premium_card",
                "reasons": [],
                "lang": "en",
            }
        )
    return rows


def store_decisions(engine, rows: list[dict]) -> None:
    with Session(engine) as session, session.begin():
        session.execute(insert(orm.Application), rows)


def read_directly(engine, segment: str) -> pd.DataFrame:
    """The live book from the decision records themselves: each one's PD and JSON fields."""
    with Session(engine) as session:
        records = session.scalars(select(orm.Application).where(orm.Application.segment == segment)).all()
        rows = [
            [r.pd, *(float(r.features.get(name, 0)) for name in RULE_FIELDS)]
            for r in records
            if as_utc(r.created_at) >= SINCE
        ]
    return pd.DataFrame(rows, columns=["pd", *RULE_FIELDS])


def in_order(book: pd.DataFrame) -> pd.DataFrame:
    return book.sort_values(list(book.columns)).reset_index(drop=True).astype(float)


def figures(book) -> dict:
    """A comparison's figures flat (sums over rows read in another order differ in the last bits)."""
    return {f"{part}.{name}": value for part, values in asdict(book).items() for name, value in values.items()}


def fast(engine, segment: str) -> pd.DataFrame:
    with Session(engine) as session, session.begin():
        return live_book(session=session, segment=segment, since=SINCE)


@pytest.mark.parametrize("segment", ["new", "existing"])
def test_the_live_book_equals_the_decision_records_read_directly(engine, segment):
    forget()
    store_decisions(engine, decisions(400, seed=1))
    cold = fast(engine, segment)
    assert 0 < len(cold) < 400
    pd.testing.assert_frame_equal(in_order(cold), in_order(read_directly(engine, segment)))
    pd.testing.assert_frame_equal(fast(engine, segment), cold)  # kept: the same rows again


def test_a_kept_live_book_follows_new_decisions(engine):
    forget()
    store_decisions(engine, decisions(200, seed=2))
    before = fast(engine, "new")
    newcomer = decisions(1, seed=3, first_id=1_000)[0] | {"segment": "new", "created_at": NOW, "pd": 0.5}
    store_decisions(engine, [newcomer])
    after = fast(engine, "new")
    assert len(after) == len(before) + 1 and 0.5 in after["pd"].tolist()
    pd.testing.assert_frame_equal(in_order(after), in_order(read_directly(engine, "new")))


def test_a_simulation_equals_one_on_books_computed_directly(demo_db, history_models):
    forget()
    store = ModelStore(history_models[1])
    store_decisions(demo_db, decisions(500, seed=4))
    with Session(demo_db) as session, session.begin():
        active = policy_store.active_body(
            session=session, number=policy_store.ensure_initial(session=session, target_bad_rate=0.08)
        )
    proposed = drafted_body(active, segment="new", cutoff=("approval_rate", 0.3), refer_band=0.02)
    model = store.champion("new")
    oof = cutoffs.read_oof(store, "new", model.meta.version)
    with Session(demo_db) as session:
        history = repository.history_frame(session=session)[["client_id", *RULE_FIELDS]]
    labelled = oof[["client_id", "default", "pd"]].merge(history, on="client_id")
    live = read_directly(demo_db, "new")
    now_pair = (active.segments["new"], cutoffs.resolve(active.segments["new"].cutoff, model, store))
    then_pair = (proposed.segments["new"], cutoffs.resolve(proposed.segments["new"].cutoff, model, store))

    for _ in ("cold", "kept"):
        with Session(demo_db) as session, session.begin():
            result = simulate(
                session=session, store=store, segment="new", proposed=proposed, lgd=LGD, target_bad_rate=0.08, now=NOW
            )
        assert figures(result.labelled) == pytest.approx(figures(compare(labelled, now_pair, then_pair, lgd=LGD)))
        assert figures(result.live) == pytest.approx(figures(compare(live, now_pair, then_pair, lgd=LGD)))
        pd.testing.assert_frame_equal(result.curve, strategy_curve(proposed.segments["new"], labelled))
    with Session(demo_db) as session:
        book, _ = labelled_book(session=session, store=store, segment="new")
    assert len(book) == len(labelled) > 0


def test_a_decision_committed_after_a_later_numbered_one_is_still_copied_and_its_day_marked(engine):
    """PostgreSQL numbers a decision when it starts writing, so one may commit after a decision
    with a higher number was copied; the copy still takes it, and marks its day for Monitoring."""
    rows = decisions(3, seed=4)
    for i, row in enumerate(rows, start=1):
        row["id"] = i * 10  # 10, 20, 30: 30 is copied before 10 and 20 are committed
    store_decisions(engine, rows[2:])
    with Session(engine) as session, session.begin():
        assert refresh_inputs(session=session) == 1
        session.execute(delete(orm.MonitoringStaleDay))
    store_decisions(engine, rows[:2])
    with Session(engine) as session, session.begin():
        assert refresh_inputs(session=session) == 2
        copied = session.scalars(select(orm.DecisionInput.application_id).order_by(orm.DecisionInput.application_id))
        assert list(copied) == [10, 20, 30]
        stale = set(session.execute(select(orm.MonitoringStaleDay.segment, orm.MonitoringStaleDay.day)).tuples())
    assert stale == {(row["segment"], row["created_at"].date()) for row in rows[:2]}
