"""Client lookup and a client's profile, as an analyst uses them; and as an anonymous visitor can't."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from core.data import orm
from core.decisions.scoring import score_application
from core.modelling.registry import ModelStore
from tests.app.conftest import PROJECT, TIMEOUT, a_client, add_staff, open_app, rendered, shown, sign_in
from tests.conftest import GOOD_ANSWERS
from ui.startup import router_ran

pytestmark = pytest.mark.slow


def search(at: AppTest, query: str) -> AppTest:
    at.switch_page("pages/clients.py").run()
    at.text_input(key="clients_query").set_value(query)
    return at.button(key="clients_search_button").click().run()


@pytest.fixture
def analyst(app_db) -> AppTest:
    add_staff(app_db, "anna", "analyst")
    return sign_in(open_app(), "anna")


def audit_actions(engine) -> list[tuple[str, str | None]]:
    with Session(engine) as session:
        return list(session.execute(select(orm.AuditEntry.action, orm.AuditEntry.target).order_by(orm.AuditEntry.id)))


def test_the_lookup_itself_shows_nothing_to_an_anonymous_visitor(app_db):
    # The router never hands a visitor this page; should it run anyway, its own check holds.
    router_ran()  # as in a process whose front page has been opened once
    at = AppTest.from_file(str(PROJECT / "pages" / "clients.py"), default_timeout=TIMEOUT)
    at.run()

    assert not at.text_input and not at.dataframe
    assert at.info[0].value == "Эта страница для сотрудников банка: сначала войдите."


def test_a_part_of_a_name_in_any_case_finds_the_clients(app_db, analyst):
    client = a_client(app_db)
    surname, given = client.full_name.split()[:2]
    query = f"{surname[2:].upper()} {given[:3].lower()}"  # e.g. 'ЛИКОВА мар' for Куликова Марина
    at = search(analyst, query)

    table = at.dataframe[0].value
    assert client.full_name in set(table["ФИО"])
    assert all(query.casefold() in name.casefold() for name in table["ФИО"])
    assert at.caption[0].value.startswith("Найдено клиентов: ")
    assert ("search", None) in audit_actions(app_db)


def test_a_passport_opens_the_client_s_profile(app_db, analyst):
    client = a_client(app_db, offset=3)
    at = search(analyst, f"{client.passport[:4]} {client.passport[4:]}")

    assert at.caption[0].value == "Найдено клиентов: 1"
    assert shown(at.subheader[0].value) == client.full_name
    assert f"Клиент № {client.id}" in [c.value for c in at.caption]
    assert {m.label for m in at.metric} >= {"Балл БКИ", "Отклонённые заявки"}
    assert ("view_client", str(client.id)) in audit_actions(app_db)


def test_results_come_a_page_at_a_time_with_the_total(app_db, analyst):
    at = search(analyst, "ов")  # in most Russian surnames

    total = int(at.caption[0].value.split(":")[1].replace(",", "").replace("\u00a0", ""))
    assert total > 20
    assert len(at.dataframe[0].value) == 20
    first_page = set(at.dataframe[0].value["№"])
    at.get("pagination")[0].set_value(2).run()
    assert not first_page & set(at.dataframe[0].value["№"])


def test_nothing_found_says_so(app_db, analyst):
    at = search(analyst, "Zzyzx")

    assert at.info[0].value == "По запросу «Zzyzx» клиентов нет."
    assert not at.dataframe


def test_the_profile_lists_the_client_s_applications_with_reasons_and_a_chart(app_db, analyst, trained_models):
    client = a_client(app_db, offset=1)
    with Session(app_db) as session:
        region = session.get(orm.Region, client.region_id).name
    answers = GOOD_ANSWERS | {
        "full_name": client.full_name,
        "birth_date": client.birth_date,
        "passport": client.passport,
        "region": region,
    }
    store = ModelStore(trained_models)
    for days_ago, income in ((45, 20_000), (1, 150_000)):  # beyond the repeat window: two automatic decisions
        when = datetime.now(UTC) - timedelta(days=days_ago)
        score_application(answers | {"income": income}, engine=app_db, store=store, now=when)
    at = search(analyst, client.passport)

    headings = [m.value for m in at.markdown if m.value.startswith("**") and " · PD " in m.value]
    assert len(headings) == 2
    assert all("Премиальная карта" in h or "Предложена карта «Старт»" in h for h in headings)
    version = store.champion_version("existing")
    details = [shown(c.value) for c in at.caption if version in shown(c.value)]
    assert len(details) == 2
    assert all(detail.split("\n")[0].strip() for detail in details)  # the reasons, in words
    assert len(at.get("plotly_chart")) == 1


HOSTILE = "![x](http://evil.example/x.png) **bold** <img src=x> :red[red] $x$"


def test_a_stored_name_is_shown_as_typed_never_as_markdown(app_db, analyst):
    client = a_client(app_db, offset=4)
    with Session(app_db) as session, session.begin():
        session.get(orm.Client, client.id).full_name = HOSTILE
    at = search(analyst, f"{client.passport[:4]} {client.passport[4:]}")

    heading = at.subheader[0].value
    assert shown(heading) == HOSTILE
    assert "<img" not in rendered(heading) and "<strong>" not in rendered(heading)


def test_the_search_text_is_shown_as_typed_in_the_no_match_notice(app_db, analyst):
    at = search(analyst, HOSTILE)

    notice = at.info[0].value
    assert shown(notice) == f"По запросу «{HOSTILE}» клиентов нет."
    assert "<img" not in rendered(notice) and "<strong>" not in rendered(notice)
