"""The experiments page: a data scientist starts a small study and watches it finish; the promotion
guard refuses a worse model until a reason is given; a rollback serves the previous champion."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from datetime import date

import optuna
import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from core.data.dataset import parse_applications
from core.data.demo import generate_applications
from core.data.orm import MonitoringDay
from core.decisions.replay import replay_frame
from core.modelling.registry import ModelStore
from core.modelling.studies import StudySpec, storage_url
from core.modelling.tuning import tune
from core.monitoring.report import monitor
from tests.app.conftest import add_staff, cells, open_app, rendered, shown, sign_in, texts

pytestmark = pytest.mark.slow

PAGE = "pages/experiments.py"
WEAK = {"n_estimators": 2, "num_leaves": 2, "learning_rate": 0.01, "min_child_samples": 20}


@pytest.fixture
def models(app_db, trained_models, tmp_path, monkeypatch) -> ModelStore:
    """A private copy of the shared small models: these tests change the champions."""
    root = tmp_path / "models"
    shutil.copytree(trained_models, root)
    monkeypatch.setenv("MODELS_DIR", str(root))
    return ModelStore(root)


@pytest.fixture
def scientist(app_db, models) -> AppTest:
    """The experiments page, open for a signed-in data scientist."""
    add_staff(app_db, "dana", "data_scientist")
    at = sign_in(open_app(), "dana")
    at = at.switch_page(PAGE).run(timeout=60)
    return at.button_group(key="lang").set_value("en").run(timeout=60)


def test_an_analyst_does_not_get_the_page(app_db, models):
    add_staff(app_db, "ann", "analyst")
    at = sign_in(open_app(), "ann").switch_page(PAGE).run()
    assert "Experiments" not in [title.value for title in at.title]
    assert not at.tabs and "tune_start" not in [button.key for button in at.button]


def test_a_study_started_on_the_page_runs_to_the_end(scientist, isolated_settings):
    at = scientist
    at.selectbox(key="tune_segment").set_value("existing")
    at.selectbox(key="tune_family").set_value("logreg")
    at.number_input(key="tune_trials").set_value(3)
    at.text_input(key="tune_name").input("from-the-page")
    at.button(key="tune_start").click().run(timeout=60)
    assert at.selectbox(key="watch_study").value == "from-the-page"
    deadline = time.monotonic() + 180
    while "Study from-the-page has finished" not in texts(at) and time.monotonic() < deadline:
        time.sleep(1)
        at.run(timeout=60)  # what the page's polling fragment does every two seconds
    assert "Study from-the-page has finished: best PR AUC 0." in texts(at)
    assert at.get("progress")[0].value == 100
    study = optuna.load_study(study_name="from-the-page", storage=storage_url(isolated_settings.database_url))
    assert len(study.trials) == 3 and study.user_attrs["segment"] == "existing"
    [runs] = [table.value for table in at.dataframe if "kind" in table.value.columns]  # the Runs tab's table
    mine = runs[runs["run"].str.startswith("from-the-page/")]
    assert len(mine) == 3
    assert set(mine["state"]) <= {"complete", "stopped early"} and set(mine["kind"]) == {"trial"}
    assert set(mine["family"]) == {"Logistic regression"} and mine["params"].str.startswith("C=").all()
    assert mine["auroc_sd"].str.fullmatch(r"± 0\.\d{4}|—").all()  # the fold spread, or a dash without folds


@pytest.fixture
def weak_run(app_db, isolated_settings) -> str:
    """A two-stump model of new clients, tuned on the database's history; the champion was trained
    on other data, so the page first recomputes the champion's out-of-fold PDs on this data."""
    spec = StudySpec(name="weak", segment="new", family="lightgbm", n_trials=1, fixed=WEAK)
    return tune(spec, settings=isolated_settings).best_run_id


def test_the_guard_refuses_a_worse_model_until_a_reason_is_given(weak_run, scientist, models):
    champion = models.champion_version("new")
    at = scientist
    at.selectbox(key="promote_run").set_value(weak_run).run(timeout=60)
    at.button(key="promote").click().run(timeout=60)
    # A dialog says what will change; nothing changes until it is confirmed.
    assert f"instead of {champion}" in " ".join(text.value for text in at.text)
    assert models.champion_version("new") == champion
    at.button(key="promote_confirm").click().run(timeout=120)
    [error] = at.error
    assert "Not promoted: the challenger does not beat the champion (pr_auc 0." in shown(error.value)
    assert "Give a reason to promote it anyway." in shown(error.value)
    assert models.champion_version("new") == champion
    assert "promote_confirm" not in [button.key for button in at.button]  # the dialog has closed

    at.text_area(key="promote_reason").input("two stumps are easy to explain")
    at.button(key="promote").click().run(timeout=60)
    at.button(key="promote_confirm").click().run(timeout=120)
    assert not at.error
    promoted = models.champion_version("new")
    assert promoted != champion
    assert f"{promoted} now serves new clients." in texts(at)
    last = models.champion_history("new")[-1]
    assert last["by"] == "dana" and last["reason"].startswith("override: two stumps are easy to explain")
    assert at.text_area(key="promote_reason").value == ""  # not silently reused for the next promotion

    at.selectbox(key="rollback_segment").set_value("new")
    at.button(key="rollback").click().run(timeout=60)
    at.button(key="rollback_cancel").click().run(timeout=60)
    assert models.champion_version("new") == promoted  # cancelled: nothing changed
    at.button(key="rollback").click().run(timeout=60)
    at.button(key="rollback_confirm").click().run(timeout=60)
    assert f"{champion} serves new clients again." in texts(at)
    assert models.champion_version("new") == champion
    history = [table.value for table in at.dataframe if "Event" in table.value.columns]
    assert list(history[0]["Event"])[:3] == ["rolled back to", "promoted", "promoted"]


def test_a_promotion_on_the_page_sums_the_monitoring_days_on_the_new_basis_in_the_background(
    weak_run, scientist, models, app_db
):
    raw = generate_applications(300, seed=31)
    raw["app_date"] = "05JAN2026"
    with Session(app_db) as session, session.begin():
        replay_frame(parse_applications(raw, purpose="replay"), session=session, store=models)
        monitor(session=session, store=models, segment="new", first=date(2026, 1, 1), last=date(2026, 1, 31))
    at = scientist
    at.selectbox(key="promote_run").set_value(weak_run).run(timeout=60)
    at.text_area(key="promote_reason").input("two stumps are easy to explain")
    at.button(key="promote").click().run(timeout=60)
    at.button(key="promote_confirm").click().run(timeout=120)
    promoted = models.champion_version("new")
    for thread in threading.enumerate():
        if thread.name == "monitoring-refresh-new":
            thread.join(timeout=60)
    with Session(app_db) as session:
        days = session.scalars(select(MonitoringDay.day).where(MonitoringDay.basis.startswith(f"{promoted}:")))
        assert set(days) == {date(2026, 1, d) for d in range(1, 32)}  # every day Monitoring looked at


def test_the_page_speaks_russian_by_default_with_words_not_codes(app_db, models):
    add_staff(app_db, "dana", "data_scientist")
    at = sign_in(open_app(), "dana").switch_page(PAGE).run(timeout=60)
    assert [title.value for title in at.title] == ["Эксперименты"]
    assert [tab.label for tab in at.tabs] == ["Подбор", "Запуски", "Сравнение", "Чемпионы"]
    assert at.selectbox(key="tune_segment").format_func("existing") == "клиенты банка"
    assert at.selectbox(key="tune_family").format_func("logreg") == "Логистическая регрессия"


def test_joining_a_study_of_another_family_is_refused_before_any_worker_starts(app_db, models, isolated_settings):
    tune(StudySpec(name="nov", segment="new", family="logreg", n_trials=1), settings=isolated_settings)
    add_staff(app_db, "dana", "data_scientist")
    at = sign_in(open_app(), "dana").switch_page(PAGE).run(timeout=60)
    at.selectbox(key="tune_family").set_value("hist_gb")
    at.text_input(key="tune_name").input("nov")
    at.button(key="tune_start").click().run(timeout=60)
    assert "study 'nov' already tunes family logreg: choose another name" in [shown(error.value) for error in at.error]
    assert not (isolated_settings.mlflow_artifacts_dir.parent / "logs").exists()  # no worker was launched


def test_a_promotion_reason_is_shown_to_other_staff_as_written(app_db, models):
    hostile = "![x](http://evil.example/x.png) **urgent** :red[fix]"
    champion = models.champion_version("new")
    models.promote("new", champion, by="lee_the_ds", reason=hostile)
    add_staff(app_db, "dana", "data_scientist")
    at = sign_in(open_app(), "dana").switch_page(PAGE).run(timeout=60)

    [caption] = [c.value for c in at.caption if "urgent" in c.value]
    assert caption.endswith(f", lee_the_ds: {hostile}") is False  # escaped in the body ...
    assert texts(at).count(f", lee_the_ds: {hostile}") == 1  # ... and shown exactly as written
    assert "<img" not in rendered(caption) and "<strong>" not in rendered(caption)


def test_the_runs_read_in_russian_and_sort_as_numbers(weak_run, app_db, models):
    add_staff(app_db, "dana", "data_scientist")
    at = sign_in(open_app(), "dana").switch_page(PAGE).run(timeout=60)
    at.session_state["experiments_tab"] = at.tabs[1].label  # "Запуски", as a click sends it
    at.run(timeout=60)
    [table] = [table for table in at.dataframe if "run_id" in table.value.columns]
    [row] = cells(table).query("run_id == @weak_run").to_dict("records")
    for column in ("pr_auc", "auroc", "ks", "brier"):
        assert re.fullmatch(r"0,\d{4}", row[column]), (column, row[column])  # '0,5123', not '0.5123'
    assert re.fullmatch(r"\d+(,\d)? %", row["approval_rate"])
    assert table.proto.placeholder == "—"  # a figure a run lacks, not 'None'
    assert table.value[["pr_auc", "auroc", "oot_auroc", "duration_s"]].dtypes.map(pd.api.types.is_numeric_dtype).all()
    shown_columns = list(table.proto.column_order)
    assert {"started", "family", "pr_auc", "pr_auc_sd", "auroc", "oot_auroc", "duration_s"} <= set(shown_columns)
    assert sum(json.loads(table.proto.columns)[c]["width"] for c in shown_columns) <= 900  # no sideways scroll

    at.button_group(key="lang").set_value("en").run(timeout=60)
    [table] = [table for table in at.dataframe if "run_id" in table.value.columns]
    [row] = cells(table).query("run_id == @weak_run").to_dict("records")
    assert re.fullmatch(r"0\.\d{4}", row["pr_auc"])


def test_the_product_s_own_words_on_the_champions_tab_are_in_russian(app_db, models):
    models.promote("new", models.champion_version("new"), by="train", reason="the segment's first model")
    add_staff(app_db, "dana", "data_scientist")
    at = sign_in(open_app(), "dana").switch_page(PAGE).run(timeout=60)

    assert "обучение (core train): первая модель сегмента" in texts(at)
    assert "the segment's first model" not in texts(at)
    assert ", командная строка\n" in texts(at) + "\n"  # the other champion: promoted from the command line
    assert at.selectbox(key="promote_run").proto.placeholder == "Пока не из чего выбрать"  # not 'No options'
    assert at.multiselect(key="compare_runs").proto.placeholder == "Пока не из чего выбрать"  # not 'Choose options'
