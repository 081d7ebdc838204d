"""`python -m core policy ...`: show, draft, simulate, four-eyes approval and rollback from the
command line, on a database whose champions kept their out-of-fold PDs."""

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from core import staff
from core.data.db import make_engine
from tests.cli.test_commands import run as run_core

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.slow  # trains the small champions once per run


def run(*args: str):
    return run_core("policy", *args)


@pytest.fixture
def database(history_models, isolated_settings, monkeypatch):
    database, models = history_models
    shutil.copy(database, Path(isolated_settings.database_url.removeprefix("sqlite:///")))
    monkeypatch.setenv("MODELS_DIR", str(models))
    engine = make_engine(isolated_settings.database_url)
    with Session(engine) as session, session.begin():
        for name in ("rita", "rob"):
            staff.create_user(session=session, name=name, role="risk_manager", password=PASSWORD)
    yield engine
    engine.dispose()


def test_simulate_reports_both_policies_and_the_swap_set(database):
    done = run("simulate", "--segment", "new", "--approval-rate", "0.3", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    for side in ("active", "proposed"):
        assert {"cutoff", "approval_rate", "bad_rate", "refer_rate", "expected_loss"} <= set(report[side])
    assert report["proposed"]["approval_rate"] == pytest.approx(0.3, abs=0.01)
    swap = report["swap"]
    assert sum(swap[k] for k in ("kept", "swapped_out", "swapped_in", "declined_by_both")) == report["active"]["rows"]
    assert report["proposed"]["bad_rate"] < report["active"]["bad_rate"]  # approving fewer, the safest


def test_a_draft_needs_a_second_risk_manager_and_rolls_back(database):
    assert run("set", "--user", "rita", "--reason", "fewer, safer", "--segment", "new", "--pd", "0.1").returncode == 0
    refused = run("approve", "2", "--user", "rita")
    assert refused.returncode == 2 and "second risk manager" in refused.stderr
    assert run("approve", "2", "--user", "rob").returncode == 0
    shown = run("show").stdout.splitlines()
    assert shown[0].startswith("v2   active   by rita, approved by rob")
    assert run("show", "--version", "2").stdout.count('"basis": "pd"') == 1
    assert run("rollback", "--user", "rob").returncode == 0
    assert run("show").stdout.splitlines()[1].startswith("v1   active")
    with Session(database) as session:
        actions = [e.action for e in staff.audit_entries(session=session) if e.action.startswith("policy")]
    assert actions == ["policy_rollback", "policy_approve", "policy_draft"]


def test_a_bad_value_is_refused_and_changes_nothing(database):
    refused = run("set", "--user", "rita", "--reason", "typo", "--target-bad-rate", "8")
    assert refused.returncode == 2 and "less than 1" in refused.stderr
    assert len(run("show").stdout.splitlines()) == 1
    simulated = run("simulate", "--segment", "new", "--pd", "8")
    assert simulated.returncode == 2 and "less than 1" in simulated.stderr


def test_show_says_a_cut_off_is_not_measured_until_a_champion_can_measure_it(
    database, history_models, tmp_path, monkeypatch
):
    monkeypatch.setenv("MODELS_DIR", str(tmp_path / "no-models-yet"))  # version 1 is written before any model
    unmeasured = run("show").stdout
    assert "new target_bad_rate=0.08 [not measured yet]" in unmeasured
    assert "existing target_bad_rate=0.08 [not measured yet]" in unmeasured

    monkeypatch.setenv("MODELS_DIR", str(history_models[1]))
    measured = run("show").stdout
    assert "new target_bad_rate=0.08 [PD 0." in measured and ", measured later, " in measured
    later = json.loads(run("show", "--json").stdout)[0]["measured_later"]
    assert set(later) == {"new", "existing"} and 0 < later["new"]["approval_rate"] < 1
    assert json.loads(run("show", "--version", "1").stdout)["segments"]["new"]["cutoff"]["measured"] is None
