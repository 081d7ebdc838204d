"""Staff accounts: hashing, password policy, sign-in, lockout, unknown names, the audit log.

Runs on SQLite and on the real PostgreSQL (the `session` fixture)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core import staff
from core.data.orm import AuditEntry, StaffAccount, StaffSession
from core.staff import accounts

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def anna(session) -> StaffAccount:
    return staff.create_user(session=session, name="Anna.P", role="analyst", password=PASSWORD, now=NOW)


def attempt(session, password: str, *, name: str = "anna.p", at: datetime = NOW) -> staff.SignIn:
    return staff.authenticate(session=session, name=name, password=password, now=at)


def actions(session, name: str) -> list[str]:
    query = select(AuditEntry.action).where(AuditEntry.user_name == name).order_by(AuditEntry.id)
    return list(session.scalars(query))


def test_the_password_is_stored_as_an_argon2id_hash(session, anna):
    assert anna.password_hash.startswith("$argon2id$")
    assert PASSWORD not in anna.password_hash
    assert staff.hash_password(PASSWORD) != staff.hash_password(PASSWORD)  # salted


def test_names_are_case_insensitive(session, anna):
    assert anna.name == "anna.p"
    assert attempt(session, PASSWORD, name="  ANNA.P ").ok


def test_the_right_password_signs_in(session, anna):
    result = attempt(session, PASSWORD)

    assert (result.outcome, result.name, result.role) == ("ok", "anna.p", "analyst")
    assert actions(session, "anna.p") == ["login_ok"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("elevenchars", "The password must be at least 12 characters long."),
        (" " * 12, "The password cannot be only spaces."),
        ("x" * 1025, "The password must be at most 1024 characters long."),
    ],
)
def test_the_password_policy(session, password, message):
    with pytest.raises(staff.AccountError, match=re.escape(message)):
        staff.create_user(session=session, name="boris", role="analyst", password=password)
    assert staff.find_user(session=session, name="boris") is None


def test_twelve_characters_are_enough(session):
    assert staff.create_user(session=session, name="boris", role="analyst", password="twelve chars").active


@pytest.mark.parametrize(
    ("name", "role", "message"),
    [
        ("anna.p", "analyst", "A user called anna.p already exists."),
        ("ANNA.P", "admin", "A user called anna.p already exists."),
        ("an", "analyst", "A user name is 3 to 64"),
        ("has space", "analyst", "A user name is 3 to 64"),
        ("boris", "superuser", "The role must be one of: analyst, data_scientist, risk_manager, admin."),
    ],
)
def test_clear_errors_for_bad_accounts(session, anna, name, role, message):
    with pytest.raises(staff.AccountError, match=re.escape(message)):
        staff.create_user(session=session, name=name, role=role, password=PASSWORD)


def test_a_wrong_password_is_counted(session, anna):
    assert attempt(session, "wrong password!").outcome == "invalid"
    assert anna.failed_attempts == 1
    assert actions(session, "anna.p") == ["login_failed"]


def test_five_consecutive_failures_lock_the_account_for_15_minutes(session, anna):
    outcomes = [attempt(session, "wrong password!", at=NOW + timedelta(seconds=i)).outcome for i in range(5)]

    assert outcomes == ["invalid"] * 4 + ["locked"]
    assert staff.locked_until(anna, NOW) == NOW + timedelta(seconds=4) + staff.LOCKOUT
    locked = attempt(session, PASSWORD, at=NOW + timedelta(minutes=14))
    assert (locked.outcome, locked.name) == ("locked", None)  # even the right password
    assert attempt(session, PASSWORD, at=NOW + timedelta(minutes=15, seconds=5)).ok
    assert actions(session, "anna.p") == ["login_failed"] * 5 + ["locked", "login_refused", "login_ok"]


def test_a_success_resets_the_count(session, anna):
    for _ in range(4):
        attempt(session, "wrong password!")
    assert attempt(session, PASSWORD).ok
    for _ in range(4):
        assert attempt(session, "wrong password!").outcome == "invalid"


def test_an_unknown_name_answers_like_a_wrong_password_and_locks_alike(session, anna):
    outcomes = [attempt(session, PASSWORD, name="nobody", at=NOW + timedelta(seconds=i)).outcome for i in range(6)]

    assert outcomes == ["invalid"] * 4 + ["locked", "locked"]
    assert attempt(session, PASSWORD, name="nobody", at=NOW + timedelta(minutes=16)).outcome == "invalid"
    assert actions(session, "nobody")[:6] == ["login_failed"] * 5 + ["locked"]


def test_an_unknown_name_still_costs_a_hash_check(session, anna, monkeypatch):
    checked = []
    real = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda hash_, password: checked.append(hash_) or real(hash_, password))

    attempt(session, PASSWORD, name="nobody")
    attempt(session, "wrong password!")

    assert len(checked) == 2
    assert checked[0].startswith("$argon2id$") and checked[0] != anna.password_hash


def test_a_deactivated_account_cannot_sign_in(session, anna):
    staff.set_active(session=session, name="anna.p", active=False)

    assert attempt(session, PASSWORD).outcome == "inactive"
    assert attempt(session, "wrong password!").outcome == "invalid"  # says nothing more without the password


def test_reset_password_replaces_it_and_lifts_a_lockout(session, anna):
    for _ in range(5):
        attempt(session, "wrong password!")
    staff.reset_password(session=session, name="anna.p", password="a brand new password")

    assert attempt(session, "a brand new password").ok
    assert attempt(session, PASSWORD).outcome == "invalid"


def test_unlock(session, anna):
    for _ in range(5):
        attempt(session, "wrong password!")
    staff.unlock(session=session, name="ANNA.P")

    assert attempt(session, PASSWORD).ok


def test_changing_an_unknown_account_is_a_clear_error(session):
    with pytest.raises(staff.AccountError, match=re.escape("There is no user called ghost.")):
        staff.set_active(session=session, name="ghost", active=False)


def test_list_users_and_audit_entries(session, anna):
    staff.create_user(session=session, name="boris", role="admin", password=PASSWORD)
    staff.record_audit(session=session, user_name="boris", action="view_client", target="42", details={"q": "иван"})

    assert [u.name for u in staff.list_users(session=session)] == ["anna.p", "boris"]
    [entry] = staff.audit_entries(session=session, user_name="boris")
    assert (entry.action, entry.target, entry.details) == ("view_client", "42", {"q": "иван"})


@pytest.mark.parametrize(
    ("role", "area", "allowed"),
    [
        ("analyst", "clients", True),
        ("analyst", "experiments", False),
        ("analyst", "staff", False),
        ("data_scientist", "experiments", True),
        ("data_scientist", "staff", False),
        ("admin", "staff", True),
        (None, "clients", False),
    ],
)
def test_who_may_open_what(role, area, allowed):
    assert staff.may_open(role, area) is allowed


def test_a_session_resumes_until_signed_out(session, anna):
    token = staff.open_session(session=session, name="anna.p", now=NOW)
    resumed = staff.resume_session(session=session, token=token, now=NOW + timedelta(minutes=10))
    assert (resumed.name, resumed.role) == ("anna.p", "analyst")

    staff.close_session(session=session, token=token, now=NOW + timedelta(minutes=11))
    assert staff.resume_session(session=session, token=token, now=NOW + timedelta(minutes=12)) is None


def test_only_the_tokens_hash_is_stored(session, anna):
    token = staff.open_session(session=session, name="anna.p", now=NOW)
    [stored] = session.scalars(select(StaffSession.token_hash))
    assert token not in stored and len(token) >= 40
    assert staff.resume_session(session=session, token=token[:-1] + "x", now=NOW) is None


def test_a_session_ends_after_30_idle_minutes_or_12_hours(session, anna):
    idle = staff.open_session(session=session, name="anna.p", now=NOW)
    assert staff.resume_session(session=session, token=idle, now=NOW + timedelta(minutes=31)) is None
    assert staff.resume_session(session=session, token=idle, now=NOW + timedelta(minutes=32)) is None  # stays over

    busy = staff.open_session(session=session, name="anna.p", now=NOW)
    for minutes in range(20, 12 * 60, 20):  # used every 20 minutes all day
        assert staff.resume_session(session=session, token=busy, now=NOW + timedelta(minutes=minutes)) is not None
    assert staff.resume_session(session=session, token=busy, now=NOW + timedelta(hours=12, minutes=5)) is None


def test_deactivation_and_a_new_password_end_sessions(session, anna):
    first = staff.open_session(session=session, name="anna.p", now=NOW)
    staff.reset_password(session=session, name="anna.p", password="a brand new long password")
    assert staff.resume_session(session=session, token=first, now=NOW) is None

    second = staff.open_session(session=session, name="anna.p", now=NOW)
    staff.set_active(session=session, name="anna.p", active=False)
    assert staff.resume_session(session=session, token=second, now=NOW) is None
