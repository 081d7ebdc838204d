"""The Monitoring page: who may open it, what it shows on the demo history, naming a challenger."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from core.data.dataset import parse_applications
from core.data.demo import generate_applications
from core.data.orm import AuditEntry
from core.decisions.demo_history import seed_history
from core.modelling import challengers
from core.modelling.registry import ModelStore
from core.modelling.training import fit_segment
from tests.app.conftest import add_staff, cells, open_app, sign_in, texts

pytestmark = pytest.mark.slow


@pytest.fixture
def models(tmp_path, trained_models, monkeypatch) -> ModelStore:
    """This test's own copy of the shared models (a challenger may be named in it)."""
    root = tmp_path / "models"
    shutil.copytree(trained_models, root)
    monkeypatch.setenv("MODELS_DIR", str(root))
    return ModelStore(root)


@pytest.fixture
def history(app_db, models):
    """Four months of replayed demo decisions, with outcomes for the older two."""
    with Session(app_db) as session, session.begin():
        seed_history(session=session, store=models, seed=5)
    return app_db


def table(at: AppTest, column: str):
    """The first table on the page with this column (AppTest does not expose a table's key)."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def open_monitoring(engine, role: str) -> AppTest:
    add_staff(engine, "rita", role)
    at = sign_in(open_app(), "rita")
    return at.switch_page("pages/monitoring.py").run()


def test_a_risk_manager_sees_volumes_stability_and_performance(history):
    at = open_monitoring(history, "risk_manager")

    assert not at.exception
    assert at.title[0].value == "Мониторинг модели"
    assert [tab.label for tab in at.tabs] == [
        "Объёмы и доли",
        "Стабильность (PSI)",
        "Качество",
        "Претендент",
        "Справедливость",
    ]
    volumes = table(at, "Одобрено")
    assert volumes["Решений"].sum() > 1_000
    psi = table(at, "Зона")
    assert psi["Признак"].iloc[0] == "скор (PD)" and "Ежемесячный доход" in set(psi["Признак"])  # not 'income'
    assert set(psi["Зона"]) <= {"стабильно", "наблюдать", "действовать", "—"}
    performance = table(at, "Исходов")
    realised = performance[performance["Исходов"] > 0]
    assert len(realised) >= 2 and realised["AUROC, факт"].notna().all()
    assert performance["AUROC, оценка"].notna().all()


def test_the_tables_figures_sort_as_numbers_and_read_in_russian(history):
    at = open_monitoring(history, "risk_manager")
    volumes = next(frame for frame in at.dataframe if "Одобрено" in frame.value.columns)
    assert pd.api.types.is_float_dtype(volumes.value["Одобрено"])  # 9,5 % sorts below 49,6 %
    written = cells(volumes)
    assert all(re.fullmatch(r"\d+,\d %", text) for text in written["Одобрено"])
    assert volumes.proto.placeholder == "—"
    performance = next(frame for frame in at.dataframe if "Исходов" in frame.value.columns)
    written = cells(performance)
    assert all(re.fullmatch(r"0,\d{3}|—", text) for text in written["AUROC, оценка"])
    assert written["Решений"].str.fullmatch(r"\d{1,3}(\u00a0\d{3})*").all()  # '1 549'
    configs = json.loads(performance.proto.columns)
    widths = [config.get("width", 0) for name, config in configs.items() if name != "_index"]
    assert sum(widths) <= 900 and min(widths) > 0  # every column sized to fit 1366 px


def test_fairness_groups_are_named_in_words(history):
    at = open_monitoring(history, "risk_manager")
    groups = next(frame.value for frame in at.dataframe if "Группа" in frame.value.columns)
    assert set(groups["Группа"]) == {"Женщины", "Мужчины"}  # not F and M
    cutoffs = next(frame.value for frame in at.dataframe if "Порог" in frame.value.columns)
    assert {"Женщины", "Мужчины"} <= set(cutoffs.columns)


def test_the_page_speaks_english_too(history):
    at = open_monitoring(history, "admin")
    at.segmented_control(key="lang").set_value("en").run()

    assert at.title[0].value == "Model monitoring"
    assert "AUROC, estimated" in table(at, "Outcomes").columns


def test_an_analyst_is_not_offered_monitoring(app_db):
    add_staff(app_db, "anna", "analyst")
    at = sign_in(open_app(), "anna")
    at.switch_page("pages/monitoring.py").run()

    assert not at.dataframe
    assert "Эта страница для сотрудников банка" in texts(at)


def a_challenger(models: ModelStore) -> str:
    """A small new-client model saved beside the champion; its version."""
    frame = parse_applications(generate_applications(2_000, seed=3), purpose="history")
    estimator, meta, _ = fit_segment(frame, "new", params={"iterations": 30, "depth": 3}, folds=3, target_bad_rate=0.08)
    return models.save(estimator, meta).version


def test_a_data_scientist_names_a_challenger_and_it_is_audited(history, models):
    version = a_challenger(models)
    at = open_monitoring(history, "data_scientist")
    assert at.selectbox(key="monitoring_challenger_version").proto.placeholder == "Выберите…"  # not English

    at.selectbox(key="monitoring_challenger_version").set_value(version).run()
    at.button(key="monitoring_challenger_set").click().run()

    assert challengers.challenger_entry(models, "new")["version"] == version
    assert f"Претендент {version} (CatBoost)" in texts(at)  # the family by its name, not its code
    with Session(history) as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "challenger_named")).one()
    assert (logged.user_name, logged.target) == ("rita", f"new:{version}")


def test_a_risk_manager_may_not_name_a_challenger(history):
    at = open_monitoring(history, "risk_manager")

    assert not [box for box in at.selectbox if box.key == "monitoring_challenger_version"]


def test_the_experiments_page_shows_a_challenger_s_live_evidence(history, models):
    version = a_challenger(models)
    challengers.set_challenger(models, "new", version, by="test")
    at = open_monitoring(history, "data_scientist")
    at.switch_page("pages/experiments.py").run()

    assert not at.exception
    assert [e for e in at.expander if f"претендент {version} в тени" in e.label]


def test_a_language_switch_keeps_the_tab_and_the_filters(history):
    from tests.app.test_language_switch import switch_keeps_the_third_tab

    at = open_monitoring(history, "risk_manager")
    at.button_group(key="monitoring_by").set_value("week")
    at.button(key="monitoring_show").click().run()

    switch_keeps_the_third_tab(at, "monitoring_tab")

    by = at.button_group(key="monitoring_by")
    assert by.value == "week" and by.formatted_values == ["week"] and by.proto.set_value


def test_the_pd_bins_are_named_as_the_pages_language_writes_shares():
    from core.monitoring.reference import Bins
    from ui.monitoring_views import _pd_labels

    bins = Bins(edges=[0.039, 0.058], shares=[0.3, 0.3, 0.4, 0.0], labels=["< 3.9%", "3.9%–5.8%", "≥ 5.8%", "—"])
    assert _pd_labels(bins, "ru") == ["< 3,9 %", "3,9 %–5,8 %", "≥ 5,8 %", "—"]
    assert _pd_labels(bins, "en") == ["< 3.9%", "3.9%–5.8%", "≥ 5.8%", "—"]


def test_education_and_yes_no_bins_are_named_in_words():
    from ui.monitoring_views import bin_labels

    assert bin_labels("education", ["0", "2", "4", "—"], "ru") == ["Среднее", "Высшее", "Учёная степень", "—"]
    assert bin_labels("car", ["0", "1"], "en") == ["no", "yes"]
    assert bin_labels("home_address", ["1", "2"], "ru") == ["1", "2"]  # categories are the bank's own numbers
