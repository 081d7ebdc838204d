"""Policy versions on SQLite and PostgreSQL: version 1 on a fresh database, drafts, four-eyes
approval, rollback, the version and limit stamped on each decision, and a running scoring
core that follows a newly active version without a restart."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from core.decisions import policy_store
from core.decisions.policy_defaults import initial_body
from core.decisions.policy_reports import drafted_body
from core.decisions.policy_store import PolicyError
from core.decisions.scoring import score_application
from tests.conftest import GOOD_ANSWERS

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PASSWORD = "a long enough password"


@pytest.fixture
def people(engine):
    with Session(engine) as session, session.begin():
        for name, role in (("rita", "risk_manager"), ("rob", "risk_manager"), ("anna", "analyst")):
            staff.create_user(session=session, name=name, role=role, password=PASSWORD)
    return engine


def draft(engine, author: str = "rita", **changes) -> int:
    """A draft by `author`: the active version with `changes` (drafted_body's options)."""
    with Session(engine) as session, session.begin():
        number = policy_store.ensure_initial(session=session, target_bad_rate=0.08)
        body = drafted_body(policy_store.active_body(session=session, number=number), **changes)
        return policy_store.create_draft(session=session, author=author, reason="test", body=body).number


def act(engine, work):
    with Session(engine) as session, session.begin():
        return work(session)


def test_a_fresh_database_starts_with_version_1_as_before(people):
    views = act(
        people,
        lambda s: (policy_store.ensure_initial(session=s, target_bad_rate=0.08), policy_store.versions(session=s))[1],
    )
    [first] = views
    assert (first.number, first.status, first.author) == (1, "active", "system")
    assert first.body == initial_body(0.08)
    rules = first.body.segments["new"]
    assert rules.cutoff.basis == "target_bad_rate" and rules.cutoff.value == 0.08
    assert [(r.kind, r.min_age, r.max_age) for r in rules.knockout_rules] == [("age_range", 21, 72)]


def test_a_draft_waits_for_approval(people):
    assert draft(people, cutoff=("pd", 0.1)) == 2
    views = act(people, lambda s: policy_store.versions(session=s))
    assert [(v.number, v.status) for v in views] == [(2, "draft"), (1, "active")]
    assert views[0].based_on == 1 and views[0].body.segments["new"].cutoff.value == 0.1


def test_the_author_cannot_approve_their_own_draft(people):
    number = draft(people)
    with pytest.raises(PolicyError) as refused:
        act(people, lambda s: policy_store.approve(session=s, number=number, approver="rita"))
    assert refused.value.code == "own_draft"
    assert "second risk manager" in refused.value.message("en")
    assert act(people, lambda s: policy_store.active_number(session=s)) == 1


@pytest.mark.parametrize("who", ["anna", "nobody"])
def test_only_risk_managers_draft_and_approve(people, who):
    with pytest.raises(PolicyError, match="may not set credit policy"):
        draft(people, author=who)
    number = draft(people)
    with pytest.raises(PolicyError, match="may not set credit policy"):
        act(people, lambda s: policy_store.approve(session=s, number=number, approver=who))


def test_a_bad_draft_is_refused_and_nothing_is_written(people):
    act(people, lambda s: policy_store.ensure_initial(session=s, target_bad_rate=0.08))
    with pytest.raises(PolicyError, match=r"cutoff\.value"):
        draft(people, cutoff=("pd", 1.5))
    assert len(act(people, lambda s: policy_store.versions(session=s))) == 1


def test_a_second_risk_manager_activates_and_rollback_goes_back(people):
    second = draft(people, cutoff=("pd", 0.1))
    act(people, lambda s: policy_store.approve(session=s, number=second, approver="rob"))
    third = draft(people, author="rob", cutoff=("pd", 0.2))
    act(people, lambda s: policy_store.approve(session=s, number=third, approver="rita"))
    statuses = {v.number: (v.status, v.approved_by) for v in act(people, lambda s: policy_store.versions(session=s))}
    assert statuses == {3: ("active", "rita"), 2: ("retired", "rob"), 1: ("retired", "system")}

    assert act(people, lambda s: policy_store.rollback(session=s, by="rob")).number == 2
    assert act(people, lambda s: policy_store.rollback(session=s, by="rob")).number == 1
    with pytest.raises(PolicyError, match="no earlier policy version"):
        act(people, lambda s: policy_store.rollback(session=s, by="rob"))
    # Nothing was edited: every activation stays, newest first.
    kinds = [(e.kind, e.number) for e in act(people, lambda s: policy_store.activations(session=s))]
    assert kinds == [("rollback", 1), ("rollback", 2), ("approval", 3), ("approval", 2), ("initial", 1)]


def test_a_retired_version_cannot_be_approved_again(people):
    number = draft(people)
    act(people, lambda s: policy_store.approve(session=s, number=number, approver="rob"))
    act(people, lambda s: policy_store.rollback(session=s, by="rob"))
    with pytest.raises(PolicyError, match="not a draft"):
        act(people, lambda s: policy_store.approve(session=s, number=number, approver="rob"))


def test_decisions_carry_the_policy_version_and_follow_a_new_one_at_once(people, demo_db, store):
    # One scoring core (engine and model store) keeps running across the approval.
    before = score_application(GOOD_ANSWERS, engine=demo_db, store=store, now=NOW)
    assert before.policy_version == 1
    assert before.threshold == store.champion("new").meta.threshold  # version 1 is today's behaviour
    assert before.credit_limit is not None

    number = draft(people, cutoff=("pd", 0.999), starter_limit=45_000)
    act(people, lambda s: policy_store.approve(session=s, number=number, approver="rob"))
    # Other applicants each time: the same answers again would get the earlier decision back (issue 11).
    after = score_application(GOOD_ANSWERS | {"passport": "0000000002"}, engine=demo_db, store=store, now=NOW)
    assert (after.policy_version, after.threshold, after.decision) == (2, 0.999, "premium")
    assert "credit limit of" in after.offer_text("en")

    number = draft(people, cutoff=("pd", 0.0001))
    act(people, lambda s: policy_store.approve(session=s, number=number, approver="rob"))
    declined = score_application(GOOD_ANSWERS | {"passport": "0000000003"}, engine=demo_db, store=store, now=NOW)
    assert (declined.policy_version, declined.decision, declined.credit_limit) == (3, "alternative", 45_000)
    assert "45,000" in declined.offer_text("en")
    with Session(demo_db) as session:
        stamped = session.scalars(select(orm.Application.policy_version).order_by(orm.Application.id)).all()
    assert stamped == [1, 2, 3]


def test_the_refer_band_sends_pds_just_above_the_cut_off_to_review(people, demo_db, store):
    number = draft(people, cutoff=("pd", 0.0001), refer_band=0.49)
    act(people, lambda s: policy_store.approve(session=s, number=number, approver="rob"))
    decision = score_application(GOOD_ANSWERS, engine=demo_db, store=store, now=NOW)
    assert decision.decision == "referred" and decision.credit_limit is None
    assert decision.reasons[0]["code"] == "refer_band"
    assert "specialist" in decision.offer_text("en")


def test_a_new_knock_out_rule_declines_with_its_own_text(people, demo_db, store):
    with Session(people) as session:
        body = policy_store.active_body(
            session=session, number=policy_store.ensure_initial(session=session, target_bad_rate=0.08)
        )
    data = body.model_dump(mode="json")
    data["segments"]["new"]["knockout_rules"].append(
        {
            "kind": "min_income",
            "amount": 100_000,
            "text": {"en": "Income under {amount}.", "ru": "Доход ниже {amount}."},
        }
    )
    number = draft(people, given=data)
    act(people, lambda s: policy_store.approve(session=s, number=number, approver="rob"))
    decision = score_application(GOOD_ANSWERS | {"income": 85_000}, engine=demo_db, store=store, now=NOW)
    assert decision.decision == "alternative" and decision.knockout == "knockout.income"
    assert decision.applicant_reasons("en")[0] == "Income under 100000."
    assert decision.applicant_reasons("ru")[0] == "Доход ниже 100000."


def test_recent_decisions_are_read_back_as_a_live_book(demo_db, store):
    from core.decisions.simulation_data import live_book

    young = GOOD_ANSWERS | {"passport": "4510000001", "birth_date": "2005-01-01"}
    decisions = [score_application(a, engine=demo_db, store=store, now=NOW) for a in (GOOD_ANSWERS, young)]
    with Session(demo_db) as session:
        book = live_book(session=session, segment="new", since=datetime(2026, 11, 1, tzinfo=UTC))
        assert live_book(session=session, segment="existing", since=datetime(2026, 11, 1, tzinfo=UTC)).empty
    assert book["pd"].tolist() == pytest.approx([d.pd for d in decisions])
    assert book["age"].tolist() == [38, 21] and book["income"].tolist() == [85_000, 85_000]


def test_batch_scoring_follows_the_policy_it_is_given(store):
    from core.data.dataset import parse_applications
    from core.data.demo import generate_applications
    from core.decisions.policy_serving import ServedPolicy, builtin
    from core.decisions.scoring import score_frame

    frame = parse_applications(generate_applications(300, seed=4).drop(columns=["default"]), purpose="score")
    frame.loc[:4, "age"], frame.loc[5:9, "age"] = 19, 75  # the demo draws ages 21 to 68 here
    before = score_frame(frame, store=store)
    assert set(before["policy_version"]) == {1}
    young = (frame["age"] < 21) | (frame["age"] > 72)
    assert young.sum() == 10
    assert (before.loc[young, "decision"] == "starter").all()
    assert before.loc[young, "reasons"].str.startswith("knockout.age").all()

    body = drafted_body(builtin(0.08).body, cutoff=("pd", 0.999), starter_limit=45_000)
    after = score_frame(frame, store=store, served=ServedPolicy(key=("test",), number=7, body=body))
    assert set(after["policy_version"]) == {7}
    assert (after.loc[~young, "decision"] == "premium").all()
    assert (after.loc[young, "credit_limit"] == 45_000).all()
    assert after.loc[~young, "credit_limit"].isin([50_000, 70_000, 100_000, 150_000, 200_000, 300_000]).all()


def test_version_1_is_measured_when_it_is_written_where_the_champions_can_measure_it(engine, history_models):
    from core.decisions.cutoffs import measured, read_oof
    from core.modelling.registry import ModelStore

    store = ModelStore(history_models[1])
    with Session(engine) as session, session.begin():
        policy_store.ensure_initial(session=session, target_bad_rate=0.08, store=store)
        view = policy_store.get_version(session=session, number=1)
    champion = store.champion("new").meta.version
    expected = measured("target_bad_rate", 0.08, read_oof(store, "new", champion), champion)
    assert view.measurement("new") == (expected, None)  # measured when written: no later time
    assert view.measurement("existing")[0].model_version == store.champion("existing").meta.version


def test_version_1_written_before_any_champion_is_measured_once_when_first_served(demo_db, history_models, store):
    from core.decisions import policy_serving
    from core.modelling.registry import ModelStore

    with Session(demo_db) as session, session.begin():
        policy_store.ensure_initial(session=session, target_bad_rate=0.08, store=store)  # no out-of-fold PDs
    with Session(demo_db) as session:
        before = policy_store.get_version(session=session, number=1)
        written = session.scalars(select(orm.PolicyVersion.body)).one()
    assert before.measurement("new") == (None, None)  # the page and the CLI say "not measured yet"

    measuring = ModelStore(history_models[1])
    policy_serving._BODIES.clear()  # this process has not served version 1 yet
    decision = score_application(GOOD_ANSWERS, engine=demo_db, store=measuring, now=NOW)
    assert decision.policy_version == 1
    with Session(demo_db) as session:
        after = policy_store.get_version(session=session, number=1)
        assert session.scalars(select(orm.PolicyVersion.body)).one() == written  # the rules stay as written
        assert policy_store.measure_unmeasured(session=session, number=1, store=measuring) == 0  # once
    found, at = after.measurement("new")
    assert found.model_version == measuring.champion("new").meta.version and at is not None
    assert 0 < found.approval_rate < 1 and found.bad_rate == pytest.approx(0.08, abs=0.02)
    assert set(after.measured_later) == {"new", "existing"}
