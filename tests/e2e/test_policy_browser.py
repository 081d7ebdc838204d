"""The credit policy in a real browser: a risk manager drafts and simulates a change, a second
one approves it, and the very next applicant is decided under it and sees their limit."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from core.data.db import make_engine
from core.i18n import money
from tests.e2e.conftest import Server, free_port, shown_decision, start_app, wait_healthy, wait_rendered
from tests.e2e.test_browser import fill_questionnaire, known_client

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "a risk manager's long password"
SCREENSHOTS = Path(os.environ.get("POLICY_SCREENSHOTS", ""))


@pytest.fixture(scope="module")
def policy_server(tmp_path_factory: pytest.TempPathFactory, history_models) -> Iterator[Server]:
    """The app over a demo database whose champions kept their out-of-fold PDs."""
    database, models = history_models
    root = tmp_path_factory.mktemp("e2e-policy")
    shutil.copy(database, root / "credit.db")
    database_url = f"sqlite:///{root / 'credit.db'}"
    engine = make_engine(database_url)
    with Session(engine) as session, session.begin():
        for name in ("e2e.rita", "e2e.rob"):
            staff.create_user(session=session, name=name, role="risk_manager", password=PASSWORD)
    env = os.environ | {
        "DATABASE_URL": database_url,
        "MODELS_DIR": str(models),
        "MLFLOW_TRACKING_URI": f"sqlite:///{root / 'mlflow.db'}",
        "MLFLOW_ARTIFACTS_DIR": str(root / "mlartifacts"),
    }
    port, log = free_port(), root / "streamlit.log"
    process = start_app(env, port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=60)
        yield Server(url=url, engine=engine, env=env, log=log)
    finally:
        process.terminate()
        process.wait(timeout=30)
        engine.dispose()


def signed_in(browser, server: Server, name: str):
    context = browser.new_context(viewport={"width": 1400, "height": 2600}, locale="ru-RU")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{server.url}/login")
    page.get_by_role("textbox", name="Имя пользователя").fill(name)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Кредитная политика").click()
    page.get_by_role("heading", name="Кредитная политика").wait_for()
    wait_rendered(page)
    return page


def shot(page, name: str) -> None:
    if SCREENSHOTS.name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_draft_simulate_approve_and_the_next_applicant_gets_the_new_limit(policy_server, browser, page):
    rita = signed_in(browser, policy_server, "e2e.rita")
    shot(rita, "policy-rules")
    rita.get_by_role("tab", name="Черновик и симуляция").click()
    basis = rita.get_by_role("combobox", name="Порог задаётся как")
    basis.click()
    rita.get_by_role("option", name="Порог PD").click()
    rita.get_by_role("textbox", name="Значение, %").fill("0,01")  # nobody gets the Premium card...
    rita.get_by_role("textbox", name="Лимит карты «Старт», ₽").fill("45 000")  # ...and a larger Starter limit
    rita.get_by_role("textbox", name="Причина изменения").fill("Starter card only, with a larger limit")
    rita.get_by_role("button", name="Симулировать").click()
    rita.get_by_text("Симуляция: предложение против версии 1").wait_for()
    rita.locator(".js-plotly-plot").wait_for()  # the strategy curve
    rita.get_by_text("Размеченная история:").wait_for()
    shot(rita, "policy-simulation")
    rita.get_by_role("button", name="Сохранить черновик").click()
    rita.get_by_text("Черновик версии 2 сохранён").wait_for()
    rita.get_by_role("tab", name="Версии и одобрение").click()
    assert rita.get_by_role("button", name="Одобрить и ввести в действие").is_disabled()  # four eyes

    rob = signed_in(browser, policy_server, "e2e.rob")
    rob.get_by_role("tab", name="Версии и одобрение").click()
    rob.get_by_role("button", name="Одобрить и ввести в действие").click()
    rob.get_by_text("Версия 2 введена в действие").wait_for()
    shot(rob, "policy-approved")

    _, region = known_client(policy_server.engine, 5)
    page.goto(policy_server.url)
    fill_questionnaire(
        page, full_name="Новикова Анна Сергеевна", birth_date="12031991", passport="4513 777888", region=region
    )
    page.get_by_role("button", name="Получить решение").click()
    decision = shown_decision(page)
    assert money(45_000, "ru") in decision.inner_text()
    shot(page, "policy-applicant")
    with Session(policy_server.engine) as session:
        record = session.scalars(select(orm.Application).where(orm.Application.passport == "4513777888")).one()
    assert (record.policy_version, record.decision, record.credit_limit) == (2, "alternative", 45_000)
