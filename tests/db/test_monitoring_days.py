"""The Monitoring page's figures from the daily summaries agree with the direct computation over
every decision (the code before them, `direct_monitoring`), on SQLite and PostgreSQL: after a
first history, after more decisions on days already summed and new days, after outcomes recorded
for days already summed, and after a new champion. Outcomes recorded sum again only the
outcomes' part of their days; a promotion or a rollback that refreshes leaves the page nothing to
sum, and the summaries on bases no longer served nor a rollback away go."""

from __future__ import annotations

import math
import shutil
from dataclasses import asdict
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from core.data.dataset import parse_applications
from core.data.demo import generate_applications
from core.data.orm import MonitoringDay, MonitoringLabel, MonitoringRank, Outcome
from core.decisions.replay import replay_frame
from core.modelling import challengers
from core.modelling.model_files import serving_stack
from core.modelling.registry import ModelStore
from core.monitoring import daily
from core.monitoring.challenger import compare_shadow
from core.monitoring.fairness import live_fairness
from core.monitoring.outcomes import record_outcomes
from core.monitoring.report import monitor
from tests.db import direct_monitoring as direct
from tests.db.conftest import other_new_version, with_second_new_model

FIRST, LAST = date(2026, 1, 1), date(2026, 4, 30)


@pytest.fixture(scope="module")
def models(tmp_path_factory, trained_models) -> ModelStore:
    """The shared champions and a second new-client model, the challenger (and later champion)."""
    return with_second_new_model(tmp_path_factory.mktemp("days-models"), trained_models, seed=13)


def applications(n: int, *, seed: int, first: str, days: int) -> pd.DataFrame:
    """`n` newcomers' applications (no bank data) dated at random over `days` days from `first`."""
    raw = generate_applications(n, seed=seed).drop(
        columns=["decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time"]
    )
    raw["client_id"] += 1_000_000 * seed
    dates = pd.Timestamp(first) + pd.to_timedelta(pd.Series(range(n)).mul(7919).mod(days), unit="D")
    raw["app_date"] = dates.dt.strftime("%d%b%Y").str.upper()
    return raw


def replay(engine, store, raw: pd.DataFrame, *, outcomes: pd.DataFrame | None = None) -> None:
    with Session(engine) as session, session.begin():
        replay_frame(parse_applications(raw, purpose="replay"), session=session, store=store)
    if outcomes is not None:
        with Session(engine) as session, session.begin():
            record_outcomes(outcomes[["client_id", "default"]].astype(str), session=session)


def same(new, old, path: str = "") -> None:
    """Equal, floats to rounding (the summaries add per-day sums), NaN equal to NaN. (PostgreSQL gave
    the direct calibration's observed rate as a Decimal: an average of numeric literals.)"""
    old = float(old) if isinstance(old, Decimal) else old
    if isinstance(old, float) or isinstance(new, float):
        if old is None or new is None:
            assert new is old, path
        elif math.isnan(old):
            assert math.isnan(new), path
        else:
            assert new == pytest.approx(old, rel=1e-9, abs=1e-12), path
    elif isinstance(old, dict):
        assert sorted(new) == sorted(old), path
        for key in old:
            same(new[key], old[key], f"{path}.{key}")
    elif isinstance(old, list | tuple):
        assert len(new) == len(old), path
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            same(a, b, f"{path}[{i}]")
    else:
        assert new == old, path


def agree(engine, store, by: str) -> None:
    """Every figure the Monitoring page shows, the new way against the direct way."""
    args = {"segment": "new", "first": FIRST, "last": LAST}
    with Session(engine) as session, session.begin():
        old = direct.monitor(session=session, store=store, by=by, **args)
        old_shadow = direct.compare_shadow(session=session, by=by, **args)
        old_fair = direct.live_fairness(session=session, store=store, **args)
    with Session(engine) as session, session.begin():
        new = monitor(session=session, store=store, by=by, **args)
    with Session(engine) as session, session.begin():
        new_shadow = compare_shadow(session=session, store=store, by=by, **args)
    with Session(engine) as session, session.begin():
        new_fair = live_fairness(session=session, store=store, **args)
    assert [p.period for p in new.periods] == [p.period for p in old.periods]
    same([asdict(p) for p in new.periods], [asdict(p) for p in old.periods], "periods")
    same(new.calibration, old.calibration, "calibration")
    assert new.reference == old.reference
    same(asdict(new_shadow), asdict(old_shadow), "shadow")
    assert old_fair is not None and new_fair is not None
    assert (new_fair.attribute, new_fair.threshold) == (old_fair.attribute, old_fair.threshold)
    pd.testing.assert_frame_equal(new_fair.groups, old_fair.groups, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(new_fair.cutoffs, old_fair.cutoffs, check_exact=False, rtol=1e-9)
    same(new_fair.adverse_impact_ratio, old_fair.adverse_impact_ratio, "adverse impact ratio")


@pytest.mark.slow
def test_the_summaries_agree_with_the_direct_computation_as_decisions_and_outcomes_arrive(demo_db, models):
    first = applications(1_500, seed=41, first="2026-01-01", days=75)
    challengers.set_challenger(models, "new", other_new_version(models), by="test")
    try:
        replay(demo_db, models, first, outcomes=first.iloc[: len(first) * 2 // 3])
        for by in ("month", "week"):
            agree(demo_db, models, by)
        with Session(demo_db) as session:
            summed = session.scalar(select(func.count()).select_from(MonitoringDay))
            assert summed and session.scalar(select(func.count()).select_from(MonitoringRank))

        # More decisions on days already summed and on new ones; outcomes for days already summed.
        more = applications(900, seed=42, first="2026-02-15", days=60)
        replay(demo_db, models, more, outcomes=pd.concat([first.iloc[len(first) * 2 // 3 :], more.iloc[:300]]))
        for by in ("week", "month"):
            agree(demo_db, models, by)
    finally:
        challengers.clear_challenger(models, "new")

    # A new champion: the inputs' bins and the cut-off change, the summaries are summed again.
    champion = models.champion_version("new")
    models.promote("new", other_new_version(models))
    try:
        agree(demo_db, models, "month")
    finally:
        models.promote("new", champion)


def summaries(engine) -> dict[tuple[str, date, str], dict]:
    """The new-client segment's stored summaries by (basis, day, part)."""
    with Session(engine) as session:
        rows = session.execute(
            select(MonitoringDay.basis, MonitoringDay.day, MonitoringDay.part, MonitoringDay.tallies).where(
                MonitoringDay.segment == "new"
            )
        )
        return {(basis, day, part): tallies for basis, day, part, tallies in rows}


def versions_summed(engine) -> set[str]:
    """The champion versions the new-client segment has summaries for."""
    return {basis.rsplit(":", 1)[0] for basis, _, _ in summaries(engine)}


def copy_of(models: ModelStore, root) -> ModelStore:
    """A store of its own, whose champion history a test may change."""
    return ModelStore(shutil.copytree(models.root, root))


@pytest.mark.slow
def test_outcomes_recorded_sum_again_only_the_outcomes_of_their_days(demo_db, models):
    raw = applications(600, seed=51, first="2026-01-05", days=20)
    replay(demo_db, models, raw, outcomes=raw.iloc[:200])
    agree(demo_db, models, "month")
    # Mark every stored decisions' part: a part summed again would lose the mark.
    with Session(demo_db) as session, session.begin():
        for row in session.scalars(select(MonitoringDay).where(MonitoringDay.part == daily.DECISIONS)):
            row.tallies = row.tallies | {"mark": 1}
    before = summaries(demo_db)

    flipped = raw.iloc[:50].assign(default=1 - raw.iloc[:50]["default"])  # outcomes recorded again, changed
    with Session(demo_db) as session, session.begin():
        record_outcomes(pd.concat([raw.iloc[200:400], flipped])[["client_id", "default"]].astype(str), session=session)
    agree(demo_db, models, "month")

    after = summaries(demo_db)
    decisions = {key for key in before if key[2] == daily.DECISIONS and before[key].get("n")}
    assert decisions and all(after[key].get("mark") == 1 for key in decisions)
    outcomes = {key for key in after if key[2] == daily.OUTCOMES and after[key].get("outcomes")}
    assert outcomes and any(after[key] != before.get(key) for key in outcomes)


@pytest.mark.slow
def test_the_outcomes_import_writes_the_labels_of_its_decisions(demo_db, models):
    raw = applications(300, seed=52, first="2026-01-05", days=10)
    replay(demo_db, models, raw)
    agree(demo_db, models, "month")  # the decisions are copied (and summed) before their outcomes arrive
    with Session(demo_db) as session, session.begin():
        record_outcomes(raw.iloc[:100][["client_id", "default"]].astype(str), session=session)
    flipped = raw.iloc[:10].assign(default=1 - raw.iloc[:10]["default"])
    with Session(demo_db) as session, session.begin():
        record_outcomes(flipped[["client_id", "default"]].astype(str), session=session)

    with Session(demo_db) as session:
        labels = dict(session.execute(select(MonitoringLabel.application_id, MonitoringLabel.bad)).tuples().all())
        recorded = dict(session.execute(select(Outcome.application_id, Outcome.default)).tuples().all())
    assert len(labels) == 100 and labels == recorded
    assert sum(labels.values()) == int(raw.iloc[10:100]["default"].sum() + flipped["default"].sum())


@pytest.mark.slow
def test_a_promotion_that_refreshes_leaves_the_page_nothing_to_sum_and_a_rollback_reuses_its_days(
    demo_db, models, tmp_path
):
    store = copy_of(models, tmp_path / "models")
    raw = applications(600, seed=53, first="2026-02-01", days=40)
    replay(demo_db, store, raw, outcomes=raw.iloc[:300])
    agree(demo_db, store, "month")
    champion, other = store.champion_version("new"), other_new_version(store)
    days = (LAST - FIRST).days + 1

    store.promote("new", other)
    statements: list[str] = []
    listen = ("before_cursor_execute", lambda *args: statements.append(args[2]))
    event.listen(demo_db, *listen)
    try:
        with Session(demo_db) as session, session.begin():
            assert daily.refresh(session=session, store=store, segments=["new"]) == days
    finally:
        event.remove(demo_db, *listen)
    # What does not depend on the champion (counts, the estimate, the shadow's sums, the labels)
    # is taken from the old champion's days, not summed again.
    assert statements and not [s for s in statements if "shadow_scores" in s]
    on_new = {key for key in summaries(demo_db) if key[0].startswith(f"{other}:")}
    assert len(on_new) == 2 * days  # both parts of every day the page looked at
    agree(demo_db, store, "month")
    assert versions_summed(demo_db) == {champion, other}  # the old champion is a rollback away: kept

    store.rollback("new")
    with Session(demo_db) as session, session.begin():
        assert daily.refresh(session=session, store=store, segments=["new"]) == 0  # its days were kept
    # Kept: the served champion's and the one a rollback would serve now (the module's earlier
    # promotions are in this store's history too).
    assert versions_summed(demo_db) == set(serving_stack(store.champion_history("new"))[-2:])
    agree(demo_db, store, "month")


@pytest.mark.slow
def test_a_promotion_that_did_not_refresh_is_summed_by_the_page_which_forgets_retired_bases(demo_db, models, tmp_path):
    store = copy_of(models, tmp_path / "models")
    raw = applications(300, seed=54, first="2026-03-01", days=20)
    replay(demo_db, store, raw, outcomes=raw.iloc[:100])
    agree(demo_db, store, "month")
    with Session(demo_db) as session, session.begin():  # a day as a champion retired long ago summed it
        day = session.scalars(select(MonitoringDay).where(MonitoringDay.part == daily.DECISIONS).limit(1)).one()
        retired = {"segment": "new", "basis": "retired:0", "day": day.day, "part": day.part}
        session.execute(MonitoringDay.__table__.insert(), [retired | {"n": day.n, "tallies": day.tallies}])
    champion, other = store.champion_version("new"), other_new_version(store)

    store.promote("new", other)  # as `train` does: nothing refreshes, the page sums the days
    agree(demo_db, store, "month")
    assert versions_summed(demo_db) == {champion, other}
