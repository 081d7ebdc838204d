"""Recent decisions, filtered by period, decision and segment."""

import json
import re
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.decisions.scoring import score_application
from core.modelling.registry import ModelStore
from tests.app.conftest import a_client, add_staff, open_app, sign_in
from tests.conftest import GOOD_ANSWERS

pytestmark = pytest.mark.slow


@pytest.fixture
def decisions(app_db, trained_models) -> list:
    """Five decisions: three today (one of an existing client, one knocked out by age), two ten days ago."""
    store = ModelStore(trained_models)
    client = a_client(app_db, offset=2)
    known = {"full_name": client.full_name, "birth_date": client.birth_date, "passport": client.passport}
    now = datetime.now(UTC)
    made = []
    for when, changes in [
        (now, {}),
        # under 21: never the premium card (another passport: the same one again would be referred)
        (now, {"birth_date": date.today() - timedelta(days=19 * 366), "passport": "4510 000003"}),
        (now, known),
        (now - timedelta(days=10), {"passport": "4510 000001"}),
        (now - timedelta(days=10), {"passport": "4510 000002"}),
    ]:
        made.append(score_application(GOOD_ANSWERS | changes, engine=app_db, store=store, now=when))
    return made


def show(at: AppTest, **filters) -> AppTest:
    at.switch_page("pages/decisions.py").run()
    for key, value in filters.items():
        widget = at.date_input(key=f"decisions_{key}") if key == "period" else at.selectbox(key=f"decisions_{key}")
        widget.set_value(value)
    return at.button(key="decisions_show").click().run()


@pytest.fixture
def analyst(app_db) -> AppTest:
    add_staff(app_db, "anna", "analyst")
    return sign_in(open_app(), "anna")


def test_the_last_week_by_default(decisions, analyst):
    at = show(analyst)

    assert at.caption[0].value.startswith("Решений: 3 · ")
    assert len(at.dataframe[0].value) == 3


def test_a_longer_period_includes_older_decisions(decisions, analyst):
    today = date.today()
    at = show(analyst, period=(today - timedelta(days=30), today))

    assert len(at.dataframe[0].value) == 5


def test_filter_by_segment(decisions, analyst):
    at = show(analyst, segment="existing")

    table = at.dataframe[0].value
    assert list(table["Модель"]) == ["клиент банка"]
    assert list(table["Клиент"]) == [str(decisions[2].client_id)]


def test_filter_by_outcome(decisions, analyst):
    at = show(analyst, outcome="alternative")

    table = at.dataframe[0].value
    assert set(table["Решение"]) == {"Предложена карта «Старт»"}
    assert len(table) == sum(d.decision == "alternative" for d in decisions[:3]) >= 1


def test_each_decision_shows_the_channel_it_came_from(decisions, analyst, app_db, trained_models):
    from_api = GOOD_ANSWERS | {"passport": "4510 000003"}
    score_application(from_api, engine=app_db, store=ModelStore(trained_models), channel="mobile")

    table = show(analyst).dataframe[0].value

    assert sorted(table["Канал"]) == ["mobile", "анкета", "анкета", "анкета"]


def test_the_demo_history_s_replayed_decisions_are_listed_and_open(app_db, trained_models, analyst):
    """The first start replays synthetic applications without a passport, name or birth date."""
    from sqlalchemy.orm import Session

    from core.decisions.demo_history import seed_history

    with Session(app_db) as session, session.begin():
        seed_history(session=session, store=ModelStore(trained_models), seed=5)
    today = date.today()
    at = show(analyst, period=(today - timedelta(days=30), today))
    assert not at.exception
    assert set(at.dataframe[0].value["Паспорт"]) == {""}

    at.selectbox(key="decisions_open").set_value(int(at.dataframe[0].value["Заявка"][0])).run()

    assert not at.exception
    assert at.tabs[0].label == "Причины"
    assert at.tabs[3].label == "Связанные заявки (0)"  # no passport: linked to no other replayed one
    assert "None" not in at.selectbox(key="decisions_open").options[0]
    answers = dict(zip(at.dataframe[2].value["Вопрос"], at.dataframe[2].value["Ответ"], strict=True))
    assert answers["У вас есть автомобиль?"] in ("Да", "Нет") and "age" not in answers  # words, not codes


def test_pd_reads_in_russian_sorts_as_a_number_and_the_table_fits_the_screen(decisions, analyst):
    from tests.app.conftest import cells

    at = show(analyst)
    table = at.dataframe[0]
    assert pd.api.types.is_float_dtype(table.value["PD"])  # sorts 4,1 % before 16,1 %
    assert all(re.fullmatch(r"\d+,\d %", text) for text in cells(table)["PD"])
    hidden = {name for name, config in json.loads(table.proto.columns).items() if config.get("hidden")} - {"_index"}
    assert hidden == {"Клиент", "Версия модели"}  # in the opened decision, and in the column menu


def test_an_opened_decision_writes_its_margin_in_russian_and_names_the_card_once(decisions, analyst):
    at = show(analyst)
    premium = next(d for d in decisions if d.decision == "premium")
    at.selectbox(key="decisions_open").set_value(premium.id).run()

    [metric] = at.metric
    assert re.fullmatch(r"[+-]\d+,\d п\.п\. до порога", metric.delta), metric.delta
    [automatic] = [m.value for m in at.markdown if m.value.startswith("**Автоматическое решение**")]
    assert automatic.count("Премиальная карта") == 1
    inputs_tables = [frame.value for frame in at.dataframe if "Признак" in frame.value.columns]
    assert len(inputs_tables) == 2  # the model's input, and every contribution
    for features in inputs_tables:
        inputs = dict(zip(features["Признак"], features["Значение"], strict=True))
        assert inputs["Образование"] == "Высшее (GRD)" and inputs["Есть автомобиль"] == "да (1)"  # codes read
