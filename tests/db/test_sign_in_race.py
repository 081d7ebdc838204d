"""Sign-in lockout under parallel guessing: thirty wrong passwords sent at once, each on its
own connection, lock the name exactly as thirty sent one after another would, on SQLite and
on PostgreSQL, and a name with no account answers exactly like a real one."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from core import staff

PASSWORD = "correct horse battery staple"
GUESSES = 30

pytestmark = pytest.mark.slow  # sixty argon2 checks per test


def guess_all_at_once(engine, name: str, password: str) -> Counter[str]:
    """The outcomes of `GUESSES` sign-ins started together, each in its own session."""
    start = threading.Barrier(GUESSES)

    def one(_: int) -> str:
        start.wait()
        with Session(engine) as session, session.begin():
            result = staff.authenticate(session=session, name=name, password=password, now=datetime.now(UTC))
        return result.outcome

    with ThreadPoolExecutor(GUESSES) as pool:
        return Counter(pool.map(one, range(GUESSES)))


def sign_in(engine, name: str, password: str) -> staff.SignIn:
    with Session(engine) as session, session.begin():
        return staff.authenticate(session=session, name=name, password=password, now=datetime.now(UTC))


def test_thirty_parallel_wrong_passwords_lock_the_account(engine):
    with Session(engine) as session, session.begin():
        staff.create_user(session=session, name="anna.p", role="analyst", password=PASSWORD)

    outcomes = guess_all_at_once(engine, "anna.p", "wrong password, again and again")

    limit = staff.MAX_FAILED_ATTEMPTS
    assert outcomes == Counter({"invalid": limit - 1, "locked": GUESSES - limit + 1})
    assert sign_in(engine, "anna.p", PASSWORD).outcome == "locked"


def test_an_unknown_name_locks_alike_under_the_same_race(engine):
    with Session(engine) as session, session.begin():
        staff.create_user(session=session, name="anna.p", role="analyst", password=PASSWORD)

    real = guess_all_at_once(engine, "anna.p", "wrong password, again and again")
    unknown = guess_all_at_once(engine, "nobody.here", "wrong password, again and again")

    assert unknown == real
    assert sign_in(engine, "nobody.here", PASSWORD).outcome == sign_in(engine, "anna.p", PASSWORD).outcome == "locked"
