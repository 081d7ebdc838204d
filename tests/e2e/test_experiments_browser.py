"""The Experiments page in a real browser: a promotion asks for confirmation in a dialog that says
what will change, and afterwards the data scientist is still on the Champions tab, reading the result."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from core import staff
from core.config import Settings
from core.data.db import make_engine
from core.modelling.registry import ModelStore
from core.modelling.studies import StudySpec
from core.modelling.tuning import tune
from tests.e2e.conftest import Server, free_port, start_app, wait_healthy, wait_rendered

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "a data scientist's long password"
SCREENSHOTS = Path(os.environ.get("EXPERIMENTS_SCREENSHOTS", ""))
WEAK = {"n_estimators": 2, "num_leaves": 2, "learning_rate": 0.01, "min_child_samples": 20}


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, history_models) -> Iterator[tuple[Server, ModelStore]]:
    """The app over a demo database, its champions, and one tuned run with a saved model."""
    database, models = history_models
    root = tmp_path_factory.mktemp("e2e-experiments")
    shutil.copy(database, root / "credit.db")
    shutil.copytree(models, root / "models")
    settings = Settings(
        database_url=f"sqlite:///{root / 'credit.db'}",
        mlflow_tracking_uri=f"sqlite:///{root / 'mlflow.db'}",
        mlflow_artifacts_dir=root / "mlartifacts",
        models_dir=root / "models",
    )
    tune(StudySpec(name="weak", segment="new", family="lightgbm", n_trials=1, fixed=WEAK), settings=settings)
    engine = make_engine(settings.database_url)
    with Session(engine) as session, session.begin():
        staff.create_user(session=session, name="e2e.dana", role="data_scientist", password=PASSWORD)
    env = os.environ | {
        "DATABASE_URL": settings.database_url,
        "MODELS_DIR": str(settings.models_dir),
        "MLFLOW_TRACKING_URI": settings.mlflow_tracking_uri,
        "MLFLOW_ARTIFACTS_DIR": str(settings.mlflow_artifacts_dir),
    }
    port, log = free_port(), root / "streamlit.log"
    process = start_app(env, port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=60)
        yield Server(url=url, engine=engine, env=env, log=log), ModelStore(settings.models_dir)
    finally:
        process.terminate()
        process.wait(timeout=30)
        engine.dispose()


def shot(page, name: str) -> None:
    if SCREENSHOTS.name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        wait_rendered(page)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_promotion_is_confirmed_in_a_dialog_and_the_user_stays_on_the_champions_tab(lab, browser):
    server, store = lab
    before = store.champion_version("new")
    context = browser.new_context(viewport={"width": 1366, "height": 2000}, locale="ru-RU")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{server.url}/login")
    page.get_by_role("textbox", name="Имя пользователя").fill("e2e.dana")
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Эксперименты").click()
    page.get_by_role("heading", name="Эксперименты").wait_for()
    wait_rendered(page)

    for tab in ("Запуски", "Сравнение"):
        page.get_by_role("tab", name=tab).click()
        wait_rendered(page)  # a tab's choice reruns the page: the next click waits for it, as a reader would
        shot(page, f"experiments-{tab}")
    page.get_by_role("tab", name="Чемпионы").click()
    wait_rendered(page)
    page.get_by_role("combobox", name="Запуск с сохранённой моделью").click()
    page.get_by_role("option", name="weak/0").click()
    page.get_by_role("textbox", name="Причина (обязательна, если модель не лучше чемпиона)").fill(
        "two stumps are easy to explain"
    )
    page.get_by_role("button", name="Назначить чемпионом…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(f"вместо {before}").wait_for()  # says what will change
    assert store.champion_version("new") == before  # nothing has changed yet
    dialog.get_by_role("button", name="Назначить", exact=True).click()

    page.get_by_text("теперь работает: новые клиенты").wait_for()
    shot(page, "experiments-champions")
    assert page.get_by_role("dialog").count() == 0
    assert page.get_by_role("tab", name="Чемпионы").get_attribute("aria-selected") == "true"
    promoted = store.champion_version("new")
    assert promoted != before and store.champion_history("new")[-1]["by"] == "e2e.dana"
    context.close()
