"""Manual review in a real browser: an analyst finds a referred application in the queue,
approves it with a note, and the applicant's record shows both decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from tests.conftest import stored_decision
from tests.e2e.conftest import wait_rendered

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


def test_the_analyst_approves_a_referred_application_and_the_record_shows_both(app_server, wide_page, tmp_path):
    page = wide_page
    with Session(app_server.engine, expire_on_commit=False) as session, session.begin():
        client = session.scalars(select(orm.Client).order_by(orm.Client.id).offset(40).limit(1)).one()
        surname, given = client.full_name.split()[:2]
        referred = stored_decision(
            session,
            created_at=datetime.now(UTC) - timedelta(hours=2),
            full_name=f"{surname} {given}",  # the patronymic dropped
            birth_date=client.birth_date - timedelta(days=400),
            passport=client.passport,
            pd=0.097,
            threshold=0.162,
            identity_check={"client_id": client.id, "differs": ["birth_date", "full_name"]},
        ).id
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
    assert "Расхождение личных данных" in page.inner_text("body")
    shoot(page, tmp_path / "review-queue.png")

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
    shoot(page, tmp_path / "profile-detail.png")
    with Session(app_server.engine) as session:
        [review] = session.scalars(
            select(orm.ApplicationReview).where(orm.ApplicationReview.application_id == referred)
        )
        assert (review.outcome, review.offer, review.reviewer) == ("approved", "premium_card", "e2e.reviewer")
        assert session.get(orm.Application, referred).decision == "referred"
