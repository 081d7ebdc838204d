"""Monitoring on a replayed synthetic stream, on SQLite and PostgreSQL: drift shows in the drifted
input's PSI only, realised AUROC matches scikit-learn, the estimate from PDs matches a calibrated
stream, outcomes are imported whole or not at all, alerts are raised once; the outcomes import
command leaves the page nothing to sum."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.cli.main import main
from core.data.dataset import DataError, parse_applications
from core.data.demo import generate_applications
from core.data.orm import (
    Application,
    AuditEntry,
    MonitoringAlert,
    MonitoringDay,
    MonitoringRank,
    MonitoringStaleDay,
    Outcome,
)
from core.decisions.replay import replay_frame
from core.monitoring.alerts import find_alerts, raise_alerts
from core.monitoring.outcomes import record_outcomes
from core.monitoring.report import monitor

DRIFT_FROM = date(2026, 3, 1)


def stream(n: int, *, seed: int, first: str, days: int, drift_from: date | None = None) -> pd.DataFrame:
    """`n` synthetic applications dated over `days` days from `first`; from `drift_from` on, incomes triple."""
    raw = generate_applications(n, seed=seed)
    raw["client_id"] += 1_000_000 * seed
    dates = pd.Timestamp(first) + pd.to_timedelta(np.random.default_rng(seed).integers(0, days, n), unit="D")
    raw["app_date"] = dates.strftime("%d%b%Y").str.upper()
    if drift_from is not None:
        late = np.asarray(dates >= pd.Timestamp(drift_from))
        raw.loc[late, "income"] = raw.loc[late, "income"] * 3
    return raw


def replay(engine, store, raw: pd.DataFrame):
    with Session(engine) as session, session.begin():
        return replay_frame(parse_applications(raw, purpose="replay"), session=session, store=store)


def report(engine, store, first: date, last: date, by: str = "month", segment: str = "existing"):
    with Session(engine) as session, session.begin():
        return monitor(session=session, store=store, segment=segment, first=first, last=last, by=by)


@pytest.mark.slow
def test_a_drifted_input_crosses_the_act_band_in_the_first_full_period_and_no_other_does(demo_db, store):
    replay(demo_db, store, stream(6_000, seed=3, first="2026-01-01", days=120, drift_from=DRIFT_FROM))
    periods = {p.period: p for p in report(demo_db, store, date(2026, 1, 1), date(2026, 4, 30)).periods}
    before, after = periods[date(2026, 2, 1)], periods[DRIFT_FROM]
    assert before.psi["income"] < 0.1
    assert after.psi["income"] > 0.25
    others = {name: value for name, value in after.psi.items() if name not in ("income", "score")}
    assert len(others) == 14 and max(others.values()) < 0.25


def test_realised_auroc_by_vintage_from_the_command_equals_scikit_learn(demo_db, store, capsys, monkeypatch):
    raw = stream(4_000, seed=4, first="2026-01-01", days=90)
    replay(demo_db, store, raw)
    with Session(demo_db) as session, session.begin():
        record_outcomes(raw[["client_id", "default"]].astype(str), session=session)
    monkeypatch.setenv("DATABASE_URL", demo_db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("MODELS_DIR", str(store.root))
    assert main(["monitor", "--segment", "existing", "--from", "2026-01-01", "--to", "2026-03-31", "--json"]) == 0
    printed = {p["period"]: p for p in json.loads(capsys.readouterr().out)}
    with Session(demo_db) as session:
        rows = session.execute(select(Application.created_at, Application.pd, Outcome.default).join(Outcome)).all()
    by_month = defaultdict(lambda: ([], []))
    for created, pd_, default in rows:
        y, p = by_month[created.date().replace(day=1).isoformat()]
        y.append(int(default))
        p.append(pd_)
    assert sorted(printed) == sorted(by_month) == ["2026-01-01", "2026-02-01", "2026-03-01"]
    for period, (y, p) in by_month.items():
        assert printed[period]["auroc"] == pytest.approx(roc_auc_score(y, p), abs=1e-12)
        assert printed[period]["n_outcomes"] == len(y)
        assert set(printed[period]["psi"]) >= {"score", "income", "score_bki"}


def test_the_outcomes_import_command_brings_the_summaries_and_rank_statistics_up_to_date(
    demo_db, store, tmp_path, capsys, monkeypatch
):
    raw = stream(2_000, seed=6, first="2026-01-01", days=60)
    replay(demo_db, store, raw)
    first, last = date(2026, 1, 1), date(2026, 2, 28)
    report(demo_db, store, first, last)  # staff looked: the days are summed, each month's AUROC kept

    def kept() -> tuple[set, set, int]:
        with Session(demo_db) as session:
            ranges = set(
                session.execute(select(MonitoringRank.kind, MonitoringRank.first_day, MonitoringRank.last_day))
            )
            parts = set(session.execute(select(MonitoringDay.day, MonitoringDay.part).where(MonitoringDay.n > 0)))
            return ranges, parts, session.scalar(select(func.count()).select_from(MonitoringStaleDay))

    ranges, parts, _ = kept()
    path = tmp_path / "outcomes.csv"
    raw[["client_id", "default"]].to_csv(path, index=False)
    monkeypatch.setenv("DATABASE_URL", demo_db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("MODELS_DIR", str(store.root))
    assert main(["outcomes", "import", "--data", str(path)]) == 0
    assert "Monitoring summaries brought up to date" in capsys.readouterr().out

    ranges_after, parts_after, stale = kept()
    assert stale == 0 and ranges_after == ranges  # the AUROC of each month computed again, on its outcomes
    assert {p for p in parts_after if p[1] == "outcomes"} == {
        (d, "outcomes") for d, part in parts if part == "decisions"
    }
    periods = report(demo_db, store, first, last).periods
    assert [p.n_outcomes for p in periods] == [p.n for p in periods] and all(p.auroc for p in periods)


@pytest.mark.slow
def test_the_estimate_from_calibrated_pds_lands_within_two_points_of_the_realised_auroc(demo_db, store):
    raw = stream(12_000, seed=5, first="2026-05-01", days=31)
    replay(demo_db, store, raw)
    with Session(demo_db) as session, session.begin():
        ids, pds = zip(*session.execute(select(Application.external_ref, Application.pd)).all(), strict=True)
    # Outcomes drawn from the PDs themselves: a perfectly calibrated stream.
    drawn = np.random.default_rng(0).random(len(pds)) < np.asarray(pds)
    with Session(demo_db) as session, session.begin():
        record_outcomes(pd.DataFrame({"external_ref": ids, "default": drawn.astype(int).astype(str)}), session=session)
    [may] = report(demo_db, store, date(2026, 5, 1), date(2026, 5, 31)).periods
    assert may.n_outcomes == 12_000
    assert abs(may.estimated_auroc - may.auroc) < 0.02
    assert may.estimated_bad_rate == pytest.approx(np.mean([p for p in pds if p < may_threshold(store)]), rel=1e-6)


def may_threshold(store) -> float:
    return store.champion("existing").meta.threshold


def test_outcomes_with_an_unknown_id_are_refused_whole(demo_db, store):
    replay(demo_db, store, stream(50, seed=6, first="2026-01-01", days=10))
    known = [str(6_000_000 + i) for i in (1, 2)]
    frame = pd.DataFrame({"client_id": [*known, "999"], "default": ["1", "0", "1"]})
    with Session(demo_db) as session, session.begin(), pytest.raises(DataError) as refused:
        record_outcomes(frame, session=session)
    assert "line 4: '999'" in refused.value.report() and "no stored decision" in refused.value.report()
    with Session(demo_db) as session:
        assert session.scalar(select(func.count()).select_from(Outcome)) == 0


def test_outcomes_by_application_id_replace_earlier_ones(demo_db, store):
    replay(demo_db, store, stream(20, seed=7, first="2026-01-01", days=10))
    with Session(demo_db) as session:
        first_id = session.scalar(select(func.min(Application.id)))
    for default in ("1", "0"):
        frame = pd.DataFrame({"application_id": [str(first_id)], "default": [default], "observed_on": ["2026-06-30"]})
        with Session(demo_db) as session, session.begin():
            result = record_outcomes(frame, session=session)
    assert result.replaced == 1
    with Session(demo_db) as session:
        outcome = session.get(Outcome, first_id)
        assert (outcome.default, outcome.observed_on) == (False, date(2026, 6, 30))


def test_a_replayed_file_is_stored_once_without_identity(demo_db, store):
    raw = stream(30, seed=8, first="2026-01-01", days=10)
    assert replay(demo_db, store, raw).stored == 30
    again = replay(demo_db, store, raw)
    assert (again.stored, again.skipped) == (0, 30)
    with Session(demo_db) as session:
        record = session.scalars(
            select(Application).where(Application.external_ref == str(raw["client_id"].iloc[0]))
        ).one()
    assert record.full_name is None and record.passport is None
    assert record.created_at.date() == pd.to_datetime(raw["app_date"].iloc[0], format="%d%b%Y").date()
    assert record.reasons and all("direction" in r or r["code"].startswith("knockout.") for r in record.reasons)


@pytest.mark.slow
def test_alerts_are_raised_once_and_written_to_the_audit_log(demo_db, store):
    replay(demo_db, store, stream(6_000, seed=3, first="2026-01-01", days=120, drift_from=DRIFT_FROM))
    result = report(demo_db, store, date(2026, 1, 1), date(2026, 4, 30))
    found = find_alerts(result.periods, target_bad_rate=0.08)
    assert ("psi_act", "income", DRIFT_FROM) in {(a.kind, a.subject, a.period) for a in found}
    for expected in (len(found), 0):
        with Session(demo_db) as session, session.begin():
            assert len(raise_alerts(found, session=session)) == expected
    with Session(demo_db) as session:
        assert session.scalar(select(func.count()).select_from(MonitoringAlert)) == len(found)
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "alert_psi_act")).all()
    assert {entry.target for entry in logged} >= {"existing:income"}
