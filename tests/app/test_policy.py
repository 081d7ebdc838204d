"""The Policy page as risk managers use it: the rules in force, a draft simulated against them,
saved, and approved by a second risk manager, never by its author."""

import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from core.data.db import make_engine
from core.decisions import policy_store
from tests.app.conftest import PROJECT, TIMEOUT, add_staff, signed_in, texts
from ui.locale import editable, share
from ui.policy_views import limits_frame
from ui.startup import router_ran

pytestmark = pytest.mark.slow


@pytest.fixture
def policy_db(history_models, isolated_settings, monkeypatch):
    database, models = history_models
    shutil.copy(database, Path(isolated_settings.database_url.removeprefix("sqlite:///")))
    monkeypatch.setenv("MODELS_DIR", str(models))
    st.cache_resource.clear()
    st.cache_data.clear()
    engine = make_engine(isolated_settings.database_url)
    add_staff(engine, "rita", "risk_manager")
    add_staff(engine, "rob", "risk_manager")
    add_staff(engine, "anna", "analyst")
    yield engine
    st.cache_resource.clear()
    st.cache_data.clear()
    engine.dispose()


def policy_page(engine, name: str) -> AppTest:
    router_ran()
    at = AppTest.from_file(str(PROJECT / "pages" / "policy.py"), default_timeout=TIMEOUT)
    return signed_in(engine, at, name).run()


def table(at: AppTest, column: str):
    """The first table on the screen with this column."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def test_the_page_itself_shows_an_analyst_nothing(policy_db):
    analyst = policy_page(policy_db, "anna")
    assert not analyst.dataframe and analyst.info[0].value.startswith("Эта страница для сотрудников банка")


def test_the_rules_in_force_are_version_1(policy_db):
    at = policy_page(policy_db, "rita")
    assert not at.exception
    assert at.info[0].value.startswith("Сейчас действует версия 1")
    shown = texts(at)
    assert "Возраст от 21 до 72" in shown and f"Целевая доля дефолтов одобренных {share(0.08, 'ru', digits=2)}" in shown


def test_version_1_says_its_cut_off_is_not_measured_until_a_champion_measures_it(
    policy_db, history_models, tmp_path, monkeypatch
):
    monkeypatch.setenv("MODELS_DIR", str(tmp_path / "no-models-yet"))  # written before any model
    st.cache_resource.clear()
    shown = texts(policy_page(policy_db, "rita"))
    assert shown.count("Ещё не измерен: нет чемпиона с PD на отложенных фолдах") == 2  # one per segment, in Russian

    monkeypatch.setenv("MODELS_DIR", str(history_models[1]))
    st.cache_resource.clear()
    shown = texts(policy_page(policy_db, "rita"))
    assert shown.count("При создании не измерялся (чемпиона ещё не было); измерен при первом применении") == 2
    assert "Ещё не измерен" not in shown


def test_the_draft_form_writes_numbers_as_the_language_does_and_refuses_what_is_not_one(policy_db):
    at = policy_page(policy_db, "rita")
    with Session(policy_db) as session:
        rules = policy_store.get_version(session=session, number=1).body.segments["new"]
    starter = at.text_input(key="policy_1_new_starter")
    assert starter.value == editable(rules.offer.starter_limit, "ru") and "\xa0" in starter.value  # '30 000'
    assert at.text_input(key="policy_1_new_value").value == editable(rules.cutoff.value * 100, "ru")
    bands = list(limits_frame(rules, "ru").index)
    editor = [frame.value for frame in at.dataframe if list(frame.value.index) == bands]
    assert editor and editor[-1].iloc[0, 0] == editable(rules.offer.limits[0][0], "ru")  # the editable matrix

    starter.set_value("45 000")
    at.text_input(key="policy_1_new_band").set_value("два")
    at.text_input(key="policy_1_new_reason").set_value("a larger Starter limit")
    at.button(key="policy_save").click().run()
    assert at.error[0].value.startswith(
        "Не число, поэтому ничего не рассчитано и не сохранено: Зона ручной проверки над порогом, PD %"
    )
    assert not at.success  # nothing saved
    with Session(policy_db) as session:
        assert [view.number for view in policy_store.versions(session=session)] == [1]

    at.text_input(key="policy_1_new_band").set_value("2,5")
    at.button(key="policy_save").click().run()
    assert at.success[0].value.startswith("Черновик версии 2 сохранён")
    with Session(policy_db) as session:
        draft = policy_store.get_version(session=session, number=2).body.segments["new"]
    assert (draft.offer.starter_limit, draft.refer_band) == (45_000, 0.025)


def test_a_draft_is_simulated_saved_and_approved_by_someone_else(policy_db):
    at = policy_page(policy_db, "rita")
    at.selectbox(key="policy_1_new_basis").set_value("approval_rate")
    at.text_input(key="policy_1_new_value").set_value("30")
    at.button(key="policy_simulate").click().run()
    assert not at.exception and not at.error
    assert "Симуляция: предложение против версии 1" in texts(at)
    comparison = table(at, "Показатель").set_index("Показатель")
    assert comparison.loc["Одобрено", "Предлагаемая"] == share(0.3, "ru", digits=2)
    assert comparison.loc["Одобрено", "Действующая"] != share(0.3, "ru", digits=2)
    assert set(table(at, "Перетоки")["Перетоки"]) >= {"Одобрены обеими", "Отказ у обеих"}
    assert at.get("plotly_chart")

    at.text_input(key="policy_1_new_reason").set_value("approve fewer newcomers")
    at.button(key="policy_save").click().run()
    assert at.success[0].value.startswith("Черновик версии 2 сохранён")
    assert at.button(key="policy_approve").disabled  # the author's own draft
    assert "Это ваш черновик" in texts(at)

    second = policy_page(policy_db, "rob")
    assert not second.button(key="policy_approve").disabled
    second.button(key="policy_approve").click().run()
    assert second.success[0].value == "Версия 2 введена в действие: по ней решается следующая заявка."
    with Session(policy_db) as session:
        active = policy_store.get_version(session=session, number=2)
    assert (active.status, active.author, active.approved_by) == ("active", "rita", "rob")
    assert active.body.segments["new"].cutoff.measured.approval_rate == pytest.approx(0.3, abs=0.01)


def test_a_bad_draft_is_refused_with_a_message(policy_db):
    at = policy_page(policy_db, "rita")
    at.button(key="policy_save").click().run()  # no reason given
    assert at.error[0].value == "Укажите причину изменения политики."
    with Session(policy_db) as session:
        assert len(policy_store.versions(session=session)) == 1


def test_the_first_version_is_the_system_s_in_words_and_the_tables_write_the_language_s_numbers(policy_db):
    at = policy_page(policy_db, "rita")
    assert "автор система, одобрил система " in at.info[0].value  # not 'system'
    limits = next(frame.value for frame in at.dataframe if "≥ 0 ₽" in frame.value.columns)
    assert list(limits.index)[:2] == ["PD 0 %–4 %", "PD 4 %–8 %"]  # '4 %', as Russian writes it
    versions = table(at, "Статус")
    [frame] = [frame for frame in at.dataframe if "Статус" in frame.value.columns]
    widths = [config["width"] for name, config in json.loads(frame.proto.columns).items() if name != "_index"]
    assert len(widths) == len(versions.columns) and sum(widths) <= 900  # fits 1366 px beside the menu
    assert list(versions["Автор"]) == ["система"]
    assert list(versions["Новый клиент"]) == [f"доля дефолтов ≤ {share(0.08, 'ru', digits=2)}"]
    timeline = table(at, "Событие")
    assert list(timeline.columns[:1]) == ["Когда"] and list(timeline["Кто"]) == ["система"]
