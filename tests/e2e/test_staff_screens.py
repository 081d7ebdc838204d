"""Issue 14 in a real browser: a filled questionnaire survives a language switch, and the
administrator's audit-log viewer filters and exports."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data import orm
from tests.e2e.conftest import fill_questionnaire
from ui.texts import t

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

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
    page.locator("[class*=st-key-apply_decision_1]").wait_for()

    page.get_by_test_id("stButtonGroup").get_by_text("English", exact=True).click()
    page.get_by_role("heading", name=t("ui.apply.title", "en")).wait_for()
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()

    education = page.get_by_test_id("stSelectbox").filter(has_text=t("ui.apply.education", "en"))
    assert education.get_by_text(t("ui.apply.education.GRD", "en"), exact=True).count() == 1
    for name in CHOICE_QUESTIONS:
        group = page.get_by_role("radiogroup", name=t(f"ui.apply.{name}", "en"))
        assert group.get_by_role("radio", checked=True).count() == 1, name
    page.get_by_role("button", name=t("ui.apply.submit", "en")).click()
    page.locator("[class*=st-key-apply_decision_2]").wait_for()
    assert page.get_by_test_id("stAlertContentError").count() == 0
