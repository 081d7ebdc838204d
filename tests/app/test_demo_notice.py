"""Staff pages warn while a segment is served by a model trained on the synthetic demo data."""

import json
import shutil

import pytest

from tests.app.conftest import add_staff, open_app, sign_in

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_models(app_db, trained_models, tmp_path, monkeypatch):
    """The shared models, with the existing-client champion marked as trained on demo data."""
    models = tmp_path / "models"
    shutil.copytree(trained_models, models)
    version = json.loads((models / "existing" / "champion.json").read_text())["history"][-1]["version"]
    meta_path = models / "existing" / version / "meta.json"
    meta_path.write_text(json.dumps(json.loads(meta_path.read_text()) | {"trained_on": {"source": "demo"}}))
    monkeypatch.setenv("MODELS_DIR", str(models))
    return models


@pytest.mark.parametrize("page", ["pages/decisions.py", "pages/clients.py", "pages/experiments.py"])
def test_staff_pages_warn_of_a_demo_model(app_db, demo_models, page):
    add_staff(app_db, "dana", "data_scientist")
    at = sign_in(open_app(), "dana")
    at.switch_page(page).run()
    warnings = [w.value for w in at.warning]
    assert any("ДЕМО-модель" in w and "клиент банка" in w and "новый клиент" not in w for w in warnings), warnings


def test_no_warning_when_the_models_learnt_from_real_history(app_db):
    add_staff(app_db, "dana", "data_scientist")
    at = sign_in(open_app(), "dana")
    at.switch_page("pages/decisions.py").run()
    assert not any("ДЕМО" in w.value for w in at.warning)
