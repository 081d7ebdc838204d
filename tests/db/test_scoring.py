"""The public scoring function on SQLite and on the real PostgreSQL."""

from datetime import UTC, date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.data import orm
from core.decisions.policy import ALTERNATIVE
from core.decisions.schema import ValidationError
from core.decisions.scoring import ModelUnavailable, score_application
from core.modelling.registry import ModelStore
from tests.conftest import GOOD_ANSWERS
from tests.db.conftest import NOW, stored
from tests.db.conftest import client_answers as answers


def test_known_client_is_scored_with_the_bank_data(demo_db, known_client, store):
    decision = score_application(answers(known_client), engine=demo_db, store=store, now=NOW)
    assert decision.segment == "existing"
    assert decision.client_id == known_client.id
    assert decision.model_version == store.champion_version("existing")
    [record] = stored(demo_db)
    assert record.id == decision.id
    assert record.features["score_bki"] == pytest.approx(known_client.score_bki)
    assert record.answers["passport"] == known_client.passport
    assert record.pd == pytest.approx(decision.pd)
    assert record.threshold == store.champion("existing").meta.threshold
    assert record.created_at.replace(tzinfo=UTC) == NOW


def test_another_passport_is_a_newcomer(demo_db, known_client, store):
    decision = score_application(answers(known_client, passport="0000000001"), engine=demo_db, store=store, now=NOW)
    assert decision.segment == "new"
    assert decision.client_id is None
    assert set(stored(demo_db)[0].features) == set(store.champion("new").meta.features)


def test_name_matches_whatever_the_case_and_spacing(demo_db, known_client, store):
    name = "  " + known_client.full_name.upper().replace(" ", "   ")
    decision = score_application(answers(known_client, full_name=name), engine=demo_db, store=store, now=NOW)
    assert decision.segment == "existing"


def test_invalid_application_stores_nothing(demo_db, known_client, store):
    with pytest.raises(ValidationError) as caught:
        score_application(answers(known_client, income="lots", region="Atlantis"), engine=demo_db, store=store)
    assert set(caught.value.by_field()) == {"income"}
    with pytest.raises(ValidationError) as caught:
        score_application(answers(known_client, region="Atlantis"), engine=demo_db, store=store)
    assert caught.value.by_field() == {"region": "Choose your region from the list."}
    assert stored(demo_db) == []


def test_age_knockout_gives_the_safer_product_with_the_rule_as_the_only_reason(demo_db, store):
    old = date(NOW.year - 75, 1, 1).isoformat()
    newcomer = GOOD_ANSWERS | {"birth_date": old, "income": 120_000, "foreign_passport": True}
    decision = score_application(newcomer, engine=demo_db, store=store, now=NOW)
    assert decision.decision == ALTERNATIVE
    assert decision.knockout == "knockout.age"
    assert decision.applicant_reasons("en") == ["The Premium card is available from age 21 to 72."]
    assert decision.offer == "starter_card"
    assert decision.offer_text("en").startswith("We can't offer the Premium card right now")
    [record] = stored(demo_db)
    assert set(record.contributions) == set(store.champion("new").meta.features)  # staff still see the model's view


def test_a_declined_known_client_is_told_the_bank_side_reasons_in_general_words(demo_db, store):
    with Session(demo_db) as session:
        clients = list(session.scalars(select(orm.Client).order_by(orm.Client.score_bki.desc()).limit(40)))
        for client in clients:
            session.refresh(client.region)
    weak = {"education": "SCH", "income": 12_000, "good_work": False, "car": False, "foreign_passport": False}
    for client in clients:  # the bureau's worst scores with weak answers: some are declined
        decision = score_application(answers(client, **weak), engine=demo_db, store=store, now=NOW)
        if decision.decision == ALTERNATIVE and decision.knockout is None:
            break
    else:
        pytest.fail("no known client was declined by the model")
    told = decision.applicant_reasons("en")
    assert 2 <= len(told) <= 4
    assert told != ["The overall assessment of your application."]
    bank = [
        r
        for r in decision.reasons
        if r["code"] in ("decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time")
    ]
    assert bank, "the bank's data explains no part of the decline"
    for reason in bank:
        assert str(reason["value"]) not in " ".join(told)


def test_missing_model_is_a_clear_error_and_stores_nothing(demo_db, known_client, tmp_path):
    with pytest.raises(ModelUnavailable, match="python -m core train"):
        score_application(answers(known_client), engine=demo_db, store=ModelStore(tmp_path / "empty"))
    with Session(demo_db) as session:
        assert session.scalar(select(func.count()).select_from(orm.Application)) == 0
