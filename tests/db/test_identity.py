"""The passport is the key: identity variants on SQLite and the real PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from core.data import orm
from core.data.identity import name_key
from core.decisions.policy import IDENTITY_MISMATCH, REFERRED, REPEAT_APPLICATION
from core.decisions.scoring import score_application
from tests.db.conftest import NOW, stored
from tests.db.conftest import client_answers as answers


def without_patronymic(client: orm.Client) -> str:
    return " ".join(client.full_name.split()[:2])


def test_case_and_yo_are_the_same_name(demo_db, known_client, store):
    with Session(demo_db) as session, session.begin():
        name = "Семёнов Пётр Ильич"
        session.execute(
            update(orm.Client).where(orm.Client.id == known_client.id).values(full_name=name, name_key=name_key(name))
        )
    decision = score_application(
        answers(known_client, full_name="СЕМЕНОВ петр ильич"), engine=demo_db, store=store, now=NOW
    )
    assert (decision.segment, decision.client_id, decision.referred) == ("existing", known_client.id, False)
    assert decision.identity_check == {"client_id": known_client.id, "differences": []}


def test_a_dropped_patronymic_with_the_right_birth_date_is_the_same_client_and_recorded(demo_db, known_client, store):
    given = without_patronymic(known_client)
    decision = score_application(answers(known_client, full_name=given), engine=demo_db, store=store, now=NOW)
    assert (decision.segment, decision.client_id, decision.referred) == ("existing", known_client.id, False)
    assert decision.identity_check == {"client_id": known_client.id, "differences": ["patronymic_missing"]}
    assert stored(demo_db)[0].identity_check["differences"] == ["patronymic_missing"]


@pytest.mark.parametrize(
    ("changes", "differences"),
    [
        ({"birth_date": "1961-02-03"}, ["birth_date"]),
        ({"full_name": "Другой Человек Иванович"}, ["full_name"]),
        ({"birth_date": "1961-02-03", "full_name": "drop"}, ["birth_date", "patronymic_missing"]),
    ],
)
def test_a_clients_passport_with_someone_elses_birth_date_or_name_is_referred(
    demo_db, known_client, store, changes, differences
):
    if changes.get("full_name") == "drop":
        changes = changes | {"full_name": without_patronymic(known_client)}
    decision = score_application(answers(known_client, **changes), engine=demo_db, store=store, now=NOW)
    assert decision.decision == REFERRED
    assert decision.referral_reasons == [IDENTITY_MISMATCH]
    assert decision.identity_check == {"client_id": known_client.id, "differences": differences}
    # Never scored with the client's bank data, and never given a card automatically.
    assert (decision.segment, decision.client_id) == ("new", None)
    assert decision.offer == "review"
    assert decision.offer_text("en").endswith("The bank will get back to you.")
    [record] = stored(demo_db)
    assert (record.decision, record.passport) == (REFERRED, known_client.passport)


def test_the_dropped_patronymic_after_a_full_name_application_is_referred_with_it_linked(demo_db, known_client, store):
    """The issue's case: a client with bad bank data tries again, four seconds later, without the patronymic."""
    first = score_application(answers(known_client), engine=demo_db, store=store, now=NOW)
    again = answers(known_client, full_name=without_patronymic(known_client))
    second = score_application(again, engine=demo_db, store=store, now=NOW + timedelta(seconds=4))
    assert second.decision == REFERRED
    assert second.referral_reasons == [REPEAT_APPLICATION]
    assert second.linked_applications == [first.id]
    assert (second.segment, second.client_id) == ("existing", known_client.id)
    assert [r.client_id for r in stored(demo_db)] == [known_client.id, known_client.id]  # both on the profile
