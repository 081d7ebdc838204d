"""Training on the real labelled data (../shared/data), as the README's real-data steps do."""

import pytest

from core.modelling.registry import ModelStore
from tests.cli.test_commands import run
from tests.conftest import REAL_DATA

pytestmark = [pytest.mark.realdata, pytest.mark.slow]


@pytest.mark.skipif(not REAL_DATA.exists(), reason="real data not present at ../shared/data")
def test_train_on_real_data_beats_the_untuned_baselines(tmp_path):
    models = tmp_path / "models"
    result = run("train", "--data", str(REAL_DATA), "--models-dir", str(models))
    assert result.returncode == 0, result.stderr
    store = ModelStore(models)
    new, existing = store.champion("new").meta, store.champion("existing").meta
    # 5-fold CV of an untuned CatBoost (800 trees, depth 6): 0.652 and 0.724 AUROC.
    assert new.metrics["auroc"] > 0.655
    assert existing.metrics["auroc"] > 0.728
    assert new.metrics["pr_auc"] > 0.20 and existing.metrics["pr_auc"] > 0.27
    assert new.n_rows == existing.n_rows == 59_039
    # The policy holds the approved book near its target bad rate.
    assert existing.metrics["approved_bad_rate"] <= 0.08
