"""Issue 14 in a real browser: a language switch on a staff page redraws its filters in the new
language and leaves the user on the tab they were on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from core import staff
from tests.e2e.conftest import wait_rendered
from ui.texts import t

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "an administrator's long password"


@pytest.fixture
def admin(app_server, page):
    with Session(app_server.engine) as session, session.begin():
        if staff.find_user(session=session, name="e2e.lang") is None:
            staff.create_user(session=session, name="e2e.lang", role="admin", password=PASSWORD)
    page.goto(f"{app_server.url}/login")
    page.get_by_role("textbox", name=t("ui.login.name", "ru")).wait_for(timeout=120_000)  # the first start-up
    page.get_by_role("textbox", name=t("ui.login.name", "ru")).fill("e2e.lang")
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name=t("ui.login.submit", "ru")).click()
    page.get_by_role("heading", name=t("ui.clients.title", "ru")).wait_for()
    # The tests open staff URLs afresh: the session cookie, set by the page's script, must be there first.
    page.wait_for_function("document.cookie.includes('credit_staff=')")
    return page


def to_english(page) -> None:
    page.get_by_test_id("stButtonGroup").get_by_text("English", exact=True).click()
    page.wait_for_timeout(500)
    wait_rendered(page)


def test_the_decisions_filters_speak_the_new_language(app_server, admin):
    page = admin
    page.goto(f"{app_server.url}/decisions")  # a fresh load: the session is resumed first
    page.get_by_role("heading", name=t("ui.decisions.title", "ru")).wait_for(timeout=60_000)
    wait_rendered(page)
    to_english(page)
    page.get_by_role("heading", name=t("ui.decisions.title", "en")).wait_for()
    expect(page.get_by_role("combobox", name=t("ui.decisions.outcome", "en"))).to_have_value(t("ui.any", "en"))
    expect(page.get_by_role("combobox", name=t("ui.decisions.segment", "en"))).to_have_value(t("ui.any", "en"))


def test_a_language_switch_keeps_the_tab_the_user_is_on(app_server, admin):
    page = admin
    page.goto(f"{app_server.url}/staff")  # a fresh load: the session is resumed first
    page.get_by_role("heading", name=t("ui.staff.title", "ru")).wait_for(timeout=60_000)
    wait_rendered(page)
    page.get_by_role("tab", name=t("ui.staff.audit", "ru")).click()
    wait_rendered(page)
    expect(page.get_by_role("combobox", name=t("ui.audit.action", "ru"))).to_have_value(t("ui.any", "ru"))

    to_english(page)

    expect(page.get_by_role("tab", name=t("ui.staff.audit", "en"))).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("combobox", name=t("ui.audit.action", "en"))).to_have_value(t("ui.any", "en"))
