"""A newcomer's first hour on the command line (issue 10): the first start and what it says next,
a database for real data, demo models that say so, and prompts that stop cleanly."""

import getpass
import json
import shutil
import subprocess

import pytest

from core.cli.main import main
from core.modelling.registry import ModelStore
from tests.cli.test_commands import PROJECT, run

PASSWORD = "correct horse battery staple"


@pytest.mark.slow
def test_the_first_start_trains_demo_models_on_a_holdout_and_says_what_to_do_next(isolated_settings, monkeypatch):
    monkeypatch.setenv("DEMO_ROWS", "1500")
    first = run("setup")
    assert first.returncode == 0, first.stderr
    assert "Creating initial MLflow database tables" not in first.stderr
    assert first.stdout.rstrip().endswith(".venv/bin/python -m core users add NAME --role admin")
    assert "Open http://localhost:8501 : the app opens in Russian; the language switch offers English." in first.stdout
    assert "There is no staff account yet." in first.stdout and "SYNTHETIC demo data" in first.stdout
    store = ModelStore(isolated_settings.models_dir)
    for segment in ("new", "existing"):
        meta = store.champion(segment).meta
        assert meta.is_demo and meta.trained_on["rows"] == 1_500
        assert meta.extra["validation"] == "holdout (1 of 5 folds)"
        assert "synthetic demo data (1,500 rows" in meta.training_data()
    run("users", "add", "alice", "--role", "admin", stdin=PASSWORD + "\n")
    again = run("setup")
    assert "no staff account" not in again.stdout and "Creating demo data" not in again.stderr


def test_setup_no_demo_leaves_an_empty_database_for_real_data(isolated_settings):
    first = run("setup", "--no-demo")
    assert first.returncode == 0, first.stderr
    assert "Creating demo data" not in first.stderr and "SYNTHETIC" not in first.stdout
    assert "No model yet for: new, existing. Import your history and train" in first.stdout
    assert "Creating demo data" not in run("setup").stderr  # the choice is remembered
    assert not (isolated_settings.models_dir / "new").exists()


def test_the_bootstrap_lock_is_not_in_git_status():
    ignored = subprocess.run(
        ["git", "check-ignore", "models/.bootstrap.lock", ".venv/bin/python"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == ["models/.bootstrap.lock", ".venv/bin/python"]


def test_score_warns_while_a_segment_is_served_by_a_demo_model(store, tmp_path, capsys):
    models = tmp_path / "models"
    shutil.copytree(store.root, models)
    demo = ModelStore(models)
    meta_path = models / "new" / demo.champion_version("new") / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps(meta | {"trained_on": {"source": "demo", "rows": meta["n_rows"]}}))
    from core.data.demo import generate_applications

    source = tmp_path / "in.csv"
    generate_applications(50, seed=4).drop(columns=["default"]).to_csv(source, index=False)
    args = ["--data", str(source), "--out", str(tmp_path / "o.csv"), "--models-dir", str(models), "--segment", "new"]
    assert main(["score", *args]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Scored 50 rows in ")
    assert "Warning: the new-client decisions come from a DEMO model trained on synthetic data" in err
    assert "existing-client decisions" not in err


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, EOFError])
def test_ctrl_c_or_ctrl_d_at_the_password_prompt_stops_cleanly(isolated_settings, monkeypatch, capsys, interrupt):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)

    def prompt(_text: str = "") -> str:
        raise interrupt

    monkeypatch.setattr(getpass, "getpass", prompt)
    assert main(["users", "add", "alice", "--role", "admin"]) == 130
    assert capsys.readouterr().err.strip() == "Stopped."


def test_empty_stdin_says_no_password_was_given(isolated_settings):
    result = run("users", "add", "alice", "--role", "admin", stdin="")
    assert result.returncode == 2
    assert "No password was given" in result.stderr


@pytest.mark.parametrize("password", ["password1234", "123456789012", "qwertyuiop12", "Administrator1"])
def test_the_most_common_passwords_are_refused(isolated_settings, password):
    result = run("users", "add", "alice", "--role", "admin", stdin=password + "\n")
    assert result.returncode == 2
    assert "one of the most common ones" in result.stderr


def test_every_option_says_its_default_and_users_add_how_the_password_is_read(capsys):
    for command, expected in [
        ("train", ["--folds FOLDS         stratified cross-validation folds (default: 5)", "(default: catboost)"]),
        ("score", ["(default:", "auto)"]),
        ("tune", ["(default: pr_auc)"]),
        ("users add", ["standard input", "at least 12 characters", "most common"]),
    ]:
        with pytest.raises(SystemExit):
            main([*command.split(), "--help"])
        text = capsys.readouterr().out
        assert all(piece in text for piece in expected), (command, text)
