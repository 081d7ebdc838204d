"""Repeat applications from one passport, within and outside the policy's windows."""

from datetime import timedelta

from core.decisions.policy import REFERRED, REPEAT_APPLICATION, RepeatWindows
from core.decisions.scoring import score_application
from tests.conftest import GOOD_ANSWERS
from tests.db.conftest import NOW, stored


def apply(engine, store, when, **changes):
    return score_application(GOOD_ANSWERS | changes, engine=engine, store=store, now=when)


def test_the_same_answers_within_a_day_return_the_earlier_decision(demo_db, store):
    first = apply(demo_db, store, NOW)
    again = apply(demo_db, store, NOW + timedelta(hours=23), full_name=GOOD_ANSWERS["full_name"].upper())
    assert again == first
    assert len(stored(demo_db)) == 1


def test_the_same_answers_after_a_day_get_a_new_decision_linked_to_the_earlier(demo_db, store):
    first = apply(demo_db, store, NOW)
    later = apply(demo_db, store, NOW + timedelta(hours=25))
    assert later.id != first.id
    assert later.decision != REFERRED
    assert later.linked_applications == [first.id]


def test_different_answers_within_30_days_are_referred_with_the_earlier_decisions_linked(demo_db, store):
    first = apply(demo_db, store, NOW)
    second = apply(demo_db, store, NOW + timedelta(days=2), income=250_000)
    third = apply(demo_db, store, NOW + timedelta(days=29), income=400_000, good_work=False)
    assert first.decision != REFERRED
    assert (second.decision, second.referral_reasons, second.linked_applications) == (
        REFERRED,
        [REPEAT_APPLICATION],
        [first.id],
    )
    assert third.decision == REFERRED
    assert third.linked_applications == [second.id, first.id]
    assert second.offer_text("ru").startswith("Спасибо! Заявку рассмотрит сотрудник банка")


def test_different_answers_after_30_days_are_a_new_application(demo_db, store):
    apply(demo_db, store, NOW)
    later = apply(demo_db, store, NOW + timedelta(days=31), income=250_000)
    assert (later.decision != REFERRED, later.linked_applications) == (True, [])


def test_resubmitting_a_referred_application_returns_the_referral(demo_db, store):
    apply(demo_db, store, NOW)
    referred = apply(demo_db, store, NOW + timedelta(minutes=5), income=250_000)
    assert apply(demo_db, store, NOW + timedelta(minutes=6), income=250_000) == referred
    assert len(stored(demo_db)) == 2


def test_the_windows_are_the_policys(demo_db, store):
    windows = RepeatWindows(same_answers=timedelta(hours=1), referral=timedelta(days=2))
    first = score_application(GOOD_ANSWERS, engine=demo_db, store=store, now=NOW, windows=windows)
    later = NOW + timedelta(hours=2)
    again = score_application(GOOD_ANSWERS, engine=demo_db, store=store, now=later, windows=windows)
    assert again.id != first.id
    changed = GOOD_ANSWERS | {"income": 250_000}
    outside = score_application(changed, engine=demo_db, store=store, now=NOW + timedelta(days=3), windows=windows)
    assert outside.decision != REFERRED


def test_another_passport_is_not_a_repeat(demo_db, store):
    apply(demo_db, store, NOW)
    other = apply(demo_db, store, NOW + timedelta(minutes=1), passport="4510 000111", income=250_000)
    assert (other.decision != REFERRED, other.linked_applications) == (True, [])
