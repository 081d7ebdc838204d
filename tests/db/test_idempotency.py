"""Each submission is stored once, however often and however concurrently it is sent (issue 9)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlalchemy import event, exc, select
from sqlalchemy.orm import Session

from core.data import orm, repository
from core.data.connections import DatabaseUnavailable
from core.decisions.schema import ValidationError
from core.decisions.scoring import score_application
from tests.conftest import GOOD_ANSWERS


def stored(engine) -> list[orm.Application]:
    with Session(engine) as session:
        return list(session.scalars(select(orm.Application).order_by(orm.Application.id)))


def test_a_retry_with_the_same_key_returns_the_stored_decision(demo_db, store):
    first = score_application(GOOD_ANSWERS, engine=demo_db, store=store, idempotency_key="form-1")
    again = score_application(GOOD_ANSWERS, engine=demo_db, store=store, idempotency_key="form-1", lang="ru")
    assert again == first
    assert [(a.id, a.idempotency_key, a.lang) for a in stored(demo_db)] == [(first.id, "form-1", "en")]


def test_without_a_key_each_call_is_a_new_application(demo_db, store):
    # Another applicant: the same answers again within a day return the earlier decision (issue 11).
    first = score_application(GOOD_ANSWERS, engine=demo_db, store=store)
    # Another applicant: the same answers from the same passport would get the earlier decision (issue 11).
    second = score_application(GOOD_ANSWERS | {"passport": "4510 000333"}, engine=demo_db, store=store)
    assert first.id != second.id and first.idempotency_key != second.idempotency_key
    assert len(stored(demo_db)) == 2


def test_racing_copies_of_one_submission_store_one_application(demo_db, store):
    copies = 8
    barrier = Barrier(copies)

    def send(_: int) -> int:
        barrier.wait()
        return score_application(GOOD_ANSWERS, engine=demo_db, store=store, idempotency_key="double-click").id

    with ThreadPoolExecutor(copies) as pool:
        ids = list(pool.map(send, range(copies)))
    [record] = stored(demo_db)
    assert ids == [record.id] * copies


def test_an_error_after_the_commit_is_answered_by_the_retry(demo_db, store, monkeypatch):
    failures, storing = [], set()
    write = repository.add_application

    def note_a_decision(*, session, record):  # other commits (the policy's first version) pass
        storing.add(id(session))
        return write(session=session, record=record)

    def lose_the_answer(session):  # the decision is committed; the caller never hears so
        if id(session) in storing and not failures:
            failures.append(session)
            raise exc.OperationalError("COMMIT", {}, ConnectionError("server closed the connection"))

    monkeypatch.setattr(repository, "add_application", note_a_decision)
    event.listen(Session, "after_commit", lose_the_answer)
    try:
        with pytest.raises(DatabaseUnavailable):
            score_application(GOOD_ANSWERS, engine=demo_db, store=store, idempotency_key="lost-answer")
    finally:
        event.remove(Session, "after_commit", lose_the_answer)
    assert failures  # the answer was lost after the decision's commit
    [record] = stored(demo_db)
    retried = score_application(GOOD_ANSWERS, engine=demo_db, store=store, idempotency_key="lost-answer")
    assert retried.id == record.id and len(stored(demo_db)) == 1


def test_a_key_sent_again_with_other_answers_is_refused(demo_db, store):
    score_application(GOOD_ANSWERS, engine=demo_db, store=store, idempotency_key="k-1")
    with pytest.raises(ValidationError) as caught:
        score_application(GOOD_ANSWERS | {"income": 95_000}, engine=demo_db, store=store, idempotency_key="k-1")
    assert caught.value.by_field("en") == {
        "idempotency_key": "This submission key was already used for different answers: send changed answers "
        "with a new key."
    }
    assert len(stored(demo_db)) == 1


@pytest.mark.parametrize("key", ["", " ", "a/b", "x" * 101, "ключ", "-starts-with-dash"])
def test_a_malformed_key_is_refused_with_the_other_problems(demo_db, store, key):
    with pytest.raises(ValidationError) as caught:
        score_application(GOOD_ANSWERS | {"income": "lots"}, engine=demo_db, store=store, idempotency_key=key)
    assert set(caught.value.by_field()) == {"idempotency_key", "income"}
    assert stored(demo_db) == []
