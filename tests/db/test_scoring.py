"""The public scoring function on SQLite and on the real PostgreSQL."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.data import orm
from core.decisions.policy import ALTERNATIVE
from core.decisions.schema import ValidationError
from core.decisions.scoring import ModelUnavailable, score_application
from core.modelling.registry import ModelStore
from tests.conftest import GOOD_ANSWERS

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def stored(engine) -> list[orm.Application]:
    with Session(engine) as session:
        return list(session.scalars(select(orm.Application).order_by(orm.Application.id)))


@pytest.fixture
def known_client(demo_db) -> orm.Client:
    with Session(demo_db) as session:
        client = session.scalars(select(orm.Client).order_by(orm.Client.id).limit(1)).one()
        session.refresh(client.region)
        return client


def answers(client: orm.Client, **changes) -> dict:
    """The questionnaire as this client would fill it in."""
    identity = {"full_name": client.full_name, "birth_date": client.birth_date.isoformat(), "passport": client.passport}
    return GOOD_ANSWERS | identity | {"region": client.region.name, "income": 45_000} | changes


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


@pytest.mark.parametrize(
    "changes",
    [
        {"passport": "0000000001"},
        {"full_name": "Другой Человек Иванович"},
        {"birth_date": "1950-01-01"},
    ],
)
def test_a_match_needs_more_than_the_passport(demo_db, known_client, store, changes):
    decision = score_application(answers(known_client, **changes), engine=demo_db, store=store, now=NOW)
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


def test_age_knockout_gives_the_safer_product_with_the_reason(demo_db, known_client, store):
    young = date(NOW.year - 19, 1, 1).isoformat()
    decision = score_application(answers(known_client, birth_date=young), engine=demo_db, store=store, now=NOW)
    assert decision.decision == ALTERNATIVE
    assert decision.knockout == "knockout.age"
    assert decision.applicant_reasons("en")[0] == "The Premium card is available from age 21 to 72."
    assert decision.offer == "starter_card"
    assert decision.offer_text("en").startswith("We can't offer the Premium card right now")


def test_applicant_view_hides_segment_and_bank_data(demo_db, known_client, store):
    decision = score_application(answers(known_client), engine=demo_db, store=store, now=NOW)
    told = " ".join(decision.applicant_reasons("en")).lower()
    for hidden in ("bureau", "declined", "ties", "history with the bank"):
        assert hidden not in told


def test_missing_model_is_a_clear_error_and_stores_nothing(demo_db, known_client, tmp_path):
    with pytest.raises(ModelUnavailable, match="python -m core train"):
        score_application(answers(known_client), engine=demo_db, store=ModelStore(tmp_path / "empty"))
    with Session(demo_db) as session:
        assert session.scalar(select(func.count()).select_from(orm.Application)) == 0
