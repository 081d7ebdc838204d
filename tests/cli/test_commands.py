"""The command line end to end, as an operator runs it, on demo data."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.data.db import make_engine, migrate
from core.data.demo import generate_applications
from core.data.orm import HistoricalApplication
from core.modelling.registry import ModelStore

PROJECT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        cwd=PROJECT,
        env=os.environ.copy(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def history_csv(tmp_path) -> Path:
    path = tmp_path / "history.csv"
    generate_applications(2_500, seed=21).to_csv(path, index=False)
    return path


def history_rows(settings) -> int:
    engine = make_engine(settings.database_url)
    migrate(engine)
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(HistoricalApplication))


def test_import_then_train_from_the_database_then_score(history_csv, tmp_path, isolated_settings):
    imported = run("import", "--data", str(history_csv))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 2,500 applications." in imported.stdout
    again = run("import", "--data", str(history_csv)).stdout
    assert "Imported 0 applications; 2,500 identical rows were already in the database" in again

    models = tmp_path / "cli-models"
    trained = run("train", "--models-dir", str(models), "--folds", "3", "--param", "iterations=60")
    assert trained.returncode == 0, trained.stderr
    assert "new-client: catboost" in trained.stdout and "existing-client: catboost" in trained.stdout
    assert "over 3 folds: AUROC ± 0.0" in trained.stdout
    assert "Monitoring summaries brought up to date" in trained.stdout  # promoted: the page has nothing to sum
    assert "out of time (fit before 2014-04-01, scored on that month): AUROC 0." in trained.stdout
    store = ModelStore(models)
    meta = store.champion("existing").meta
    assert meta.n_rows == 2_500 and meta.params["iterations"] == 60
    assert meta.trained_on == {"source": "database", "rows": 2_500, "fingerprint": meta.fingerprint}
    assert "Trained 2 model(s) on the database's imported history (2,500 rows" in trained.stdout
    assert trained.stdout.count("promoted: the segment's first model") == 2

    # The same model again does not beat the champion: saved, not served, unless forced with a reason.
    args = ("train", "--models-dir", str(models), "--folds", "3", "--param", "iterations=60", "--segment", "new")
    champion = store.champion_version("new")
    again = run(*args)
    assert again.returncode == 0, again.stderr
    assert "not promoted: it does not beat the champion" in again.stdout and store.champion_version("new") == champion
    assert run(*args, "--force").returncode == 2
    forced = run(*args, "--force", "--reason", "same model, newer data cut")
    assert "promoted: override: same model, newer data cut" in forced.stdout
    assert store.champion_version("new") != champion
    assert (models / "existing" / meta.version / "model.cbm").exists()
    assert meta.mlflow_run_id

    incoming = generate_applications(400, seed=22).drop(columns=["default", "sex"])
    incoming.loc[:199, ["decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time"]] = None
    incoming["extra"] = "ignored"
    source, out = tmp_path / "incoming.csv", tmp_path / "scored.csv"
    incoming.to_csv(source, index=False)
    scored = run("score", "--data", str(source), "--out", str(out), "--models-dir", str(models))
    assert scored.returncode == 0, scored.stderr
    result = pd.read_csv(out)
    assert list(result.columns) == [
        "client_id",
        "segment",
        "pd",
        "decision",
        "reasons",
        "model_version",
        "credit_limit",
        "policy_version",
    ]
    assert (result["policy_version"] == 1).all()  # the database's active version (1 on a fresh one)
    assert (result.loc[result["decision"] == "starter", "credit_limit"] == 30_000).all()
    assert result["client_id"].tolist() == incoming["client_id"].tolist()
    assert (result["segment"] == ["new"] * 200 + ["existing"] * 200).all()
    assert result["pd"].between(0, 1).all()
    assert set(result["decision"]) == {"premium", "starter"}
    counts = result["decision"].value_counts()
    assert "Scored 400 rows in " in scored.stdout
    assert f"{counts['premium']:,} premium" in scored.stdout and f"{counts['starter']:,} starter" in scored.stdout
    # Each reason carries its direction: + raised the PD, - lowered it.
    reasons = result["reasons"].dropna().str.split("; ").explode()
    assert reasons.str.fullmatch(r"(knockout\.age|[a-z_]+[+-])").all()
    starter = result.loc[(result["decision"] == "starter") & ~result["reasons"].fillna("").str.contains("knockout")]
    assert starter["reasons"].dropna().str.split("; ").str[0].str.endswith("+").all()
    assert "DEMO model" not in scored.stderr  # trained on the database's (non-demo) history

    forced = run("score", "--data", str(source), "--out", str(out), "--segment", "new", "--models-dir", str(models))
    assert forced.returncode == 0 and set(pd.read_csv(out)["segment"]) == {"new"}
    refused = run(
        "score", "--data", str(source), "--out", str(out), "--segment", "existing", "--models-dir", str(models)
    )
    assert refused.returncode == 2 and "bank fields: 200 row(s)" in refused.stderr


def test_a_bad_file_is_reported_and_nothing_is_imported(history_csv, isolated_settings):
    frame = pd.read_csv(history_csv, dtype=str)
    frame.loc[10, "income"] = "a lot"
    frame.loc[20, "education"] = "PHD"
    frame.to_csv(history_csv, index=False)
    result = run("import", "--data", str(history_csv))
    assert result.returncode == 2
    assert "income: 1 row(s) - not a number" in result.stderr and "line 12: 'a lot'" in result.stderr
    assert "education: 1 row(s) - must be one of SCH, UGR, GRD, PGR, ACD" in result.stderr
    assert history_rows(isolated_settings) == 0


def test_scoring_without_models_says_what_to_do(history_csv, tmp_path):
    result = run("score", "--data", str(history_csv), "--out", str(tmp_path / "o.csv"), "--models-dir", str(tmp_path))
    assert result.returncode == 1
    assert "python -m core train" in result.stderr


def test_train_on_an_empty_database_explains_import(isolated_settings):
    result = run("train")
    assert result.returncode == 2
    assert ".venv/bin/python -m core import --data FILE" in result.stdout
