"""The app in a real browser: an applicant's questionnaire, an analyst's lookup, and the staff
pages an anonymous visitor must not reach."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from core.decisions.scoring import decision_of
from core.i18n import t
from tests.e2e.conftest import (
    ANONYMOUS_NAVIGATION,
    PROJECT,
    fill_questionnaire,
    navigation_links,
    shown_decision,
    wait_rendered,
)
from ui.locale import share
from ui.texts import t as ui_t

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

STAFF_PATHS = ("clients", "decisions", "staff", "experiments")
PASSWORD = "an analyst's long password"
APPLY_TITLE = "Премиальная кредитная карта"


def known_client(engine, offset: int) -> tuple[orm.Client, str]:
    with Session(engine) as session:
        client = session.scalars(select(orm.Client).order_by(orm.Client.id).offset(offset).limit(1)).one()
        return client, client.region.name


def test_staff_pages_do_not_answer_an_anonymous_visitor(app_server, page):
    # First in this module on purpose: until a process first runs st.navigation, Streamlit
    # runs a page named in the URL straight from the pages/ folder, without the router.
    client, _ = known_client(app_server.engine, 0)
    for moment in ("before the front page was ever opened", "after"):
        for path in STAFF_PATHS:
            page.goto(f"{app_server.url}/{path}")
            wait_rendered(page)
            body = page.inner_text("body")
            assert client.full_name not in body, (moment, path)
            assert page.get_by_role("textbox", name="ФИО, паспорт или номер клиента").count() == 0, (moment, path)
            assert page.get_by_test_id("stDataFrame").count() == 0, (moment, path)
            assert navigation_links(page) == ANONYMOUS_NAVIGATION, (moment, path)
        page.goto(app_server.url)
        page.get_by_role("heading", name=APPLY_TITLE).wait_for()
        assert navigation_links(page) == ANONYMOUS_NAVIGATION, moment


def test_an_application_is_decided_stored_and_found_by_an_analyst(app_server, page):
    client, region = known_client(app_server.engine, 10)
    page.goto(app_server.url)
    fill_questionnaire(
        page,
        full_name=client.full_name.upper(),
        birth_date=client.birth_date.strftime("%d%m%Y"),
        passport=f"{client.passport[:4]} {client.passport[4:]}",
        region=region,
    )
    page.get_by_role("button", name="Получить решение").click()
    decision = shown_decision(page)

    assert "PD" not in decision.inner_text()
    with Session(app_server.engine) as session:
        [record] = session.scalars(select(orm.Application).where(orm.Application.passport == client.passport))
        assert record.client_id == client.id  # matched to the bank's client, who is not told so
    assert decision_of(record).offer_text("ru") in decision.inner_text()  # the offer with its limit

    added = subprocess.run(
        [sys.executable, "-m", "core", "users", "add", "e2e.analyst", "--role", "analyst"],
        input=PASSWORD + "\n",
        cwd=PROJECT,
        env=app_server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert added.returncode == 0, added.stderr
    page.goto(f"{app_server.url}/login")
    page.get_by_role("textbox", name="Имя пользователя").fill("e2e.analyst")
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Поиск клиентов").wait_for()

    page.get_by_role("textbox", name="ФИО, паспорт или номер клиента").fill(client.passport)
    page.get_by_role("button", name="Найти").click()
    page.get_by_text("Найдено клиентов: 1").wait_for()
    page.get_by_role("heading", name=client.full_name).wait_for()
    card = page.locator("p", has_text=f"PD {share(record.pd, 'ru')}")  # Russian: 'PD 3,6 %'
    card.wait_for()
    wait_rendered(page)  # the rest of the profile is drawn after the card
    assert ui_t(f"ui.decision.{record.decision}", "ru") in card.inner_text()
    assert record.model_version in page.inner_text("body")
    page.locator(".js-plotly-plot").wait_for()  # the PD-over-time chart


def test_an_empty_questionnaire_flags_every_question_in_the_browser(app_server, page):
    page.goto(app_server.url)
    page.get_by_role("button", name="Получить решение").click()
    page.get_by_text("Пожалуйста, проверьте отмеченные ответы выше.").wait_for()
    wait_rendered(page)

    assert page.get_by_text(t("error.required", "ru"), exact=True).count() == 11  # the make is asked of car owners
    assert page.get_by_text(t("error.consent_required", "ru"), exact=True).count() == 1


def test_the_questionnaire_works_on_a_phone(app_server, browser, tmp_path):
    client, region = known_client(app_server.engine, 20)
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2, locale="ru-RU"
    )
    phone.set_default_timeout(20_000)
    page = phone.new_page()
    try:
        page.goto(app_server.url)
        fill_questionnaire(
            page, full_name=client.full_name, birth_date="01021990", passport="4512 000111", region=region
        )
        page.get_by_role("button", name="Получить решение").click()
        decision = shown_decision(page)
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)

        with Session(app_server.engine) as session:
            [record] = session.scalars(select(orm.Application).where(orm.Application.passport == "4512000111"))
        assert decision_of(record).offer_text("ru") in decision.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
        box = decision.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        phone.close()


def test_a_reload_keeps_staff_signed_in_until_they_sign_out(app_server, page):
    with Session(app_server.engine) as session, session.begin():
        staff.create_user(session=session, name="e2e.reloader", role="analyst", password=PASSWORD)
    page.goto(app_server.url)
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Вход для сотрудников").click()
    page.get_by_role("textbox", name="Имя пользователя").fill("e2e.reloader")
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Поиск клиентов").wait_for()
    page.wait_for_function("document.cookie.includes('credit_staff=')")  # set by the page's script

    page.reload()
    page.get_by_role("heading", name="Поиск клиентов").wait_for()
    assert "Поиск клиентов" in navigation_links(page)

    page.get_by_test_id("stSidebarNavLink").filter(has_text="Выход").click()
    page.get_by_role("button", name="Выйти").click()
    page.get_by_role("heading", name="Вход для сотрудников").wait_for()
    page.reload()
    wait_rendered(page)
    assert navigation_links(page) == ANONYMOUS_NAVIGATION
    with Session(app_server.engine) as session:
        actions = [entry.action for entry in staff.audit_entries(session=session, user_name="e2e.reloader")]
    assert actions[:3] == ["logout", "session_resumed", "login_ok"]  # newest first


def test_a_hostile_client_name_and_search_text_are_shown_as_typed(app_server, page):
    hostile = "![x](http://evil.example/x.png) **bold** www.evil.example :red[red]"
    with Session(app_server.engine) as session, session.begin():
        client = session.scalars(select(orm.Client).order_by(orm.Client.id).offset(20).limit(1)).one()
        client.full_name, passport = hostile, client.passport
        staff.create_user(session=session, name="e2e.reader", role="analyst", password=PASSWORD)
    page.goto(f"{app_server.url}/login")
    page.get_by_role("textbox", name="Имя пользователя").fill("e2e.reader")
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    search = page.get_by_role("textbox", name="ФИО, паспорт или номер клиента")
    search.fill(passport)
    page.get_by_role("button", name="Найти").click()
    heading = page.locator("[class*=st-key-client_profile] h3")
    heading.wait_for()
    assert heading.inner_text().replace("\u2060", "") == hostile
    assert heading.locator("a[href*='//'], img, strong").count() == 0  # (Streamlit adds its own #anchor)
    search.fill(hostile)
    page.get_by_role("button", name="Найти").click()
    notice = page.get_by_test_id("stAlert")
    notice.wait_for()
    wait_rendered(page)

    text = notice.get_by_test_id("stMarkdownContainer").inner_text()
    assert text.replace("\u2060", "").strip() == f"По запросу «{hostile}» клиентов нет."
    assert notice.locator("a, img, strong").count() == 0
    assert page.get_by_test_id("stMain").locator("img, a[href*='//evil']").count() == 0
