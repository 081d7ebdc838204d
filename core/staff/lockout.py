"""Lockout after repeated failed sign-ins, counted so that parallel guesses cannot outrun it.

Every failure is one `UPDATE ... SET failed_attempts = failed_attempts + 1 ... RETURNING`,
guarded by "not locked now" in its own WHERE clause. PostgreSQL runs it under the row's lock
(a concurrent one waits, then re-checks the guard against the committed row) and SQLite under
its single writer lock, so thirty guesses sent at once are thirty increments and the one that
reaches the limit locks the name for every other. A success resets the count with the same
guard, so it cannot slip in while the name is locked.

A name with no account has its own counter row (`UnknownSignIn`, created by the first failure
with `INSERT ... ON CONFLICT DO UPDATE`), so that it locks exactly like a real one and parallel
guesses do not tell which names exist.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.data.db import as_utc
from core.data.orm import StaffAccount, UnknownSignIn

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)


def record_failure(
    *, session: Session, account: StaffAccount | None, key: str, now: datetime
) -> tuple[bool, datetime | None]:
    """Count one failed sign-in for `account` (or, when None, for the unknown name `key`).

    Returns (counted, locked_until): counted is False when the name was already locked, so
    nothing was counted; locked_until is when its lockout ends, if it is locked now."""
    table: Any = StaffAccount if account is not None else UnknownSignIn
    where = (table.id == account.id) if account is not None else (table.name == key)
    if account is not None:
        statement: Any = update(StaffAccount).where(where, _unlocked(table, now))
        statement = statement.values(failed_attempts=StaffAccount.failed_attempts + 1)
    else:
        statement = _insert(session)(UnknownSignIn).values(name=key, failed_attempts=1, locked_until=None)
        statement = statement.on_conflict_do_update(
            index_elements=[UnknownSignIn.name],
            set_={"failed_attempts": UnknownSignIn.failed_attempts + 1},
            where=_unlocked(table, now),
        )
    failures = session.execute(
        statement.returning(table.failed_attempts), execution_options={"synchronize_session": False}
    ).scalar()
    if failures is None:
        return False, _locked_until(session, table, where, now)
    if failures < MAX_FAILED_ATTEMPTS:
        _expire(session, account)
        return True, None
    # This transaction holds the row's lock since its increment: no other attempt can interleave.
    until = now + LOCKOUT
    session.execute(
        update(table).where(where).values(failed_attempts=0, locked_until=until),
        execution_options={"synchronize_session": False},
    )
    _expire(session, account)
    return True, until


def record_success(*, session: Session, account: StaffAccount, now: datetime) -> datetime | None:
    """Reset the account's failures after a right password, unless it is locked; returns the
    end of the lockout when it is (and then nothing changed)."""
    where = StaffAccount.id == account.id
    reset = session.execute(
        update(StaffAccount)
        .where(where, _unlocked(StaffAccount, now))
        .values(failed_attempts=0, locked_until=None)
        .returning(StaffAccount.id),
        execution_options={"synchronize_session": False},
    ).scalar()
    _expire(session, account)
    return None if reset is not None else _locked_until(session, StaffAccount, where, now)


def forget_unknown(*, session: Session, key: str) -> None:
    """Drop the failure count of a name that has just become an account's."""
    session.execute(delete(UnknownSignIn).where(UnknownSignIn.name == key))


def _unlocked(table: Any, now: datetime) -> Any:
    return or_(table.locked_until.is_(None), table.locked_until <= now)


def _locked_until(session: Session, table: Any, where: Any, now: datetime) -> datetime | None:
    until = session.scalar(select(table.locked_until).where(where))
    return as_utc(until) if until is not None and as_utc(until) > now else None


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _expire(session: Session, account: StaffAccount | None) -> None:
    if account is not None:
        session.expire(account, ["failed_attempts", "locked_until"])
