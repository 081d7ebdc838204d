"""Driving the app's pages with Streamlit's AppTest, against a small ready database and the
shared small models (so nothing trains here)."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from markdown_it import MarkdownIt
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from core import staff
from core.config import Settings
from core.data import orm
from core.data.db import make_engine, migrate

PROJECT = Path(__file__).resolve().parents[2]
TIMEOUT = 30  # seconds per run: the first run of a test also migrates and loads models
PASSWORD = "a long enough password"


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the small demo (regions, 2,000 clients), built once per run."""
    from core.modelling.bootstrap import seed_demo

    path = tmp_path_factory.mktemp("app-db") / "credit.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=2_000, seed=7)
    engine.dispose()
    return path


@pytest.fixture
def app_db(
    seeded_sqlite: Path, trained_models: Path, isolated_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """This test's own copy of the demo database, the shared models, and empty Streamlit caches."""
    database = Path(isolated_settings.database_url.removeprefix("sqlite:///"))
    shutil.copy(seeded_sqlite, database)
    monkeypatch.setenv("MODELS_DIR", str(trained_models))
    st.cache_resource.clear()  # ui.cache holds the previous test's settings and engine
    st.cache_data.clear()
    engine = make_engine(isolated_settings.database_url)
    yield engine
    st.cache_resource.clear()
    st.cache_data.clear()
    engine.dispose()


def open_app() -> AppTest:
    """The app as a new visitor first sees it."""
    return AppTest.from_file(str(PROJECT / "Home.py"), default_timeout=TIMEOUT).run()


def signed_in(engine: Engine, at: AppTest, name: str) -> AppTest:
    """`at` with `name` signed in, as after the sign-in form: a real staff session behind it."""
    from ui.session import _TOKEN, _USER, StaffUser

    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        role = staff.find_user(session=session, name=name).role
        token = staff.open_session(session=session, name=name, now=now)
    for key, value in {_USER: StaffUser(name=name, role=role), _TOKEN: token}.items():
        at.session_state[key] = value
    return at


def open_app_as(engine: Engine, name: str) -> AppTest:
    """The app as the router builds it for a signed-in member of staff."""
    return signed_in(engine, AppTest.from_file(str(PROJECT / "Home.py"), default_timeout=TIMEOUT), name).run()


def add_staff(engine: Engine, name: str, role: str, password: str = PASSWORD) -> None:
    with Session(engine) as session, session.begin():
        staff.create_user(session=session, name=name, role=role, password=password)


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    """Fill in the sign-in form and submit it."""
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    return at.button(key="login_submit").click().run()


def a_client(engine: Engine, offset: int = 0) -> orm.Client:
    """One of the demo clients, with their region loaded."""
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(orm.Client).order_by(orm.Client.id).offset(offset).limit(1)).one()


def rendered(body: str) -> str:
    """The HTML a Markdown body becomes (CommonMark, as in the browser)."""
    return MarkdownIt("commonmark").render(str(body))


def shown(body: str) -> str:
    """The text a reader sees of a Markdown body: rendered, tags dropped, entities decoded,
    invisible word joiners (`ui.plain`) left out."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered(body))).replace("\u2060", "").strip()


def texts(at: AppTest) -> str:
    """Every piece of text on the screen as a reader sees it, for 'the user never sees X' checks."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "success", "info", "warning", "error"):
        parts += [shown(element.value) for element in getattr(at, kind)]
    return "\n".join(parts)


def cells(table) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """What the browser writes in each cell of an `st.dataframe`: a pandas Styler's text, except
    in a column whose config sets a `format` of its own (that wins in the browser, in English
    notation whatever the page's language: marked here as such)."""
    raw = table.proto.arrow_data.styler.display_values
    written = dataframe_util.convert_arrow_bytes_to_pandas_df(raw) if raw else table.value.astype(str)
    configs = json.loads(table.proto.columns or "{}")
    for column in written.columns:
        own = configs.get(str(column), {}).get("type_config", {}).get("format")
        if own:
            written[column] = f"<browser format {own}>"
    return written


def flat(at: AppTest) -> list:
    """The main area's elements in screen order (blocks opened), to check what sits under what."""
    out: list = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        children = getattr(node, "children", None)
        if children is None:
            out.append(node)
            return
        for child in children.values():
            walk(child)

    walk(at.main)
    return out
