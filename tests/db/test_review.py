"""Manual review on SQLite and on the real PostgreSQL: an analyst's decision on a referred
application is stored beside the automatic one, audited, and refused (changing nothing) when
it is wrong."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from core.data import orm, repository, reviews
from core.data.db import as_utc
from core.decisions import review
from core.decisions.review import ReviewError
from tests.conftest import stored_decision

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def decide(session, application, **given):
    given = {"reviewer": "anna", "outcome": "approved", "offer": "premium_card", "note": "Passport checked."} | given
    return review.decide(session=session, application_id=application.id, now=NOW, **given)


def columns(record) -> dict:
    """Every stored column (times in UTC: SQLite hands them back without a zone)."""
    values = {attr.key: getattr(record, attr.key) for attr in inspect(record).mapper.column_attrs}
    return {key: as_utc(v) if isinstance(v, datetime) else v for key, v in values.items()}


def stored_reviews(session) -> list[tuple]:
    rows = session.execute(
        select(orm.ApplicationReview.application_id, orm.ApplicationReview.step, orm.ApplicationReview.outcome)
    )
    return sorted(rows.tuples())


def audit_rows(session) -> list[orm.AuditEntry]:
    return list(session.scalars(select(orm.AuditEntry).order_by(orm.AuditEntry.id)))


def test_approval_with_the_chosen_card_is_stored_and_audited(session):
    application = stored_decision(session)

    done = decide(session, application, offer="starter_card", note="  Same person: new passport after marriage.  ")

    case = review.review_case(session=session, application_id=application.id)
    assert [(r.outcome, r.offer, r.reviewer, r.step) for r in case.reviews] == [("approved", "starter_card", "anna", 1)]
    assert case.final is done and not case.awaiting_review
    assert done.note == "Same person: new passport after marriage."
    assert done.decided_at.replace(tzinfo=UTC) == NOW
    [entry] = audit_rows(session)
    assert (entry.user_name, entry.action, entry.target) == ("anna", "review_decided", str(application.id))
    assert entry.details == {
        "outcome": "approved",
        "offer": "starter_card",
        "step": 1,
        "note": "Same person: new passport after marriage.",
    }


def test_a_decline_grants_no_card(session):
    application = stored_decision(session)

    done = decide(session, application, outcome="declined", offer=None, note="Someone else's passport.")

    assert (done.outcome, done.offer) == ("declined", None)
    assert audit_rows(session)[0].details["outcome"] == "declined"


def test_after_documents_were_asked_for_the_next_step_decides(session):
    application = stored_decision(session)

    decide(session, application, outcome="documents", offer=None, note="Send a scan of the new passport.")
    in_queue, _ = reviews.review_queue(session=session, limit=10)
    decide(session, application, outcome="approved", offer="premium_card", note="Scan received, matches.")
    after, total = reviews.review_queue(session=session, limit=10)

    assert [a.id for a in in_queue] == [application.id]
    assert (after, total) == ([], 0)
    assert stored_reviews(session) == [(application.id, 1, "documents"), (application.id, 2, "approved")]
    assert [e.details["step"] for e in audit_rows(session)] == [1, 2]


@pytest.mark.parametrize("first", ["approved", "declined"])
def test_a_settled_application_cannot_be_decided_again(session, first):
    application = stored_decision(session)
    decide(session, application, outcome=first, offer="premium_card" if first == "approved" else None)

    with pytest.raises(ReviewError) as refused:
        decide(session, application, reviewer="boris", outcome="declined", offer=None, note="I disagree.")

    assert refused.value.code == "already_decided"
    assert "by anna at 2026-11-25 12:00 UTC" in refused.value.message("en")
    assert len(stored_reviews(session)) == 1 and len(audit_rows(session)) == 1


@pytest.mark.parametrize("note", ["", "   \n ", None])
def test_a_note_is_required(session, note):
    application = stored_decision(session)

    with pytest.raises(ReviewError) as refused:
        decide(session, application, note=note)

    assert refused.value.code == "note_required"
    assert refused.value.message("ru") == "Напишите комментарий: почему такое решение."
    assert stored_reviews(session) == [] and audit_rows(session) == []


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ({"outcome": "approve"}, "bad_outcome"),
        ({"outcome": "approved", "offer": None}, "offer_required"),
        ({"outcome": "approved", "offer": "gold_card"}, "offer_required"),
        ({"outcome": "declined", "offer": "premium_card"}, "offer_only_on_approval"),
        ({"outcome": "documents", "offer": "starter_card"}, "offer_only_on_approval"),
        ({"note": "x" * 2001}, "note_too_long"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(session, given, code):
    application = stored_decision(session)
    before = columns(application)

    with pytest.raises(ReviewError) as refused:
        decide(session, application, **given)

    assert refused.value.code == code
    assert stored_reviews(session) == [] and audit_rows(session) == []
    session.expire_all()
    assert columns(session.get(orm.Application, application.id)) == before


def test_only_a_referred_application_is_reviewed(session):
    automatic = stored_decision(session, decision="premium", offer="premium_card")

    with pytest.raises(ReviewError) as refused:
        decide(session, automatic, outcome="declined", offer=None)

    assert refused.value.code == "not_referred"
    assert stored_reviews(session) == []


def test_an_unknown_application_is_refused(session):
    with pytest.raises(ReviewError) as refused:
        review.decide(
            session=session, application_id=987654, reviewer="anna", outcome="declined", note="No such thing."
        )

    assert refused.value.message("en") == "There is no application 987654."
    assert audit_rows(session) == []


def test_the_automatic_decision_is_never_overwritten(session):
    application = stored_decision(session)
    before = columns(application)

    decide(session, application, outcome="documents", offer=None)
    decide(session, application, outcome="approved", offer="premium_card")
    session.expire_all()

    assert columns(session.get(orm.Application, application.id)) == before
    assert session.get(orm.Application, application.id).decision == "referred"


def test_the_queue_is_oldest_first_and_paginated(session):
    made = [
        stored_decision(session, created_at=NOW - timedelta(hours=hours), passport=f"45100000{i:02d}")
        for i, hours in enumerate([1, 30, 5, 2])
    ]
    stored_decision(session, decision="premium", offer="premium_card", created_at=NOW - timedelta(days=9))
    decide(session, made[2], outcome="declined", offer=None)

    first, total = reviews.review_queue(session=session, limit=2)
    rest, _ = reviews.review_queue(session=session, limit=2, offset=2)

    assert total == 3
    assert [a.id for a in first + rest] == [made[1].id, made[3].id, made[0].id]


def test_linked_applications_share_the_passport_or_the_client(demo_db, session):
    client = session.scalars(select(orm.Client).order_by(orm.Client.id).limit(1)).one()
    other = session.scalars(select(orm.Client).order_by(orm.Client.id).offset(1).limit(1)).one()
    earlier = stored_decision(
        session, created_at=NOW - timedelta(days=3), decision="premium", client_id=client.id, passport=client.passport
    )
    by_client = stored_decision(session, created_at=NOW - timedelta(days=2), client_id=client.id, passport="1111222233")
    by_passport = stored_decision(session, created_at=NOW - timedelta(days=1), passport=client.passport)
    stranger = stored_decision(session, client_id=other.id, passport=other.passport)
    this = stored_decision(session, created_at=NOW, client_id=client.id, passport=client.passport)

    case = review.review_case(session=session, application_id=this.id)

    assert [a.id for a in case.linked] == [by_passport.id, by_client.id, earlier.id]
    assert stranger.id not in {a.id for a in case.linked}


def test_review_state_tells_where_an_application_stands(session):
    referred = stored_decision(session)
    automatic = stored_decision(session, decision="alternative", passport="4510999999")
    assert review.review_state(referred, None) == "awaiting_review"
    assert review.review_state(automatic, None) is None

    decide(session, referred, outcome="documents", offer=None)
    latest = reviews.latest_reviews(session=session, application_ids=[referred.id, automatic.id])

    assert list(latest) == [referred.id]
    assert review.review_state(referred, latest[referred.id]) == "documents"


@pytest.fixture
def committed_pg(pg_engine):
    """The PostgreSQL test database for a test that commits; emptied afterwards."""
    yield pg_engine
    with pg_engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE application_reviews, audit_log, applications RESTART IDENTITY CASCADE")


@pytest.mark.postgres
def test_two_analysts_deciding_at_once_cannot_both_win(committed_pg):
    pg_engine = committed_pg
    with Session(pg_engine) as session, session.begin():
        application_id = stored_decision(session).id
    first_flushed, results = threading.Event(), {}

    def analyst(name: str, outcome: str, wait: threading.Event | None) -> None:
        with Session(pg_engine) as session:
            try:
                with session.begin():
                    if wait is not None:
                        wait.wait(timeout=10)
                    given = {"offer": "premium_card"} if outcome == "approved" else {}
                    review.decide(
                        session=session,
                        application_id=application_id,
                        reviewer=name,
                        outcome=outcome,
                        note=f"{name}'s note",
                        **given,
                    )
                    if wait is None:
                        first_flushed.set()
                        threading.Event().wait(0.5)  # hold the row while the other analyst tries
                results[name] = "stored"
            except ReviewError as error:
                results[name] = error.code

    threads = [
        threading.Thread(target=analyst, args=("anna", "approved", None)),
        threading.Thread(target=analyst, args=("boris", "declined", first_flushed)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert results == {"anna": "stored", "boris": "already_decided"}
    with Session(pg_engine) as session:
        assert session.scalar(select(func.count()).select_from(orm.ApplicationReview)) == 1
        assert session.scalar(select(func.count()).select_from(orm.AuditEntry)) == 1


def test_the_records_own_links_are_among_the_linked_applications(session):
    elsewhere = stored_decision(session, decision="alternative", passport="4510111111", created_at=NOW - timedelta(1))
    this = stored_decision(session, linked_applications=[elsewhere.id], referral_reasons=["repeat_application"])

    case = review.review_case(session=session, application_id=this.id)

    assert [a.id for a in case.linked] == [elsewhere.id]


def test_the_data_layer_and_the_policy_name_the_referral_alike():
    from core.decisions import policy

    assert reviews.REFERRED == policy.REFERRED
    assert set(review.REVIEW_OFFERS) == set(policy.OFFERS.values()) - {policy.OFFERS[policy.REFERRED]}


def test_recent_decisions_filter_by_passport_name_pd_and_review(session):
    def found(**filters) -> list[int]:
        window = {"since": NOW - timedelta(days=7), "until": NOW + timedelta(seconds=1), "limit": 100}
        rows, total = repository.recent_decisions(session=session, **window | filters)
        assert total == len(rows)
        return [r.id for r in rows]

    petrov = stored_decision(
        session,
        full_name="Петров Пётр Ильич",
        passport="4600000001",
        pd=0.30,
        decision="alternative",
        referral_reasons=[],
        created_at=NOW - timedelta(hours=3),
    )
    waiting = stored_decision(
        session, full_name="Ёлкина Анна", passport="4600000002", pd=0.05, created_at=NOW - timedelta(hours=2)
    )
    decided = stored_decision(
        session, full_name="Сидоров Иван", passport="4600000003", pd=0.12, created_at=NOW - timedelta(hours=1)
    )
    decide(session, decided, outcome="declined", offer=None)

    assert found(passport="4600 000001") == [petrov.id]
    assert found(passport="4600-000009") == []
    assert found(name="ПЕТР") == [petrov.id]  # any case, ё as е
    assert found(name="елкина") == [waiting.id]
    assert found(name="100%_") == []  # LIKE wildcards are literal
    assert found(pd_range=(0.10, 0.30)) == [decided.id, petrov.id]
    assert found(decision="referred") == [decided.id, waiting.id]
    assert found(reviewed=False) == [waiting.id]
    assert found(reviewed=True) == [decided.id]
    assert found(reviewed=True, name="петров") == []
