"""The questionnaire in a real browser when PostgreSQL stops answering (issue 9)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import make_url, select
from sqlalchemy.orm import Session

from core.data import orm
from tests.e2e.conftest import fill_questionnaire, free_port, shown_decision, start_app, wait_healthy
from tests.faulty_proxy import FaultyProxy
from ui.texts import t as ui_t

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres]


def test_a_silent_database_keeps_the_answers_and_pressing_again_decides_once(
    pg_demo, trained_models, browser, tmp_path
):
    url = make_url(pg_demo.url)
    with Session(pg_demo) as session:
        region = session.scalars(select(orm.Region.name).order_by(orm.Region.name).limit(1)).one()
    with FaultyProxy(url.host, url.port or 5432) as proxy:
        env = os.environ | {
            "DATABASE_URL": url.set(host="127.0.0.1", port=proxy.port).render_as_string(False),
            "MODELS_DIR": str(trained_models),
            "MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}",
            "DB_CONNECT_TIMEOUT": "1",
            "DB_STATEMENT_TIMEOUT": "1",
        }
        port = free_port()
        process = start_app(env, port, tmp_path / "streamlit.log")
        context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="ru-RU")
        context.set_default_timeout(30_000)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", timeout=60)
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}")
            fill_questionnaire(
                page, full_name="Сбоев Пётр Ильич", birth_date="01021985", passport="4599 000111", region=region
            )
            proxy.set("blackhole")
            page.get_by_role("button", name="Получить решение").click()
            page.get_by_text(ui_t("ui.apply.db_unavailable", "ru")).wait_for()
            page.screenshot(path=str(tmp_path / "database-unavailable.png"), full_page=True)  # for a reviewer
            assert page.get_by_role("textbox", name="ФИО").input_value() == "Сбоев Пётр Ильич"
            assert page.get_by_role("textbox", name="Серия и номер паспорта").input_value() == "4599 000111"

            proxy.set("pass")
            page.get_by_role("button", name="Получить решение").click()
            shown_decision(page)
            assert page.get_by_text(ui_t("ui.apply.db_unavailable", "ru")).count() == 0
        finally:
            context.close()
            process.terminate()
            process.wait(timeout=30)
    with Session(pg_demo) as session:
        stored = session.scalars(select(orm.Application).where(orm.Application.passport == "4599000111")).all()
    assert len(stored) == 1
