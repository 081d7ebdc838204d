"""Tuning: a small study runs, the storage finds it, MLflow holds a nested run per trial and the
best trial's model, every trial is judged on the same folds, and pruning stops poor trials."""

from __future__ import annotations

import numpy as np
import optuna
import pandas as pd
import pytest
from mlflow import MlflowClient
from optuna.trial import TrialState

from core.cli.main import main
from core.config import Settings
from core.data.dataset import parse_applications
from core.data.demo import generate_applications
from core.modelling.estimators import load_predictor
from core.modelling.features import SEGMENT_FEATURES, encode_frame
from core.modelling.history import canonical
from core.modelling.studies import StudyMismatch, StudySpec, claim_study, open_storage, storage_url
from core.modelling.tuning import tune
from core.modelling.validation import fingerprint, folds_of
from core.modelling.workers import new_worker_key, set_worker, study_status

FAST = {"n_estimators": 30}


class PruneAfterFirstFold(optuna.pruners.BasePruner):
    """Prunes every trial as soon as it has reported one fold."""

    def prune(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> bool:
        return trial.last_step is not None


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return parse_applications(generate_applications(3_000, seed=17), purpose="history")


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Settings:
    """The storage, MLflow store and models of this module's shared study (which tests only read)."""
    root = tmp_path_factory.mktemp("tuning")
    return Settings(
        database_url=f"sqlite:///{root / 'credit.db'}",
        mlflow_tracking_uri=f"sqlite:///{root / 'mlflow.db'}",
        mlflow_artifacts_dir=root / "mlartifacts",
        models_dir=root / "models",
    )


@pytest.fixture(scope="module")
def small_study(frame, shared):
    """A finished three-trial LightGBM study of the existing-client segment."""
    spec = StudySpec(name="small", segment="existing", family="lightgbm", n_trials=3, fixed=FAST)
    return tune(spec, settings=shared, frame=frame)


def mlflow(settings) -> MlflowClient:
    return MlflowClient(settings.mlflow_tracking_uri)


def trial_runs(settings, parent_run_id: str) -> list:
    client = mlflow(settings)
    experiment_id = client.get_run(parent_run_id).info.experiment_id
    return client.search_runs([experiment_id], f"tags.mlflow.parentRunId = '{parent_run_id}'")


def artifact(settings, run_id: str, path: str, tmp_path) -> str:
    return mlflow(settings).download_artifacts(run_id, path, str(tmp_path))


def test_a_small_study_finishes_and_the_storage_finds_it(small_study, shared):
    study = optuna.load_study(study_name="small", storage=storage_url(shared.database_url))
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * 3
    assert study.best_value == pytest.approx(small_study.best_value)
    assert 0.1 < small_study.best_value < 0.6  # PR AUC with a 12-13 % default rate
    status = study_status("small", open_storage(shared.database_url))
    assert (status.complete, status.active, status.fraction) == (3, False, 1.0)
    assert status.best_run_id == small_study.best_run_id


def test_a_study_being_set_up_reads_as_starting_not_finished(isolated_settings):
    # A watcher polls the storage while the worker creates the study, describes it and starts its
    # MLflow run; only then does the worker register. Before that, the study has not finished.
    spec = StudySpec(name="setting-up", segment="existing", family="logreg", n_trials=3)
    storage = open_storage(isolated_settings.database_url)
    study = optuna.create_study(storage=storage, study_name=spec.name, direction="maximize")
    claim_study(study, spec, "print", "in-memory")
    assert study_status(spec.name, storage) is None
    worker = new_worker_key()
    set_worker(study, worker, spec, state="running")
    assert study_status(spec.name, storage).active
    set_worker(study, worker, spec, state="finished")
    assert not study_status(spec.name, storage).active


def test_each_trial_is_a_nested_mlflow_run_with_its_params_and_metrics(small_study, shared):
    parent = mlflow(shared).get_run(small_study.parent_run_id)
    assert parent.info.status == "FINISHED"
    assert parent.data.tags["kind"] == "study"
    assert parent.data.metrics["best_pr_auc"] == pytest.approx(small_study.best_value)
    runs = trial_runs(shared, small_study.parent_run_id)
    assert sorted(run.data.tags["trial"] for run in runs) == ["0", "1", "2"]
    for run in runs:
        assert run.data.params["n_estimators"] == "30"
        assert {"learning_rate", "num_leaves", "min_child_samples"} <= set(run.data.params)
        assert 0.5 < run.data.metrics["cv_auroc"] < 1
        assert run.data.tags["fingerprint"] == parent.data.tags["fingerprint"]


def test_the_best_trial_keeps_its_model_in_the_native_format(small_study, frame, shared, tmp_path):
    best = small_study.best_run_id
    names = {item.path for item in mlflow(shared).list_artifacts(best, "model")}
    assert {"model/meta.json", "model/model.txt", "model/oof.parquet", "model/importance.json"} <= names
    model = load_predictor("lightgbm", artifact(shared, best, "model/model.txt", tmp_path))
    pd_ = model.predict_pd(encode_frame(frame, SEGMENT_FEATURES["existing"]))
    assert pd_.shape == (len(frame),) and 0 < pd_.min() < pd_.max() < 1
    others = [run.info.run_id for run in trial_runs(shared, small_study.parent_run_id) if run.info.run_id != best]
    assert len(others) == 2
    assert all(not mlflow(shared).list_artifacts(run_id, "model") for run_id in others)


def test_every_trial_is_judged_on_the_same_rows_and_folds(small_study, frame, shared, tmp_path):
    oofs = [
        pd.read_parquet(artifact(shared, run.info.run_id, "oof.parquet", tmp_path / run.info.run_id))
        for run in trial_runs(shared, small_study.parent_run_id)
    ]
    rows = canonical(frame)
    expected_fold = np.empty(len(rows), dtype=int)
    for i, (_, valid) in enumerate(folds_of(rows["default"].to_numpy())):
        expected_fold[valid] = i
    for oof in oofs:
        assert (oof["client_id"].to_numpy() == rows["client_id"].to_numpy()).all()
        assert (oof["fold"].to_numpy() == expected_fold).all()
        assert oof["pd"].notna().all()
    assert not np.allclose(oofs[0]["pd"], oofs[1]["pd"])  # different parameters, same validation rows


def test_joining_a_study_with_other_data_is_refused(small_study, frame, shared):
    spec = StudySpec(name="small", segment="existing", family="lightgbm", n_trials=1, fixed=FAST)
    with pytest.raises(StudyMismatch, match="fingerprint"):
        tune(spec, settings=shared, frame=frame.iloc[:-1])
    assert len(optuna.load_study(study_name="small", storage=storage_url(shared.database_url)).trials) == 3


def test_a_second_worker_joins_the_same_study(frame, isolated_settings):
    spec = StudySpec(name="shared", segment="existing", family="lightgbm", n_trials=1, fixed=FAST)
    first = tune(spec, settings=isolated_settings, frame=frame)
    second = tune(spec, settings=isolated_settings, frame=frame)
    assert second.parent_run_id == first.parent_run_id
    study = optuna.load_study(study_name="shared", storage=storage_url(isolated_settings.database_url))
    assert len(study.trials) == 2
    assert len(trial_runs(isolated_settings, first.parent_run_id)) == 2


def test_pruning_stops_a_trial_after_its_first_fold(frame, isolated_settings):
    spec = StudySpec(name="pruned", segment="new", family="lightgbm", n_trials=2, fixed=FAST)
    result = tune(spec, settings=isolated_settings, frame=frame, pruner=PruneAfterFirstFold())
    study = optuna.load_study(study_name="pruned", storage=open_storage(isolated_settings.database_url))
    assert [t.state for t in study.trials] == [TrialState.PRUNED] * 2
    assert [list(t.intermediate_values) for t in study.trials] == [[0], [0]]  # one fold each, not five
    assert (result.pruned, result.best_value) == (2, None)
    runs = trial_runs(isolated_settings, result.parent_run_id)
    assert {(r.data.tags["state"], r.info.status) for r in runs} == {("pruned", "KILLED")}


def test_without_pruning_every_fold_runs(frame, isolated_settings):
    spec = StudySpec(name="unpruned", segment="new", family="lightgbm", n_trials=2, pruning=False, fixed=FAST)
    result = tune(spec, settings=isolated_settings, frame=frame, pruner=PruneAfterFirstFold())
    study = optuna.load_study(study_name="unpruned", storage=open_storage(isolated_settings.database_url))
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * 2
    assert [len(t.intermediate_values) for t in study.trials] == [5, 5]
    assert result.pruned == 0


def test_the_command_line_tunes_on_a_file(frame, isolated_settings, tmp_path, capsys):
    path = tmp_path / "history.csv"
    generate_applications(1_500, seed=4).to_csv(path, index=False)
    args = ["tune", "--segment", "new", "--family", "logreg", "--trials", "2", "--study", "from-file"]
    assert main([*args, "--data", str(path)]) == 0
    assert "from-file: 2 trial(s) here, 0 pruned; best pr_auc" in capsys.readouterr().out
    study = optuna.load_study(study_name="from-file", storage=storage_url(isolated_settings.database_url))
    assert len(study.trials) == 2
    assert study.user_attrs["data"] == str(path.resolve())
    expected = fingerprint(parse_applications(pd.read_csv(path), purpose="history"))
    assert study.user_attrs["fingerprint"] == expected


def test_the_command_line_rejects_a_study_of_another_family(frame, isolated_settings, tmp_path, capsys):
    path = tmp_path / "history.csv"
    generate_applications(1_500, seed=4).to_csv(path, index=False)
    base = ["tune", "--segment", "new", "--trials", "1", "--study", "one", "--data", str(path)]
    assert main([*base, "--family", "logreg"]) == 0
    assert main([*base, "--family", "hist_gb"]) == 2
    assert "already tunes another thing: family logreg" in capsys.readouterr().err
