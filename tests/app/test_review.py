"""The manual review queue and the decision detail, as an analyst uses them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from core.data import orm
from tests.app.conftest import a_client, add_staff, open_app, sign_in, texts
from tests.conftest import stored_decision

pytestmark = pytest.mark.slow


@pytest.fixture
def referred(app_db) -> dict[str, int]:
    """Two referred applications (an identity mismatch on a client's passport, three days old,
    linked to the client's earlier approval; a repeat application, one day old) and one decided
    automatically today."""
    client = a_client(app_db, offset=3)
    now = datetime.now(UTC)
    with Session(app_db) as session, session.begin():
        earlier = stored_decision(
            session,
            created_at=now - timedelta(days=20),
            full_name=client.full_name,
            birth_date=client.birth_date,
            passport=client.passport,
            client_id=client.id,
            segment="existing",
            decision="premium",
            offer="premium_card",
            referral_reasons=[],
        )
        mismatch = stored_decision(
            session,
            created_at=now - timedelta(days=3),
            full_name=" ".join(client.full_name.split()[:2]),
            passport=client.passport,
            pd=0.097,
            threshold=0.162,
            identity_check={"client_id": client.id, "differences": ["birth_date"]},
        )
        repeat = stored_decision(
            session, created_at=now - timedelta(days=1), passport="4600123456", referral_reasons=["repeat_application"]
        )
        automatic = stored_decision(
            session, created_at=now, passport="4600654321", decision="alternative", referral_reasons=[], pd=0.3
        )
        ids = {"earlier": earlier.id, "mismatch": mismatch.id, "repeat": repeat.id, "automatic": automatic.id}
    return ids | {"client": client.id}


@pytest.fixture
def analyst(app_db) -> AppTest:
    add_staff(app_db, "anna", "analyst")
    return sign_in(open_app(), "anna")


def queue(at: AppTest) -> AppTest:
    return at.switch_page("pages/review.py").run()


def submit(at: AppTest, outcome: str, note: str, offer: str | None = None) -> AppTest:
    at.radio(key="review_outcome").set_value(outcome)
    if offer is not None:
        at.selectbox(key="review_offer").set_value(offer)
    at.text_area(key="review_note").set_value(note)
    return at.button(key="review_submit").click().run()


def stored_reviews(engine) -> list[tuple]:
    with Session(engine) as session:
        rows = session.execute(
            select(
                orm.ApplicationReview.application_id,
                orm.ApplicationReview.outcome,
                orm.ApplicationReview.offer,
                orm.ApplicationReview.reviewer,
                orm.ApplicationReview.note,
            ).order_by(orm.ApplicationReview.id)
        )
        return list(rows.tuples())


def audit_actions(engine) -> list[tuple[str, str, str | None]]:
    with Session(engine) as session:
        query = select(orm.AuditEntry.user_name, orm.AuditEntry.action, orm.AuditEntry.target)
        return list(session.execute(query.order_by(orm.AuditEntry.id)).tuples())


def test_the_queue_lists_referred_applications_oldest_first_with_why(referred, analyst):
    at = queue(analyst)

    table = at.dataframe[0].value
    assert list(table["Заявка"]) == [referred["mismatch"], referred["repeat"]]
    assert list(table["Причина передачи"]) == ["расхождение личных данных", "повторная заявка"]
    assert list(table["Проверка"]) == ["ждёт решения", "ждёт решения"]
    assert at.caption[0].value == "Ждут решения: 2 · сначала самые давние"


def test_the_oldest_opens_first_with_its_whole_record(referred, analyst, app_db):
    at = queue(analyst)

    screen = texts(at)
    assert at.selectbox(key="review_open").value == referred["mismatch"]
    assert f"Заявка № {referred['mismatch']}" in screen
    assert "Расхождение личных данных: паспорт принадлежит клиенту банка" in screen
    assert "Ждёт решения аналитика" in screen
    assert at.metric[0].value == "9,7 %" and "порог 16,2 %" in at.metric[0].label  # Russian numbers
    assert at.tabs[3].label == "Связанные заявки (1)"
    linked = at.dataframe[-1].value  # the last tab's table
    assert list(linked["Заявка"]) == [referred["earlier"]]
    assert list(linked["Решение"]) == ["Премиальная карта"]
    assert ("anna", "view_decision", str(referred["mismatch"])) in audit_actions(app_db)


def test_the_analyst_approves_with_a_card_and_a_note(referred, analyst, app_db):
    at = submit(queue(analyst), "approved", "Called the client: same person, passport renewed.", offer="starter_card")

    assert at.success[0].value.startswith(f"Заявка {referred['mismatch']}: одобрена · Карта «Старт».")
    assert list(at.dataframe[0].value["Заявка"]) == [referred["repeat"]]  # it has left the queue
    assert stored_reviews(app_db) == [
        (referred["mismatch"], "approved", "starter_card", "anna", "Called the client: same person, passport renewed.")
    ]
    assert ("anna", "review_decided", str(referred["mismatch"])) in audit_actions(app_db)


def test_a_decision_without_a_note_is_refused_and_nothing_changes(referred, analyst, app_db):
    at = submit(queue(analyst), "declined", "   ")

    assert at.error[0].value == "Напишите комментарий: почему такое решение."
    assert stored_reviews(app_db) == []
    assert list(at.dataframe[0].value["Заявка"]) == [referred["mismatch"], referred["repeat"]]
    assert "review_decided" not in {action for _, action, _ in audit_actions(app_db)}


def test_asking_for_documents_keeps_it_in_the_queue_until_decided(referred, analyst, app_db):
    at = submit(queue(analyst), "documents", "Send a scan of the passport's page 2.")

    assert list(at.dataframe[0].value["Проверка"]) == ["запрошены документы", "ждёт решения"]
    assert at.selectbox(key="review_open").value == referred["mismatch"]
    assert "Send a scan of the passport's page 2." in texts(at)

    at = submit(at, "declined", "No documents within 10 days.")

    assert list(at.dataframe[0].value["Заявка"]) == [referred["repeat"]]
    assert [row[1] for row in stored_reviews(app_db)] == ["documents", "declined"]


def test_an_empty_queue_says_so(app_db, analyst):
    at = queue(analyst)

    assert at.info[0].value == "Нет заявок, ожидающих решения."
    assert not at.dataframe


def test_recent_decisions_filter_by_outcome_passport_name_and_pd(referred, analyst, app_db):
    at = analyst.switch_page("pages/decisions.py").run()
    assert len(at.dataframe[0].value) == 3  # the last week: the earlier approval is 20 days old

    def shown(**filters) -> list[int]:
        for key, value in filters.items():
            widget = at.slider(key="decisions_pd") if key == "pd" else None
            widget = widget or (at.selectbox if key == "outcome" else at.text_input)(key=f"decisions_{key}")
            widget.set_value(value)
        at.button(key="decisions_show").click().run()
        return [] if at.info else list(at.dataframe[0].value["Заявка"])

    assert shown(outcome="referred") == [referred["repeat"], referred["mismatch"]]
    assert shown(outcome="awaiting_review", passport="4600 123456") == [referred["repeat"]]
    by_name = shown(outcome="", passport="", name="СОКОЛОВА мария")
    assert {referred["automatic"], referred["repeat"]} <= set(by_name)
    assert all("соколова мария" in name.casefold() for name in at.dataframe[0].value["ФИО"])
    assert shown(name="", pd=(25, 100)) == [referred["automatic"]]
    assert shown(pd=(0, 100), outcome="reviewed") == []

    submit(queue(at), "declined", "Not the client.")
    at.switch_page("pages/decisions.py").run()
    assert shown(outcome="reviewed") == [referred["mismatch"]]
    assert list(at.dataframe[0].value["Проверка"]) == ["отклонена"]


def test_any_decision_opens_from_recent_decisions(referred, analyst):
    at = analyst.switch_page("pages/decisions.py").run()
    at.selectbox(key="decisions_open").set_value(referred["automatic"]).run()

    screen = texts(at)
    assert f"Заявка № {referred['automatic']}" in screen
    assert "Не сопоставлена с клиентом банка" in screen
    assert "Передана на ручную проверку" not in screen
    answers = at.dataframe[2].value  # reasons, answers, model input, linked
    assert dict(zip(answers["Вопрос"], answers["Ответ"], strict=True))["Ежемесячный доход, ₽"] == "85\u00a0000"


def test_the_client_profile_shows_the_referral_and_both_decisions(referred, analyst):
    submit(queue(analyst), "approved", "Same person.", offer="premium_card")
    at = analyst.switch_page("pages/clients.py").run()
    at.text_input(key="clients_query").set_value(str(referred["client"]))
    at.button(key="clients_search_button").click().run()

    headings = [m.value for m in at.markdown if str(m.value).startswith("**№ ")]
    assert headings[0].startswith(f"**№ {referred['mismatch']} · ")
    assert "Передана аналитику → одобрена**" in headings[0]
    at.selectbox(key="profile_open").set_value(referred["mismatch"]).run()
    screen = texts(at)
    assert "Одобрена · Премиальная карта" in screen
    assert "1. Одобрена · Премиальная карта" in screen and "Same person." in screen


def test_a_note_is_shown_as_typed_never_as_markdown(referred, analyst):
    note = "**Call back** ![x](http://tracker.example/x.png)\nline two"
    at = submit(queue(analyst), "documents", note)

    shown = next(m.value for m in at.markdown if "Call back" in str(m.value))
    assert "\\*\\*Call back\\*\\*" in shown and "\\!\\[x\\]" in shown  # escaped: no bold, no image fetched
    assert shown.endswith("line two")
