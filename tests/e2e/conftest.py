"""The running app in a real headless Chromium: a `streamlit run` server on a free port with its
own small database and the shared small models, and a browser to drive it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.data.db import make_engine, migrate

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ANONYMOUS_NAVIGATION = ["Заявка на карту", "Вход для сотрудников"]  # what a visitor is offered
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@dataclass(frozen=True)
class Server:
    """A running app: where it answers, its database and the environment it was started with."""

    url: str
    engine: Engine
    env: dict[str, str]
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, timeout: float) -> float:
    """Seconds until `/_stcore/health` answers 'ok'."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.read() == b"ok":
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not become healthy in {timeout} s")


def start_app(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, trained_models: Path) -> Iterator[Server]:
    """A fresh app process over a small seeded SQLite database and the shared small models."""
    from core.modelling.bootstrap import seed_demo

    root = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{root / 'credit.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=2_000, seed=7)
    env = os.environ | {
        "DATABASE_URL": database_url,
        "MODELS_DIR": str(trained_models),
        "MLFLOW_TRACKING_URI": f"sqlite:///{root / 'mlflow.db'}",
        "MLFLOW_ARTIFACTS_DIR": str(root / "mlartifacts"),
    }
    port = free_port()
    log = root / "streamlit.log"
    process = start_app(env, port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=60)
        yield Server(url=url, engine=engine, env=env, log=log)
    finally:
        process.terminate()
        process.wait(timeout=30)
        engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


@pytest.fixture
def page(browser, request, tmp_path) -> Iterator:
    """A fresh browser context (a new visitor) at desktop width; screenshot saved if the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ru-RU", timezone_id="Europe/Moscow")
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    if getattr(request.node, "failed_call", False):
        shot = tmp_path / "failure.png"
        tab.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failure: {shot}")
    context.close()


def wait_rendered(page) -> None:
    """Until the page's script has drawn something and run to its end."""
    page.locator("[data-testid=stMain] [data-testid=stElementContainer]").filter(visible=True).first.wait_for()
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()


def shown_decision(page, submission: int | None = None):
    """The decision drawn for this session's `submission`-th submission (any, if None), once the
    run that draws it is over: the new container shows before its contents, and until then it
    may still hold the previous decision."""
    decision = page.locator(f".st-key-apply_decision_{submission}" if submission else "[class*=st-key-apply_decision_]")
    decision.wait_for()
    wait_rendered(page)
    return decision


def navigation_links(page) -> list[str]:
    """The page names the navigation offers this visitor."""
    links = page.get_by_test_id("stSidebarNavLink").all()
    return [link.inner_text().splitlines()[-1] for link in links]  # the label, after the icon's name


def fill_questionnaire(page, *, full_name: str, birth_date: str, passport: str, region: str) -> None:
    """Answer every question as an applicant does, and give the consent."""
    page.get_by_role("textbox", name="ФИО").fill(full_name)
    page.get_by_role("spinbutton", name="day, Дата рождения").click()
    page.keyboard.type(birth_date)  # DDMMYYYY: the field moves on by itself
    page.get_by_role("textbox", name="Серия и номер паспорта").fill(passport)
    for label, option in (("Регион проживания", region), ("Образование", "Высшее")):
        box = page.get_by_role("combobox", name=label)
        box.click()
        box.fill(option)
        page.get_by_role("option", name=option, exact=True).click()
    page.get_by_role("textbox", name="Ежемесячный доход, ₽").fill("90000")
    for question, answer in (
        ("У вас стабильная, хорошо оплачиваемая работа?", "Да"),
        ("У вас есть автомобиль?", "Да"),
        ("Это иномарка?", "Нет"),  # appears once the car is answered
        ("У вас есть загранпаспорт?", "Да"),
        ("Категория домашнего адреса", "Категория 1"),
        ("Категория рабочего адреса", "Категория 2"),
    ):
        page.get_by_role("radiogroup", name=question).get_by_text(answer, exact=True).click()
    page.get_by_text("Я согласен(на) на обработку персональных данных").click()
