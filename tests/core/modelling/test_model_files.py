"""Corrupt and hostile model stores: a damaged champion is never a raw library error on a
decision; the last good model is served (and the problem logged and reported) until none
loads; no version name, pointer or meta.json can reach outside the store; a skops file holding
types the product never saves is refused."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import replace

import numpy as np
import pytest

from core.decisions.scoring import ModelUnavailable, champion_or_fail
from core.modelling.estimators import load_predictor
from core.modelling.model_files import BrokenModel, UnknownVersion
from core.modelling.registry import ModelStore

SECOND = "20990101T000000000000Z-c0ffee00"


@pytest.fixture
def two_champions(trained_models, tmp_path) -> tuple[ModelStore, str, str]:
    """A private store whose 'new' segment has had two champions: `first`, then `second`."""
    root = tmp_path / "store" / "models"
    shutil.copytree(trained_models, root)
    store = ModelStore(root)
    first = store.champion_version("new")
    shutil.copytree(root / "new" / first, root / "new" / SECOND)
    meta_path = root / "new" / SECOND / "meta.json"
    meta_path.write_text(json.dumps({**json.loads(meta_path.read_text()), "version": SECOND}))
    store.promote("new", SECOND, by="ds", reason="newer")
    return store, first, SECOND


def damage(store: ModelStore, version: str, how: str) -> None:
    folder = store.root / "new" / version
    model = folder / "model.cbm"
    if how == "truncated":
        model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    elif how == "empty":
        model.write_bytes(b"")
    elif how == "deleted":
        model.unlink()
    elif how == "meta":
        (folder / "meta.json").write_text('{"segment": "new", "version": ')
    elif how == "folder":
        shutil.rmtree(folder)


DAMAGES = ("truncated", "empty", "deleted", "meta", "folder")


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_champion_is_replaced_by_the_last_good_one_and_reported(two_champions, how, caplog):
    store, first, second = two_champions
    damage(store, second, how)
    fresh = ModelStore(store.root)  # a process starting now

    with caplog.at_level(logging.ERROR, logger="core.modelling.registry"):
        served = fresh.champion("new")

    assert served.meta.version == first
    assert 0 < served.predictor.predict_pd(np.array([served.reference]))[0] < 1
    [problem] = fresh.problems()
    assert (problem.segment, problem.champion, problem.served) == ("new", second, first)
    assert second in problem.error
    assert f"the new-client champion {second} cannot be served" in caplog.text


@pytest.mark.parametrize("how", DAMAGES)
def test_when_no_model_of_the_segment_loads_decisions_say_unavailable(two_champions, how):
    store, first, second = two_champions
    damage(store, second, how)
    damage(store, first, how)
    fresh = ModelStore(store.root)

    with pytest.raises(ModelUnavailable, match=r"no new-client model loads \(.+\): promote a working one or retrain"):
        champion_or_fail(fresh, "new")
    assert fresh.champion("existing") is not None  # the other segment is untouched
    [problem] = fresh.problems()
    assert (problem.champion, problem.served) == (second, None)


def test_a_damaged_pointer_keeps_the_model_already_served(two_champions):
    store, _, second = two_champions
    assert store.champion("new").meta.version == second
    (store.root / "new" / "champion.json").write_text('{"history": [')

    assert store.champion("new").meta.version == second
    [problem] = store.problems()
    assert "champion.json is damaged" in problem.error
    with pytest.raises(ModelUnavailable, match=r"champion\.json is damaged"):
        champion_or_fail(ModelStore(store.root), "new")  # a new process has nothing to fall back on


def test_a_champion_pointing_at_a_missing_version_falls_back(two_champions):
    store, _, _ = two_champions
    pointer = store.root / "new" / "champion.json"
    history = json.loads(pointer.read_text())["history"]
    gone = {**history[-1], "version": "20990101T000000000000Z-deadbeef"}
    pointer.write_text(json.dumps({"history": [*history, gone]}))

    assert ModelStore(store.root).champion("new").meta.version == SECOND


def test_a_champion_entry_outside_the_store_is_never_loaded(two_champions):
    store, _, second = two_champions
    # A perfectly good model just outside the store, where "../../x" from the segment's folder points.
    outside = store.root.parent / "x"
    shutil.copytree(store.root / "new" / second, outside)
    pointer = store.root / "new" / "champion.json"
    history = json.loads(pointer.read_text())["history"]
    pointer.write_text(json.dumps({"history": [*history, {**history[-1], "version": "../../x"}]}))
    fresh = ModelStore(store.root)

    assert fresh.champion("new").meta.version == second
    assert "'../../x' is not a model version" in fresh.problems()[0].error
    for bad in ("../../x", "../new/" + second, second + "/..", "/etc", ""):
        with pytest.raises(UnknownVersion):
            fresh.load("new", bad)
    with pytest.raises(UnknownVersion):
        fresh.load("../new", second)


def test_a_damaged_model_cannot_be_promoted(two_champions):
    store, first, second = two_champions
    store.rollback("new")
    damage(store, second, "truncated")

    with pytest.raises(BrokenModel, match="does not load as a catboost model"):
        store.promote("new", second)
    assert store.champion_version("new") == first


def test_add_and_save_never_write_outside_the_store(two_champions, tmp_path):
    store, first, _ = two_champions
    crafted = tmp_path / "crafted"
    shutil.copytree(store.root / "new" / first, crafted)
    for version in ("../../../escaped", "../escaped", "20990101T000000000000Z-c0ffee00/../../escaped"):
        meta = {**json.loads((store.root / "new" / first / "meta.json").read_text()), "version": version}
        (crafted / "meta.json").write_text(json.dumps(meta))
        with pytest.raises(BrokenModel, match="names no valid segment and version"):
            store.add(crafted)
        with pytest.raises(UnknownVersion):
            store.save(object(), replace(store.meta("new", first), version=version))
    meta = {**json.loads((store.root / "new" / first / "meta.json").read_text()), "segment": "../.."}
    (crafted / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(BrokenModel):
        store.add(crafted)
    assert not list(tmp_path.rglob("escaped*"))


def test_a_skops_file_with_a_foreign_function_is_refused(tmp_path):
    import skops.io
    from sklearn.preprocessing import FunctionTransformer

    path = tmp_path / "model.skops"
    skops.io.dump(FunctionTransformer(np.save), path)

    with pytest.raises(ValueError, match=r"holds types this product did not write: numpy\.save$"):
        load_predictor("logreg", path)
