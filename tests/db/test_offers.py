"""The applicant accepts the Starter card offered with a decline; consent is stored with its version."""

from datetime import date, timedelta

import pytest

from core.decisions.consent import CONSENT_VERSION, consent_text
from core.decisions.offers import OfferNotAcceptable, accept_offer
from core.decisions.policy import ALTERNATIVE, PREMIUM
from core.decisions.scoring import score_application
from tests.conftest import GOOD_ANSWERS
from tests.db.conftest import NOW, stored

OLD = GOOD_ANSWERS | {"birth_date": date(NOW.year - 75, 1, 1)}  # knocked out: offered the Starter card


def test_a_declined_applicant_accepts_the_starter_card_once(demo_db, store):
    declined = score_application(OLD, engine=demo_db, store=store, now=NOW)
    assert declined.decision == ALTERNATIVE and declined.offer_accepted_at is None
    accepted = accept_offer(engine=demo_db, application_id=declined.id, now=NOW + timedelta(minutes=1))
    assert accepted.offer_accepted_at is not None
    again = accept_offer(engine=demo_db, application_id=declined.id, now=NOW + timedelta(minutes=9))
    assert again.offer_accepted_at == accepted.offer_accepted_at
    [record] = stored(demo_db)
    assert record.offer_accepted_at.replace(tzinfo=None) == (NOW + timedelta(minutes=1)).replace(tzinfo=None)


def test_only_an_offered_starter_card_can_be_accepted(demo_db, store):
    rich = GOOD_ANSWERS | {"income": 400_000, "education": "ACD", "passport": "4510 777777"}
    approved = score_application(rich, engine=demo_db, store=store, now=NOW)
    assert approved.decision == PREMIUM
    with pytest.raises(OfferNotAcceptable):
        accept_offer(engine=demo_db, application_id=approved.id)
    with pytest.raises(OfferNotAcceptable):
        accept_offer(engine=demo_db, application_id=10_000)
    assert stored(demo_db)[0].offer_accepted_at is None


def test_the_consent_version_is_stored_with_the_application(demo_db, store):
    score_application(GOOD_ANSWERS, engine=demo_db, store=store, now=NOW)
    assert stored(demo_db)[0].consent_version == CONSENT_VERSION
    assert "credit bureaus" in consent_text("en") and "бюро кредитных историй" in consent_text("ru")
