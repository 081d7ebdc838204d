"""Scale-out: two `python -m core tune` workers, started at once, share one study through PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import optuna
import pytest
from mlflow import MlflowClient
from optuna.trial import TrialState
from sqlalchemy import create_engine, inspect

from core.data.demo import generate_applications
from core.modelling.studies import storage_url

pytestmark = pytest.mark.postgres

PROJECT = Path(__file__).resolve().parents[2]
TRIALS = 5


def test_two_workers_share_one_study_through_postgresql(pg_url, tmp_path, isolated_settings):
    data = tmp_path / "history.csv"
    generate_applications(2_000, seed=31).to_csv(data, index=False)
    # CatBoost trials take about a second each, so the two workers overlap by seconds, not by luck
    # (logistic-regression trials took 50 ms: one worker could finish before the other started).
    command = [sys.executable, "-m", "core", "tune", "--segment", "existing", "--family", "catboost"]
    command += ["--param", "iterations=100", "--trials", str(TRIALS), "--no-pruning", "--study", "shared"]
    command += ["--data", str(data)]
    env = {**os.environ, "DATABASE_URL": pg_url}
    workers = [
        subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert all(f"shared: {TRIALS} trial(s) here" in out for out, _ in outputs)

    study = optuna.load_study(study_name="shared", storage=storage_url(pg_url))
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * (2 * TRIALS)
    assert sorted(Counter(t.user_attrs["worker"] for t in study.trials).values()) == [TRIALS, TRIALS]
    records = [value for key, value in study.user_attrs.items() if key.startswith("worker:")]
    assert sorted(record["pid"] for record in records) == sorted(worker.pid for worker in workers)
    assert {record["state"] for record in records} == {"finished"}
    started = max(datetime.fromisoformat(record["started_at"]) for record in records)
    assert started < min(datetime.fromisoformat(record["finished_at"]) for record in records)  # they overlapped

    client = MlflowClient(isolated_settings.mlflow_tracking_uri)
    parent = client.get_run(study.user_attrs["mlflow_run_id"])
    nested = client.search_runs([parent.info.experiment_id], f"tags.mlflow.parentRunId = '{parent.info.run_id}'")
    assert len(nested) == 2 * TRIALS

    engine = create_engine(pg_url)
    try:
        tables = inspect(engine)
        assert {"studies", "trials"} <= set(tables.get_table_names(schema="optuna"))
        assert "trials" not in tables.get_table_names(schema="public")  # the app's schema stays the app's
    finally:
        engine.dispose()
