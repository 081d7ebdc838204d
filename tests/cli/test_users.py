"""`python -m core users ...`: staff accounts from the command line, passwords never as arguments."""

import subprocess
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from core import staff
from core.data.db import make_engine, migrate
from tests.cli.test_commands import run as run_core

PASSWORD = "correct horse battery staple"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return run_core("users", *args, stdin=stdin)


def account(settings, name: str):
    engine = make_engine(settings.database_url)
    migrate(engine)  # a refused command may not have created the tables
    try:
        with Session(engine) as session:
            return staff.find_user(session=session, name=name)
    finally:
        engine.dispose()


def test_add_reads_the_password_from_stdin(isolated_settings):
    added = run("add", "Alice", "--role", "admin", stdin=PASSWORD + "\n")

    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Created admin alice."
    engine = make_engine(isolated_settings.database_url)
    with Session(engine) as session:
        result = staff.authenticate(session=session, name="alice", password=PASSWORD, now=datetime.now(UTC))
    engine.dispose()
    assert result.ok and result.role == "admin"


def test_a_password_given_as_an_argument_is_refused(isolated_settings):
    refused = run("add", "alice", "--role", "admin", "--password", PASSWORD)

    assert refused.returncode == 2
    assert "Refused: a password given as an argument" in refused.stderr
    assert PASSWORD not in refused.stdout + refused.stderr
    assert account(isolated_settings, "alice") is None


def test_an_extra_argument_is_not_taken_as_the_password(isolated_settings):
    refused = run("add", "alice", PASSWORD, "--role", "admin", stdin="")

    assert refused.returncode == 2
    assert "unrecognized arguments" in refused.stderr
    assert account(isolated_settings, "alice") is None


def test_a_duplicate_name_is_a_clear_error(isolated_settings):
    assert run("add", "alice", "--role", "admin", stdin=PASSWORD).returncode == 0

    again = run("add", "ALICE", "--role", "analyst", stdin=PASSWORD + "\n")

    assert again.returncode == 2
    assert again.stderr.strip() == "Rejected: A user called alice already exists."
    assert account(isolated_settings, "alice").role == "admin"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [("short\n", "at least 12 characters"), ("\n", "at least 12 characters"), ("", "No password was given")],
)
def test_a_weak_or_missing_password_is_refused(isolated_settings, stdin, message):
    refused = run("add", "alice", "--role", "analyst", stdin=stdin)

    assert refused.returncode == 2
    assert message in refused.stderr
    assert account(isolated_settings, "alice") is None


def test_list_shows_names_roles_and_state(isolated_settings):
    run("add", "alice", "--role", "admin", stdin=PASSWORD)
    run("add", "bob", "--role", "data_scientist", stdin=PASSWORD)

    listed = run("list")

    assert listed.returncode == 0
    lines = [line.split() for line in listed.stdout.splitlines()]
    assert lines == [["alice", "admin", "active"], ["bob", "data_scientist", "active"]]


def test_reset_password_from_stdin(isolated_settings):
    run("add", "alice", "--role", "admin", stdin=PASSWORD)

    reset = run("reset-password", "alice", stdin="another long password\n")

    assert reset.returncode == 0, reset.stderr
    engine = make_engine(isolated_settings.database_url)
    with Session(engine) as session:
        now = datetime.now(UTC)
        assert staff.authenticate(session=session, name="alice", password="another long password", now=now).ok
    engine.dispose()
