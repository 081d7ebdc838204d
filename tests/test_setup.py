"""The Makefile's virtual environment (scripts/venv.sh): made once, reused while current, remade
when broken, reinstalled when the requirements change, and a clear message when the system
cannot make one. Each case runs the real script in a scratch copy of the project with a tiny
requirements file, so no package is downloaded."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(PROJECT / "scripts" / "venv.sh", tmp_path / "scripts" / "venv.sh")
    shutil.copy(PROJECT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements.txt").write_text("# nothing to install\n")
    return tmp_path


def venv(project: Path, python: str = sys.executable) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": python}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        ["scripts/venv.sh", "requirements.txt"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_the_venv_is_made_once_reused_and_reinstalled_when_requirements_change(project):
    first = venv(project)
    assert first.returncode == 0, first.stderr
    assert "Creating the project's virtual environment in .venv/" in first.stdout
    assert "Installing requirements.txt" in first.stdout
    python = project / ".venv" / "bin" / "python"
    assert subprocess.run([python, "-c", "import sys; assert sys.prefix != sys.base_prefix"]).returncode == 0

    made = python.stat().st_mtime_ns
    started = time.perf_counter()
    again = venv(project)
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""  # current: silent
    assert time.perf_counter() - started < 5 and python.stat().st_mtime_ns == made

    (project / "requirements.txt").write_text("# nothing to install, but changed\n")
    changed = venv(project)
    assert "Installing requirements.txt" in changed.stdout and "Creating" not in changed.stdout


@pytest.mark.slow
def test_a_broken_venv_is_made_again(project):
    assert venv(project).returncode == 0
    (project / ".venv" / "bin" / "python").unlink()
    again = venv(project)
    assert again.returncode == 0, again.stderr
    assert "Recreating .venv: it was made by another Python or is broken." in again.stdout
    assert (project / ".venv" / "bin" / "python").exists()


def test_a_python_without_venv_gets_the_one_prerequisite_named(project):
    fake = project / "python3"
    # A Python like Debian's without python3-venv: it runs, is new enough, but has no ensurepip.
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *ensurepip*) echo "No module named ensurepip" >&2; exit 1;; esac\n'
        f'exec {sys.executable} "$@"\n'
    )
    fake.chmod(0o755)
    result = venv(project, python=str(fake))
    assert result.returncode == 1
    assert "cannot create virtual environments" in result.stderr
    assert "sudo apt-get install python3-venv" in result.stderr
    assert not (project / ".venv").exists()


def test_a_too_old_or_missing_python_is_named(project):
    missing = venv(project, python="python3-that-is-not-there")
    assert missing.returncode == 1 and "Python 3.11 or newer is needed" in missing.stderr


def test_every_make_target_runs_in_the_venv(project):
    for target in ("run", "test", "lint", "bench"):
        plan = subprocess.run(["make", "-n", target], cwd=project, capture_output=True, text=True).stdout
        commands = [line for line in plan.splitlines() if "python" in line and "venv.sh" not in line]
        assert commands, target
        assert all(line.startswith(".venv/bin/python ") for line in commands), (target, commands)
        assert "scripts/venv.sh" in plan
