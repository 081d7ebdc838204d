"""The Monitoring page in a real Chromium: a risk manager signs in and reads the portfolio."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from core import staff
from core.decisions.demo_history import seed_history
from core.modelling.registry import ModelStore
from tests.e2e.conftest import wait_rendered

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
PASSWORD = "a long enough password"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="module")
def history(app_server, trained_models):
    with Session(app_server.engine) as session, session.begin():
        seed_history(session=session, store=ModelStore(trained_models), seed=9)
        staff.create_user(session=session, name="e2e.risk", role="risk_manager", password=PASSWORD)
    return app_server


def test_a_risk_manager_reads_volumes_stability_and_performance(history, page):
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{history.url}/login")
    page.get_by_role("textbox", name="Имя пользователя").fill("e2e.risk")
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Последние решения").wait_for()

    page.get_by_test_id("stSidebarNavLink").filter(has_text="Мониторинг").click()
    page.get_by_role("heading", name="Мониторинг модели").wait_for()
    wait_rendered(page)
    page.get_by_text("Решения и доля одобрений по периодам").wait_for()  # a chart's title, drawn by Plotly
    page.get_by_text("Распределение PD: эталон и последний период").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "monitoring-overview.png"), full_page=True)

    page.get_by_role("tab", name="Стабильность (PSI)").click()
    page.get_by_text("PSI по периодам (скор и ведущие признаки)").wait_for()
    assert page.get_by_text("Признаки по убыванию PSI").is_visible()
    page.get_by_role("tab", name="Качество").click()
    page.get_by_text("AUROC по поколениям: факт и оценка").wait_for()
    page.get_by_text("Калибровка: средняя PD и наблюдаемые дефолты").wait_for()
    page.screenshot(path=str(SHOTS / "monitoring-performance.png"), full_page=True)
    page.get_by_role("tab", name="Справедливость").click()
    page.get_by_text("История с исходами, по полу").wait_for()
