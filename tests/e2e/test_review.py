"""Manual review in a real browser: a known client applies again without the patronymic, the
application is referred, an analyst finds it in the queue, approves it with a note, and the
client's record shows both decisions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from tests.e2e.conftest import fill_questionnaire, shown_decision, wait_rendered

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "an analyst's long password"
WIDE = {"width": 1366, "height": 900}


def settled(page) -> None:
    """Until the script has run and every lazily loaded element (tables, metrics) has drawn."""
    wait_rendered(page)
    page.wait_for_function("!document.querySelector('[data-testid=stSkeleton]')")


def shoot(page, path) -> None:
    """The whole page at 1366 px: Streamlit scrolls inside its main area, so the window is made
    as tall as the content for the shot."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": WIDE["width"], "height": max(WIDE["height"], height)})
    settled(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(WIDE)


@pytest.fixture
def wide_page(browser, request, tmp_path):
    """An analyst's laptop screen; a screenshot is kept if the test fails."""
    context = browser.new_context(viewport=WIDE, locale="ru-RU", timezone_id="Europe/Moscow")
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    if getattr(request.node, "failed_call", False):
        tab.screenshot(path=str(tmp_path / "failure.png"))
        print(f"screenshot of the failure: {tmp_path / 'failure.png'}")
    context.close()


def test_the_analyst_approves_a_referred_application_and_the_record_shows_both(
    app_server, browser, wide_page, tmp_path
):
    page = wide_page
    shots = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))  # to keep them for a look
    with Session(app_server.engine, expire_on_commit=False) as session:
        client = session.scalars(
            select(orm.Client).where(orm.Client.full_name.like("% % %")).order_by(orm.Client.id).offset(45).limit(1)
        ).one()
        region = client.region.name
    # The case, in the questionnaire: a known client applies, then again without the patronymic.
    applicant = browser.new_context(viewport=WIDE, locale="ru-RU", timezone_id="Europe/Moscow")
    applicant.set_default_timeout(20_000)
    try:
        form = applicant.new_page()
        form.goto(app_server.url)
        identity = {"birth_date": client.birth_date.strftime("%d%m%Y"), "passport": client.passport, "region": region}
        fill_questionnaire(form, full_name=client.full_name, **identity)
        form.get_by_role("button", name="Получить решение").click()
        shown_decision(form, 1)
        form.get_by_role("textbox", name="ФИО").fill(" ".join(client.full_name.split()[:2]))
        form.get_by_role("textbox", name="ФИО").press("Tab")
        form.get_by_role("button", name="Получить решение").click()
        told = shown_decision(form, 2).inner_text()
    finally:
        applicant.close()
    with Session(app_server.engine) as session:
        query = select(orm.Application).where(orm.Application.passport == client.passport)
        first, second = session.scalars(query.order_by(orm.Application.id))
        assert first.decision != "referred"  # the client's own first application is decided at once
        assert second.decision == "referred" and second.linked_applications == [first.id]
        referred, first_id = second.id, first.id
    assert f"Заявка № {referred}" in told
    with Session(app_server.engine) as session, session.begin():
        staff.create_user(session=session, name="e2e.reviewer", role="analyst", password=PASSWORD)
    page.goto(f"{app_server.url}/login")
    page.get_by_role("textbox", name="Имя пользователя").fill("e2e.reviewer")
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Поиск клиентов").wait_for()

    page.get_by_test_id("stSidebarNavLink").filter(has_text="Ручная проверка").click()
    page.get_by_role("heading", name="Ручная проверка заявок").wait_for()
    page.get_by_role("heading", name=f"Заявка № {referred}").wait_for()
    settled(page)
    body = page.inner_text("body")
    assert "Повторная заявка: с тем же паспортом" in body
    assert "Связанные заявки (1)" in body
    shoot(page, shots / "review-queue.png")

    page.get_by_role("radiogroup", name="Решение").get_by_text("Одобрить", exact=True).click()
    page.get_by_role("textbox", name="Комментарий (обязательно)").fill("Позвонили клиенту: тот же человек.")
    page.get_by_role("button", name="Сохранить решение").click()
    page.get_by_text(f"Заявка {referred}: одобрена · Премиальная карта.").wait_for()
    page.get_by_text("Нет заявок, ожидающих решения.").wait_for()

    page.get_by_test_id("stSidebarNavLink").filter(has_text="Поиск клиентов").click()
    page.get_by_role("textbox", name="ФИО, паспорт или номер клиента").fill(client.passport)
    page.get_by_role("button", name="Найти").click()
    page.get_by_role("heading", name=client.full_name).wait_for()
    card = page.locator("p", has_text=f"№ {referred} ·")
    assert "Передана аналитику → одобрена" in card.inner_text()
    expect(page.locator("p", has_text=f"№ {first_id} ·")).to_have_count(1)  # the first application, too
    box = page.get_by_role("combobox", name="Открыть заявку")
    box.click()
    box.fill(f"№ {referred} ·")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=f"Заявка № {referred}").wait_for()
    settled(page)
    detail = page.locator(".st-key-profile_detail").inner_text()
    assert "Передана аналитику" in detail  # the automatic decision, kept
    assert "1. Одобрена · Премиальная карта" in detail and "Позвонили клиенту: тот же человек." in detail
    assert "e2e.reviewer" in detail
    shoot(page, shots / "profile-detail.png")
    with Session(app_server.engine) as session:
        [review] = session.scalars(
            select(orm.ApplicationReview).where(orm.ApplicationReview.application_id == referred)
        )
        assert (review.outcome, review.offer, review.reviewer) == ("approved", "premium_card", "e2e.reviewer")
        assert session.get(orm.Application, referred).decision == "referred"

    page.get_by_test_id("stSidebarNavLink").filter(has_text="Последние решения").click()
    page.get_by_role("heading", name="Последние решения").wait_for()
    outcome = page.get_by_role("combobox", name="Итог")
    outcome.click()
    page.get_by_role("option", name="Решены аналитиком").click()
    page.get_by_role("button", name="Показать").click()
    page.get_by_text("Решений: 1 ·").wait_for()
    box = page.get_by_role("combobox", name="Открыть заявку")
    box.click()
    box.fill(f"№ {referred} ·")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=f"Заявка № {referred}").wait_for()
    settled(page)
    assert "Одобрена · Премиальная карта" in page.locator(".st-key-decisions_detail").inner_text()
    shoot(page, shots / "decisions-detail.png")
