"""The shadow challenger: named per segment, it scores every decision beside the champion, never
decides, and Monitoring compares the two; the fairness report per group."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data.dataset import parse_applications
from core.data.demo import generate_applications
from core.data.orm import Application, ShadowScore
from core.decisions.replay import replay_frame
from core.decisions.scoring import score_application
from core.modelling import challengers
from core.modelling.comparison import PromotionRefused
from core.modelling.registry import ModelStore
from core.monitoring.challenger import compare_shadow
from core.monitoring.fairness import history_fairness, live_fairness
from core.monitoring.outcomes import record_outcomes
from tests.conftest import GOOD_ANSWERS
from tests.db.conftest import other_new_version, with_second_new_model


@pytest.fixture(scope="module")
def two_models(tmp_path_factory, trained_models) -> ModelStore:
    """The shared champions and, beside the new-client one, a shallower challenger."""
    return with_second_new_model(tmp_path_factory.mktemp("shadow-models"), trained_models, seed=12)


def test_the_champion_cannot_be_its_own_challenger(two_models):
    with pytest.raises(PromotionRefused):
        challengers.set_challenger(two_models, "new", two_models.champion_version("new"), by="test")


def test_a_live_decision_is_scored_by_the_challenger_too_and_decided_by_the_champion(demo_db, two_models):
    version = other_new_version(two_models)
    challengers.set_challenger(two_models, "new", version, by="test")
    try:
        decision = score_application(GOOD_ANSWERS, engine=demo_db, store=two_models)
    finally:
        challengers.clear_challenger(two_models, "new")
    with Session(demo_db) as session:
        shadow = session.get(ShadowScore, decision.id)
    assert shadow.model_version == version
    assert decision.model_version == two_models.champion_version("new")
    assert shadow.pd != pytest.approx(decision.pd)
    assert 0 < shadow.pd < 1


def test_no_challenger_no_shadow_score(demo_db, two_models):
    decision = score_application(GOOD_ANSWERS, engine=demo_db, store=two_models)
    with Session(demo_db) as session:
        assert session.get(ShadowScore, decision.id) is None


def test_monitoring_compares_champion_and_challenger_on_the_same_decisions(demo_db, two_models):
    raw = generate_applications(3_000, seed=31).drop(
        columns=["decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time"]
    )
    raw["client_id"] += 5_000_000
    raw["app_date"] = "15MAR2026"
    challengers.set_challenger(two_models, "new", other_new_version(two_models), by="test")
    try:
        with Session(demo_db) as session, session.begin():
            replay_frame(parse_applications(raw, purpose="replay"), session=session, store=two_models)
    finally:
        challengers.clear_challenger(two_models, "new")
    with Session(demo_db) as session, session.begin():
        record_outcomes(raw[["client_id", "default"]].astype(str), session=session)
        comparison = compare_shadow(
            session=session, store=two_models, segment="new", first=date(2026, 3, 1), last=date(2026, 3, 31)
        )
        rows = session.execute(select(Application.pd, ShadowScore.pd, Application.threshold).join(ShadowScore)).all()
    champion, challenger, cut = (np.array(column) for column in zip(*rows, strict=True))
    assert comparison.n == 3_000
    assert comparison.correlation == pytest.approx(np.corrcoef(champion, challenger)[0, 1], abs=1e-9)
    assert comparison.challenger_only == int(((challenger < cut) & (champion >= cut)).sum())
    assert comparison.champion_only == int(((champion < cut) & (challenger >= cut)).sum())
    [march] = comparison.periods
    assert 0.5 < march["champion_auroc"] < 1 and 0.5 < march["challenger_auroc"] < 1


def test_fairness_on_history_is_by_sex_with_an_adverse_impact_ratio(demo_db, store):
    with Session(demo_db) as session:
        report = history_fairness(session=session, store=store, segment="new")
    assert sorted(report.groups["group"]) == ["F", "M"]
    assert report.groups["n"].sum() == 2_000
    rates = report.groups.set_index("group")["approval_rate"]
    assert report.adverse_impact_ratio == pytest.approx(rates.min() / rates.max())
    assert list(report.cutoffs["cutoff"]) == pytest.approx([report.threshold * s for s in (0.8, 0.9, 1, 1.1, 1.2)])
    assert report.cutoffs[["F", "M"]].diff().dropna().ge(0).all().all()  # a higher cut-off approves more


def test_fairness_on_live_decisions_is_by_age_band(demo_db, store):
    for birth in (date(2000, 1, 1), date(1960, 1, 1)):
        answers = GOOD_ANSWERS | {"birth_date": birth}
        score_application(answers, engine=demo_db, store=store, now=datetime(2026, 3, 10, tzinfo=UTC))
    with Session(demo_db) as session, session.begin():
        report = live_fairness(
            session=session, store=store, segment="new", first=date(2026, 3, 1), last=date(2026, 3, 31)
        )
    assert sorted(report.groups["group"]) == ["25–34", "65+"]
