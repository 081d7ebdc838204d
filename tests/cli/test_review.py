"""`python -m core review list|show|decide`: the manual review queue from the command line."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from core.data.db import make_engine, migrate
from tests.cli.test_commands import run as run_core
from tests.conftest import stored_decision

PASSWORD = "a long enough password"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def run(*args: str) -> subprocess.CompletedProcess:
    return run_core("review", *args)


@pytest.fixture
def db(isolated_settings):
    """The database of the command: two referred applications (the older one a repeat), one
    automatic decision, an analyst and a data scientist."""
    engine = make_engine(isolated_settings.database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        automatic = stored_decision(
            session, decision="premium", offer="premium_card", referral_reasons=[], created_at=NOW - timedelta(days=3)
        )
        older = stored_decision(
            session,
            created_at=NOW - timedelta(days=2),
            referral_reasons=["repeat_application"],
            linked_applications=[automatic.id],
        )
        newer = stored_decision(
            session, created_at=NOW - timedelta(hours=1), full_name="Петров Иван", passport="4600111222"
        )
        staff.create_user(session=session, name="anna", role="analyst", password=PASSWORD)
        staff.create_user(session=session, name="dima", role="data_scientist", password=PASSWORD)
        ids = {"automatic": automatic.id, "older": older.id, "newer": newer.id}
    yield engine, ids
    engine.dispose()


def reviews_and_audit(engine) -> tuple[list[tuple], list[tuple]]:
    with Session(engine) as session:
        found = session.execute(
            select(
                orm.ApplicationReview.application_id,
                orm.ApplicationReview.outcome,
                orm.ApplicationReview.offer,
                orm.ApplicationReview.reviewer,
                orm.ApplicationReview.note,
            )
        ).tuples()
        audit = session.execute(
            select(orm.AuditEntry.user_name, orm.AuditEntry.action, orm.AuditEntry.target).order_by(orm.AuditEntry.id)
        ).tuples()
        return list(found), list(audit)


def test_list_shows_the_queue_oldest_first_with_why(db):
    _, ids = db

    listed = run("list")

    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == "2 waiting for review, oldest first:"
    rows = [line.split()[0] for line in lines[2:] if line.split()[0].isdigit()]
    assert rows == [str(ids["older"]), str(ids["newer"])]
    assert "Repeat application: the same passport applied within 30 days" in listed.stdout
    assert "Identity mismatch: the passport belongs to a client" in listed.stdout
    assert "awaiting review" in listed.stdout and "Петров Иван · passport 4600 111222" in listed.stdout


def test_show_prints_the_whole_record_with_its_links(db):
    engine, ids = db

    shown = run("show", str(ids["older"]))

    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert out.startswith(f"Application {ids['older']}, received 2026-11-23 12:00 UTC")
    assert "decision    referred (offer manual_review) · PD 5.0% against threshold 12.0%" in out
    assert "model       new-client catboost v1" in out
    assert "Monthly income: 85000 (contribution -0.310)" in out
    assert "income             85000" in out
    assert f"{ids['automatic']:>7}  2026-11-22 12:00  premium" in out
    assert "Staff decisions: none" in out
    assert reviews_and_audit(engine)[1] == [("cli", "view_decision", str(ids["older"]))]


def test_a_replayed_application_in_the_refer_band_is_listed_and_shown_without_an_applicant(db):
    # `python -m core replay` stores decisions with no person behind them: no name, birth date or
    # passport, only the file's own id. A policy's refer band sends some of them to the queue.
    engine, _ = db
    with Session(engine) as session, session.begin():
        replayed = stored_decision(session, created_at=NOW, referral_reasons=[], external_ref="file-17")
        replayed.full_name = replayed.name_key = replayed.birth_date = replayed.passport = None
        session.flush()
        replayed_id = replayed.id

    listed, shown = run("list"), run("show", str(replayed_id))

    assert listed.returncode == 0, listed.stderr
    [row] = [line for line in listed.stdout.splitlines() if line.split()[0] == str(replayed_id)]
    assert row.endswith("replayed from a file, its id file-17")
    assert shown.returncode == 0, shown.stderr
    assert "  applicant   none: replayed from a file, its id file-17" in shown.stdout


def test_decide_approves_with_a_card_and_leaves_the_queue(db):
    engine, ids = db

    done = run(
        "decide",
        str(ids["older"]),
        "--outcome",
        "approved",
        "--offer",
        "starter_card",
        "--note",
        "Same person, answers corrected.",
        "--analyst",
        "Anna",
    )
    listed = run("list")
    shown = run("show", str(ids["older"]))

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Application {ids['older']}: approved (starter_card) by anna at ")
    assert str(ids["older"]) not in [line.split()[0] for line in listed.stdout.splitlines()[2:]]
    assert "1 waiting for review" in listed.stdout
    assert "approved (starter_card) by anna: Same person, answers corrected." in shown.stdout
    found, audit = reviews_and_audit(engine)
    assert found == [(ids["older"], "approved", "starter_card", "anna", "Same person, answers corrected.")]
    assert ("anna", "review_decided", str(ids["older"])) in audit


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outcome", "declined", "--note", "  ", "--analyst", "anna"], "Write a note: why this decision."),
        (["--outcome", "approved", "--note", "ok", "--analyst", "anna"], "Choose the card to approve"),
        (["--outcome", "declined", "--note", "no", "--analyst", "dima"], "dima is not an active staff account"),
        (["--outcome", "declined", "--note", "no", "--analyst", "nobody"], "nobody is not an active staff account"),
    ],
)
def test_a_refused_decision_says_why_and_changes_nothing(db, args, message):
    engine, ids = db

    refused = run("decide", str(ids["newer"]), *args)

    assert refused.returncode == 2
    assert message in refused.stderr
    assert reviews_and_audit(engine) == ([], [])


def test_an_automatic_decision_and_a_settled_one_are_refused(db):
    engine, ids = db
    first = run("decide", str(ids["newer"]), "--outcome", "declined", "--note", "Not them.", "--analyst", "anna")

    automatic = run("decide", str(ids["automatic"]), "--outcome", "declined", "--note", "x", "--analyst", "anna")
    again = run(
        "decide",
        str(ids["newer"]),
        "--outcome",
        "approved",
        "--offer",
        "premium_card",
        "--note",
        "x",
        "--analyst",
        "anna",
    )
    missing = run("show", "99999")

    assert first.returncode == 0, first.stderr
    assert automatic.returncode == 2 and "was decided automatically, not referred" in automatic.stderr
    assert again.returncode == 2 and "is already decided: declined by anna at" in again.stderr
    assert missing.returncode == 2 and "There is no application 99999." in missing.stderr
    assert [row[1] for row in reviews_and_audit(engine)[0]] == ["declined"]
