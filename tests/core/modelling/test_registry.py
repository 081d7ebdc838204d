import json
import shutil

import numpy as np
import pytest

from core.modelling.registry import ModelStore


@pytest.fixture
def two_versions(trained_models, tmp_path) -> tuple[ModelStore, str, str]:
    """A private store whose 'new' segment has its champion and a second, unpromoted version."""
    root = tmp_path / "models"
    shutil.copytree(trained_models, root)
    store = ModelStore(root)
    first = store.champion_version("new")
    second = "20990101T000000000000Z-c0ffee00"
    shutil.copytree(root / "new" / first, root / "new" / second)
    meta_path = root / "new" / second / "meta.json"
    meta_path.write_text(json.dumps({**json.loads(meta_path.read_text()), "version": second}))
    return store, first, second


def test_champion_loads_and_predicts(store: ModelStore):
    model = store.champion("new")
    assert model.meta.version == store.champion_version("new")
    assert model.meta.features[0] == "education"
    pd_ = model.predictor.predict_pd(np.array([model.reference]))
    assert 0 < pd_[0] < 1


def test_promotion_by_another_process_is_served_without_restart(two_versions):
    store, first, second = two_versions
    assert store.champion("new").meta.version == first
    ModelStore(store.root).promote("new", second, by="ds", reason="better PR AUC")
    assert store.champion("new").meta.version == second
    assert store.champion_history("new")[-1] | {"at": None} == {
        "event": "promote",
        "version": second,
        "at": None,
        "by": "ds",
        "reason": "better PR AUC",
    }


def test_rollback_serves_the_previous_champion(two_versions):
    store, first, second = two_versions
    store.promote("new", second)
    assert store.rollback("new") == first
    assert store.champion("new").meta.version == first
    with pytest.raises(LookupError, match="no previous champion"):
        store.rollback("new")


def test_rollback_keeps_every_event_in_the_history(two_versions):
    store, first, second = two_versions
    third = "20990101T000000000001Z-c0ffee01"
    shutil.copytree(store.root / "new" / second, store.root / "new" / third)
    meta_path = store.root / "new" / third / "meta.json"
    meta_path.write_text(json.dumps({**json.loads(meta_path.read_text()), "version": third}))
    (store.root / "new" / "champion.json").unlink()
    versions = [first, second, third]
    for version in versions:
        store.promote("new", version, by="ds", reason=f"promote {version[-4:]}")
    assert store.rollback("new", by="risk", reason="worse in production") == versions[1]
    assert store.rollback("new", by="risk", reason="still worse") == versions[0]
    history = store.champion_history("new")
    assert [(e["event"], e["version"]) for e in history] == [
        ("promote", versions[0]),
        ("promote", versions[1]),
        ("promote", versions[2]),
        ("rollback", versions[1]),
        ("rollback", versions[0]),
    ]
    assert store.champion("new").meta.version == versions[0]
    with pytest.raises(LookupError, match="no previous champion"):
        store.rollback("new")
    store.promote("new", versions[2], by="ds", reason="fixed")
    assert store.rollback("new") == versions[0]


def test_a_history_written_before_events_reads_as_promotions(two_versions):
    store, first, _ = two_versions
    legacy = {"history": [{"version": first, "at": "2026-01-01T00:00:00+00:00", "by": "cli", "reason": "old"}]}
    (store.root / "new" / "champion.json").write_text(json.dumps(legacy))
    assert store.champion_history("new")[0]["event"] == "promote"
    assert store.champion_version("new") == first


def test_unknown_version_cannot_be_promoted(store):
    with pytest.raises(LookupError):
        store.promote("new", "nope")
