"""The applicant's half of a referral in a real browser: a known client's passport applied for
again without the patronymic is referred, and the applicant sees the application number."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data import orm
from core.i18n import t
from tests.e2e.conftest import fill_questionnaire, shown_decision

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def submit_and_read(page, submission: int) -> str:
    """The answer to this session's `submission`-th submission, once shown."""
    page.get_by_role("button", name="Получить решение").click()
    return shown_decision(page, submission).inner_text()


def test_a_dropped_patronymic_after_a_full_name_application_is_referred_with_its_number(app_server, page, tmp_path):
    with Session(app_server.engine) as session:
        client = session.scalars(
            select(orm.Client).where(orm.Client.full_name.like("% % %")).order_by(orm.Client.id).offset(30).limit(1)
        ).one()
        region = client.region.name
    identity = {"birth_date": client.birth_date.strftime("%d%m%Y"), "passport": client.passport, "region": region}
    page.goto(app_server.url)
    fill_questionnaire(page, full_name=client.full_name, **identity)
    page.screenshot(path=str(tmp_path / "questionnaire.png"), full_page=True)
    first = submit_and_read(page, 1)
    assert t("offer.manual_review", "ru") not in first  # the client's own first application is decided at once

    without_patronymic = " ".join(client.full_name.split()[:2])
    page.get_by_role("textbox", name="ФИО").fill(without_patronymic)
    page.get_by_role("textbox", name="ФИО").press("Tab")
    second = submit_and_read(page, 2)
    page.screenshot(path=str(tmp_path / "referred.png"), full_page=True)

    with Session(app_server.engine) as session:
        records = list(
            session.scalars(
                select(orm.Application).where(orm.Application.passport == client.passport).order_by(orm.Application.id)
            )
        )
    assert [r.decision for r in records][1:] == ["referred"]
    assert records[1].referral_reasons == ["repeat_application"]
    assert records[1].linked_applications == [records[0].id]
    assert f"Заявка № {records[1].id}" in second
    assert t("offer.manual_review", "ru") in second and t("next.referred", "ru") in second
    assert "PD" not in second
