"""A damaged champion model: staff see a warning on their pages, applicants still get decisions
from the last good model, and only when no model loads are they told the service is unavailable."""

from __future__ import annotations

import json
import shutil

import pytest

from core.modelling.registry import ModelStore
from tests.app.conftest import add_staff, open_app, shown, sign_in
from tests.app.test_apply import fill, offers, stored, submit

pytestmark = pytest.mark.slow

SECOND = "20990101T000000000000Z-c0ffee00"


@pytest.fixture
def damaged(app_db, trained_models, tmp_path, monkeypatch) -> tuple[ModelStore, str]:
    """The shared models with a second new-client champion whose model file is then truncated;
    returns the store and the first (good) champion's version."""
    root = tmp_path / "models"
    shutil.copytree(trained_models, root)
    store = ModelStore(root)
    first = store.champion_version("new")
    shutil.copytree(root / "new" / first, root / "new" / SECOND)
    meta = root / "new" / SECOND / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "version": SECOND}))
    store.promote("new", SECOND, by="ds", reason="newer")
    model = root / "new" / SECOND / "model.cbm"
    model.write_bytes(model.read_bytes()[:1000])
    monkeypatch.setenv("MODELS_DIR", str(root))
    return store, first


def test_staff_are_warned_and_applicants_are_served_by_the_last_good_model(damaged, app_db):
    _, first = damaged
    at = submit(fill(open_app()))  # a newcomer: the damaged segment

    assert {alert.value for alert in [*at.success, *at.info]} & offers("ru")
    [record] = stored(app_db)
    assert record.model_version == first
    add_staff(app_db, "anna", "analyst")
    staff_page = sign_in(open_app(), "anna")
    [warning] = [shown(w.value) for w in staff_page.warning]
    assert warning.startswith(f"Модель сегмента «новый клиент» ({SECOND}) не загружается: ")
    assert warning.endswith(f"Решения принимает предыдущая модель {first}, пока не будет назначена исправная.")


def test_when_no_model_loads_staff_are_told_and_applicants_get_the_unavailable_message(damaged, app_db):
    store, first = damaged
    (store.root / "new" / first / "model.cbm").write_bytes(b"")
    at = submit(fill(open_app()))

    assert [e.value for e in at.error] == [
        "Сейчас мы не можем принять решение. Пожалуйста, попробуйте через несколько минут."
    ]
    assert not stored(app_db)
    add_staff(app_db, "anna", "analyst")
    [warning] = [shown(w.value) for w in sign_in(open_app(), "anna").warning]
    assert warning.startswith("Ни одна модель сегмента «новый клиент» не загружается: ")
