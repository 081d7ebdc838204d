"""The Monitoring page's figures from the daily summaries agree with the direct computation over
every decision (the code before them, `direct_monitoring`), on SQLite and PostgreSQL: after a
first history, after more decisions on days already summed and new days, after outcomes recorded
for days already summed, and after a new champion."""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.data.dataset import parse_applications
from core.data.demo import generate_applications
from core.data.orm import MonitoringDay, MonitoringRank
from core.decisions.replay import replay_frame
from core.modelling import challengers
from core.modelling.registry import ModelStore
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
