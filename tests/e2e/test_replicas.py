"""Two app processes on one PostgreSQL database, as a bank scales out behind a load balancer:
a browser's staff sign-in made on one is honoured by the other (one cookie for the host), a
sign-out on either ends it on both, decisions made on both are each stored once, and a champion
promoted while both run is served by each on its next decision."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from core.data.db import make_engine, migrate
from core.modelling.registry import ModelStore
from tests.conftest import PG_ADMIN_URL
from tests.e2e.conftest import (
    ANONYMOUS_NAVIGATION,
    fill_questionnaire,
    free_port,
    navigation_links,
    shown_decision,
    start_app,
    wait_healthy,
    wait_rendered,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres]

PASSWORD = "a replica tester's long password"
SECOND = "20990101T000000000000Z-c0ffee00"


@dataclass(frozen=True)
class Replicas:
    """Two running app processes over one database and one model store."""

    urls: tuple[str, str]
    engine: object
    store: ModelStore


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory, trained_models: Path) -> Iterator[Replicas]:
    from core.modelling.bootstrap import seed_demo

    root = tmp_path_factory.mktemp("replicas")
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"credit_replicas_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = admin.url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=2_000, seed=7)
    models = root / "models"
    shutil.copytree(trained_models, models)  # the test promotes: a private copy
    env = os.environ | {
        "DATABASE_URL": database_url,
        "MODELS_DIR": str(models),
        "MLFLOW_TRACKING_URI": f"sqlite:///{root / 'mlflow.db'}",
        "MLFLOW_ARTIFACTS_DIR": str(root / "mlartifacts"),
    }
    processes, urls = [], []
    try:
        for number in (1, 2):
            port = free_port()
            processes.append(start_app(env, port, root / f"streamlit-{number}.log"))
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            wait_healthy(url, timeout=90)
        yield Replicas((urls[0], urls[1]), engine, ModelStore(models))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def apply(page, url: str, engine, *, passport: str) -> orm.Application:
    """Submit a newcomer's questionnaire on the replica at `url`; the record stored for it."""
    with Session(engine) as session:
        region = session.scalars(select(orm.Region.name).order_by(orm.Region.id)).first()
    page.goto(url)
    fill_questionnaire(page, full_name="Реплика Анна", birth_date="17051988", passport=passport, region=region)
    page.get_by_role("button", name="Получить решение").click()
    shown_decision(page)
    with Session(engine) as session:
        [record] = session.scalars(select(orm.Application).where(orm.Application.passport == passport.replace(" ", "")))
        return record


def test_a_sign_in_on_one_replica_is_honoured_by_the_other_and_a_sign_out_ends_both(replicas, browser, tmp_path):
    shots = tmp_path
    first, second = replicas.urls
    with Session(replicas.engine) as session, session.begin():
        staff.create_user(session=session, name="replica.analyst", role="analyst", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ru-RU")
    context.set_default_timeout(30_000)
    on_first, on_second = context.new_page(), context.new_page()
    on_first.goto(f"{first}/login")
    on_first.get_by_role("textbox", name="Имя пользователя").fill("replica.analyst")
    on_first.locator("input[type=password]").fill(PASSWORD)
    on_first.get_by_role("button", name="Войти").click()
    on_first.get_by_role("heading", name="Поиск клиентов").wait_for()
    on_first.wait_for_function("document.cookie.includes('credit_staff=')")

    on_second.goto(second)  # the other process: same host, so the browser sends the same cookie
    on_second.get_by_test_id("stSidebarNavLink").filter(has_text="Поиск клиентов").wait_for()  # signed in there too
    on_second.screenshot(path=str(shots / "second-replica.png"))
    assert "Поиск клиентов" in navigation_links(on_second)
    on_second.get_by_test_id("stSidebarNavLink").filter(has_text="Выход").click()
    on_second.get_by_role("button", name="Выйти").click()
    on_second.get_by_role("heading", name="Вход для сотрудников").wait_for()

    on_first.get_by_role("button", name="Найти").click()  # the first replica's tab, at its next click
    on_first.get_by_role("heading", name="Поиск клиентов").wait_for(state="detached")
    wait_rendered(on_first)
    on_first.screenshot(path=str(shots / "signed-out-elsewhere.png"))
    assert navigation_links(on_first) == ANONYMOUS_NAVIGATION
    with Session(replicas.engine) as session:
        actions = [e.action for e in staff.audit_entries(session=session, user_name="replica.analyst")]
    assert actions[:3] == ["logout", "session_resumed", "login_ok"]  # newest first
    context.close()


def test_decisions_on_both_replicas_are_each_stored_once_and_a_promotion_is_served_by_both(replicas, page):
    first, second = replicas.urls
    served = replicas.store.champion_version("new")
    before = [apply(page, url, replicas.engine, passport=f"4511 00000{n}") for n, url in enumerate((first, second))]
    assert [record.model_version for record in before] == [served, served]

    folder = replicas.store.root / "new"
    shutil.copytree(folder / served, folder / SECOND)
    meta = folder / SECOND / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "version": SECOND}))
    replicas.store.promote("new", SECOND, by="cli:ops", reason="replica test")  # as `python -m core` would

    after = [apply(page, url, replicas.engine, passport=f"4511 00001{n}") for n, url in enumerate((first, second))]
    assert [record.model_version for record in after] == [SECOND, SECOND]
    with Session(replicas.engine) as session:
        count = select(orm.Application.passport, func.count()).group_by(orm.Application.passport)
        assert dict(session.execute(count).all()) == {
            "4511000000": 1,
            "4511000001": 1,
            "4511000010": 1,
            "4511000011": 1,
        }
