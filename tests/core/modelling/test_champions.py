"""Champions: the promotion guard compares on the same validation data, an override needs a reason
(recorded with who and why), a rollback restores the previous champion, MLflow's alias follows,
and a running scorer serves the new champion without a restart."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from mlflow import MlflowClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.cli.main import main
from core.config import Settings
from core.data.dataset import read_applications
from core.data.db import make_engine, migrate
from core.data.demo import generate_applications
from core.data.orm import Region
from core.decisions.scoring import score_application
from core.modelling import champions, comparison
from core.modelling.bootstrap import seed_demo
from core.modelling.features import SEGMENT_FEATURES, encode_frame
from core.modelling.history import canonical
from core.modelling.registry import ModelStore
from core.modelling.studies import StudySpec
from core.modelling.training import train
from core.modelling.tuning import tune
from core.modelling.validation import cross_validate, evaluate, folds_of
from tests.conftest import GOOD_ANSWERS

STRONG = {"iterations": 150, "depth": 4, "learning_rate": 0.05, "l2_leaf_reg": 3.0}
WEAK = {"n_estimators": 2, "num_leaves": 2, "learning_rate": 0.01, "min_child_samples": 20}
WEAK |= {"reg_lambda": 1.0, "colsample_bytree": 1.0}


@dataclass(frozen=True)
class World:
    settings: Settings
    data: Path
    strong: str  # run id of a decent CatBoost model of the new-client segment
    weak: str  # run id of a two-stump LightGBM model of the same segment, on the same data

    def version(self, run_id: str) -> str:
        meta = comparison.run_meta(run_id, settings=self.settings)
        assert meta is not None
        return meta.version


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    """Two tuned runs on the same demo file, tracked in this module's MLflow store."""
    root = tmp_path_factory.mktemp("champions")
    settings = Settings(
        database_url=f"sqlite:///{root / 'credit.db'}",
        mlflow_tracking_uri=f"sqlite:///{root / 'mlflow.db'}",
        mlflow_artifacts_dir=root / "mlartifacts",
        models_dir=root / "models",
    )
    data = root / "history.csv"
    generate_applications(3_000, seed=23).to_csv(data, index=False)
    runs = {}
    for name, family, fixed in (("strong", "catboost", STRONG), ("weak", "lightgbm", WEAK)):
        spec = StudySpec(name=name, segment="new", family=family, n_trials=1, fixed=fixed, data=data)
        runs[name] = tune(spec, settings=settings).best_run_id
    return World(settings, data, runs["strong"], runs["weak"])


@pytest.fixture
def store(tmp_path) -> ModelStore:
    """This test's own, empty model store."""
    return ModelStore(tmp_path / "models")


def alias(world: World) -> dict[str, str] | None:
    return champions.champion_alias("new", settings=world.settings)


def test_a_challenger_that_beats_the_champion_is_promoted_without_a_reason(world, store):
    first = champions.promote(world.weak, settings=world.settings, store=store, by="dana")
    assert first.comparison.champion_version is None  # nothing to beat yet
    promotion = champions.promote(world.strong, settings=world.settings, store=store, by="dana")
    assert not promotion.overridden
    assert promotion.comparison.challenger_score > promotion.comparison.champion_score
    pr_auc = promotion.comparison.differences["pr_auc"]
    assert pr_auc.delta == pytest.approx(promotion.comparison.challenger_score - promotion.comparison.champion_score)
    assert pr_auc.low <= pr_auc.delta <= pr_auc.high
    assert f"difference {promotion.comparison.differences['auroc'].describe()}" in promotion.comparison.describe()
    assert store.champion_version("new") == world.version(world.strong)
    assert store.champion_history("new")[-1]["reason"].startswith("beats the champion (pr_auc ")
    assert alias(world)["store_version"] == world.version(world.strong)


def test_the_guard_refuses_a_worse_challenger(world, store):
    champions.promote(world.strong, settings=world.settings, store=store, by="dana")
    with pytest.raises(champions.PromotionRefused, match="does not beat the champion") as refused:
        champions.promote(world.weak, settings=world.settings, store=store, by="dana")
    assert refused.value.comparison.challenger_score < refused.value.comparison.champion_score
    assert store.champion_version("new") == world.version(world.strong)
    assert [entry["version"] for entry in store.champion_history("new")] == [world.version(world.strong)]
    assert alias(world)["store_version"] == world.version(world.strong)


def test_an_override_needs_a_reason_and_records_who_and_why(world, store):
    champions.promote(world.strong, settings=world.settings, store=store, by="dana")
    promotion = champions.promote(
        world.weak, settings=world.settings, store=store, by="lee", reason="two stumps are easy to explain"
    )
    assert promotion.overridden
    last = store.champion_history("new")[-1]
    assert (last["version"], last["by"]) == (world.version(world.weak), "lee")
    assert last["reason"].startswith("override: two stumps are easy to explain (pr_auc ")
    tags = alias(world)
    assert tags["store_version"] == world.version(world.weak)
    assert (tags["promoted_by"], tags["override"]) == ("lee", "true")
    assert "two stumps are easy to explain" in tags["promotion_reason"]
    run_tags = MlflowClient(world.settings.mlflow_tracking_uri).get_run(world.weak).data.tags
    assert run_tags["promoted_by"] == "lee"


def test_rollback_restores_the_previous_champion_and_the_alias(world, store):
    champions.promote(world.strong, settings=world.settings, store=store, by="dana")
    champions.promote(world.weak, settings=world.settings, store=store, by="lee", reason="try it")
    restored = champions.rollback("new", settings=world.settings, store=store, by="dana", reason="worse in production")
    assert restored == world.version(world.strong)
    assert store.champion("new").meta.version == world.version(world.strong)
    assert store.champion_history("new")[-1] | {"at": None} == {
        "event": "rollback",
        "version": restored,
        "at": None,
        "by": "dana",
        "reason": "worse in production",
    }
    assert alias(world)["store_version"] == world.version(world.strong)
    client = MlflowClient(world.settings.mlflow_tracking_uri)
    [withdrawn] = [
        mv
        for mv in client.search_model_versions("name='credit-scoring-new'")
        if mv.tags["store_version"] == world.version(world.weak)
    ]
    assert (withdrawn.tags["withdrawn_by"], withdrawn.tags["withdrawn_reason"]) == ("dana", "worse in production")


def test_a_promotion_reaches_a_running_scorer_without_restart(world, store, isolated_settings):
    engine = make_engine(isolated_settings.database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=300, seed=3)
    with Session(engine) as session:
        region = session.scalars(select(Region.name).limit(1)).one()
    newcomer = GOOD_ANSWERS | {"region": region}
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    champions.promote(world.strong, settings=world.settings, store=store, by="dana")
    before = score_application(newcomer, engine=engine, store=store, now=now)
    # Another process (the CLI, another server) promotes through its own store object.
    champions.promote(world.weak, settings=world.settings, store=ModelStore(store.root), by="lee", reason="test")
    # Another applicant: the same answers again would get the earlier decision back.
    after = score_application(newcomer | {"passport": "4510 000999"}, engine=engine, store=store, now=now)
    assert (before.segment, before.model_version) == ("new", world.version(world.strong))
    assert (after.segment, after.model_version) == ("new", world.version(world.weak))
    assert after.pd != before.pd
    engine.dispose()


def test_a_champion_trained_on_other_data_is_recomputed_on_the_challengers(world, store, isolated_settings):
    other = read_applications(world.data, purpose="history").iloc[:2_000]
    [meta] = train(other, settings=isolated_settings, store=store, segments=["new"], params={"iterations": 60})
    found = comparison.compare(world.strong, settings=world.settings, store=store)
    assert found.champion_recomputed
    frame = canonical(read_applications(world.data, purpose="history"))
    features = list(SEGMENT_FEATURES["new"])
    y = frame["default"].to_numpy()
    cv = cross_validate(
        encode_frame(frame, features), y, family="catboost", params=meta.params, features=features, folds=folds_of(y)
    )
    assert found.champion_score == pytest.approx(evaluate(y, cv.oof)["pr_auc"])
    assert found.n_rows == 3_000


def test_a_champion_trained_on_the_same_data_is_compared_by_its_stored_predictions(world, store, isolated_settings):
    frame = read_applications(world.data, purpose="history")
    [meta] = train(frame, settings=isolated_settings, store=store, segments=["new"], params={"iterations": 60})
    assert store.oof_path("new", meta.version).exists()
    found = comparison.compare(world.strong, settings=world.settings, store=store)
    assert not found.champion_recomputed
    assert found.champion_score == pytest.approx(meta.metrics["pr_auc"])


def test_training_serves_its_model_and_moves_the_alias_to_it(world, store, isolated_settings):
    frame = read_applications(world.data, purpose="history")
    # The first model of a segment is served; a later one that does not beat it only when forced.
    outcomes: list = []
    for iterations, force in ((60, ""), (60, "a forced retraining")):
        outcomes.clear()
        [meta] = train(
            frame,
            settings=isolated_settings,
            store=store,
            segments=["new"],
            params={"iterations": iterations},
            force_reason=force,
            on_outcome=lambda _meta, outcome: outcomes.append(outcome),
        )

        assert outcomes[0].promoted and store.champion_version("new") == meta.version
        tags = champions.champion_alias("new", settings=isolated_settings)
        assert (tags["store_version"], tags["promoted_by"]) == (meta.version, "train")
    assert outcomes[0].why.startswith("promoted: override: a forced retraining (pr_auc")


def test_training_does_not_serve_a_model_that_does_not_beat_the_champion(world, store, isolated_settings):
    frame = read_applications(world.data, purpose="history")
    [first] = train(frame, settings=isolated_settings, store=store, segments=["new"], params={"iterations": 60})
    outcomes = []
    [same] = train(
        frame,
        settings=isolated_settings,
        store=store,
        segments=["new"],
        params={"iterations": 60},
        on_outcome=lambda _meta, outcome: outcomes.append(outcome),
    )
    assert not outcomes[0].promoted and "does not beat the champion" in outcomes[0].why
    assert store.champion_version("new") == first.version != same.version


def test_the_command_line_promotes_refuses_and_rolls_back(world, tmp_path, monkeypatch, capsys):
    for name, value in {
        "DATABASE_URL": world.settings.database_url,
        "MLFLOW_TRACKING_URI": world.settings.mlflow_tracking_uri,
        "MLFLOW_ARTIFACTS_DIR": str(world.settings.mlflow_artifacts_dir),
        "MODELS_DIR": str(tmp_path / "models"),
    }.items():
        monkeypatch.setenv(name, value)
    assert main(["promote", "--segment", "new", "--run", world.strong]) == 0
    assert main(["promote", "--segment", "existing", "--run", world.weak]) == 2
    assert "is not a existing-client model" in capsys.readouterr().err
    assert main(["promote", "--segment", "new", "--run", world.weak]) == 2
    assert "does not beat the champion" in capsys.readouterr().err
    assert main(["promote", "--segment", "new", "--run", world.weak, "--reason", "simpler"]) == 0
    assert "(override)" in capsys.readouterr().out
    assert main(["rollback", "--segment", "new"]) == 0
    printed = capsys.readouterr().out
    assert f"{world.version(world.strong)} is the champion again" in printed
    assert "Monitoring summaries brought up to date" in printed  # for the first view after it
    assert ModelStore(tmp_path / "models").champion_version("new") == world.version(world.strong)


@pytest.mark.parametrize("version", ["../../../escaped", "20990101T000000000000Z-c0ffee00/../../../escaped"])
def test_a_crafted_run_whose_model_names_a_path_outside_the_store_is_refused(world, store, tmp_path, version):
    from core.modelling.tracking import client as mlflow_client

    client = mlflow_client(world.settings)
    strong = client.get_run(world.strong)
    folder = Path(client.download_artifacts(world.strong, "model", str(tmp_path / "download")))
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "meta.json").write_text(json.dumps(meta | {"version": version}))
    tags = {key: value for key, value in strong.data.tags.items() if not key.startswith("mlflow.")}
    crafted = client.create_run(strong.info.experiment_id, tags=tags).info.run_id
    client.log_artifacts(crafted, str(folder), "model")
    client.set_terminated(crafted)

    with pytest.raises(champions.PromotionRefused, match="names no valid segment and version"):
        champions.promote(crafted, settings=world.settings, store=store, by="mallory", reason="trust me")
    assert store.champion_version("new") is None
    assert not [path for path in tmp_path.parent.rglob("escaped*")]
