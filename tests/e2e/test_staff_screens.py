"""Issue 14 in a real browser: a filled questionnaire survives a language switch, and the
administrator's audit-log viewer filters and exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from tests.e2e.conftest import fill_questionnaire, shown_decision
from ui.texts import t

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "an auditor's long password"
CHOICE_QUESTIONS = ("good_work", "car", "car_type", "foreign_passport", "home_address", "work_address")


def a_client(engine) -> orm.Client:
    with Session(engine) as session:
        client = session.scalars(select(orm.Client).order_by(orm.Client.id).offset(20).limit(1)).one()
        return client


def test_a_filled_questionnaire_keeps_every_answer_after_switching_language(app_server, page):
    client = a_client(app_server.engine)
    page.goto(app_server.url)
    fill_questionnaire(
        page,
        full_name=client.full_name,
        birth_date=client.birth_date.strftime("%d%m%Y"),
        passport=client.passport,
        region=client.region.name,
    )
    page.get_by_role("button", name=t("ui.apply.submit", "ru")).click()
    shown_decision(page, 1)

    page.get_by_test_id("stButtonGroup").get_by_text("English", exact=True).click()
    page.get_by_role("heading", name=t("ui.apply.title", "en")).wait_for()
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()

    education = page.get_by_role("combobox", name=t("ui.apply.education", "en"))
    expect(education).to_have_value(t("ui.apply.education.GRD", "en"))
    for name in CHOICE_QUESTIONS:
        group = page.get_by_role("radiogroup", name=t(f"ui.apply.{name}", "en"))
        expect(group.get_by_role("radio", checked=True)).to_have_count(1)
    page.get_by_role("button", name=t("ui.apply.submit", "en")).click()
    shown_decision(page, 2)
    assert page.get_by_test_id("stAlertContentError").count() == 0


def test_the_audit_log_viewer_filters_and_its_download_is_audited(app_server, page):
    with Session(app_server.engine) as session, session.begin():
        staff.create_user(session=session, name="e2e.auditor", role="admin", password=PASSWORD)
    page.goto(f"{app_server.url}/login")
    page.get_by_role("textbox", name=t("ui.login.name", "ru")).fill("e2e.auditor")
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name=t("ui.login.submit", "ru")).click()
    page.get_by_role("heading", name=t("ui.clients.title", "ru")).wait_for()
    page.goto(f"{app_server.url}/staff")
    page.get_by_role("tab", name=t("ui.staff.audit", "ru")).click()

    action = page.get_by_role("combobox", name=t("ui.audit.action", "ru"))
    action.click()
    page.get_by_role("option", name=t("ui.audit.action.login_ok", "ru"), exact=True).click()
    page.get_by_role("button", name=t("ui.audit.show", "ru")).click()
    page.wait_for_timeout(500)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()  # the filtered run is drawn
    expect(page.get_by_text(t("ui.audit.found", "ru", n="").strip())).to_be_visible()
    expect(page.get_by_role("tab", name=t("ui.staff.audit", "ru"))).to_have_attribute("aria-selected", "true")
    with page.expect_download() as download:
        page.get_by_role("button", name=t("ui.audit.export", "ru")).click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith(t("ui.col.time", "ru")) and any("e2e.auditor" in line for line in lines[1:])
    assert all(t("ui.audit.action.login_ok", "ru") in line for line in lines[1:]), lines

    with Session(app_server.engine) as session:
        [entry] = staff.audit_entries(session=session, user_name="e2e.auditor", action="audit_exported")
    assert entry.details["rows"] == len(lines) - 1 and entry.details["filters"]["action"] == "login_ok"
