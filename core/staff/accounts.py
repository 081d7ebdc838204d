"""Staff accounts: roles, argon2 password hashes, and sign-in with lockout.

There is no default account and no default password: the first admin is created on the
command line (`python -m core users add NAME --role admin`), which reads the password from
a prompt or from stdin, never from its arguments.

A sign-in opens a session (`core.staff.sessions`) so that a reload does not sign the person out.

Sign-in does not tell an unknown name from a wrong password, in its answer or in its
timing: an unknown name is checked against a dummy hash, and it locks after the same number
of failures as a real account, even under parallel attempts (`core.staff.lockout`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data.db import as_utc
from core.data.orm import StaffAccount, StaffSession
from core.i18n import t
from core.staff import lockout
from core.staff.audit import record_audit
from core.staff.passwords import is_common

# The staff areas of the app each role may open; the questionnaire is public.
ROLE_AREAS: dict[str, tuple[str, ...]] = {
    "analyst": ("clients", "decisions", "review"),
    "data_scientist": ("clients", "decisions", "experiments", "monitoring"),
    "risk_manager": ("decisions", "policy", "monitoring"),
    "admin": ("clients", "decisions", "review", "experiments", "policy", "monitoring", "staff"),
}
ROLES = tuple(ROLE_AREAS)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this only bounds the work per attempt

_NAME = re.compile(r"^[\w.@-]{3,64}$")
_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile

Outcome = Literal["ok", "invalid", "locked", "inactive"]


class AccountError(ValueError):
    """A request about an account was refused; `code` and `params` name the reason."""

    def __init__(self, code: str, **params: Any):
        self.code, self.params = code, params
        super().__init__(self.message())

    def message(self, lang: str = "en") -> str:
        """The reason in plain words, in `lang`."""
        return t(f"account.{self.code}", lang, **self.params)


@dataclass(frozen=True)
class SignIn:
    """The result of a sign-in attempt. `name` and `role` are set only when it succeeded."""

    outcome: Outcome
    name: str | None = None
    role: str | None = None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        """Whether the person is now signed in."""
        return self.outcome == "ok"


def may_open(role: str | None, area: str) -> bool:
    """Whether someone in `role` (None: not signed in) may open the staff area `area`."""
    return role is not None and area in ROLE_AREAS.get(role, ())


def normalize_user_name(name: str) -> str:
    """Names are compared case-insensitively: 'Anna.P' and 'anna.p' are one account."""
    return str(name).strip().casefold()


def check_password(password: str) -> None:
    """Raise `AccountError` unless `password` meets the policy: long (long beats clever), and not one of
    the most common passwords or their patterns (`core.staff.passwords`)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_too_short", min_length=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError("password_too_long", max_length=MAX_PASSWORD_LENGTH)
    if not password.strip():
        raise AccountError("password_blank")
    if is_common(password):
        raise AccountError("password_common")


def hash_password(password: str) -> str:
    """The argon2id hash of `password` (salted; two calls give different hashes)."""
    return _HASHER.hash(password)


def create_user(
    *, session: Session, name: str, role: str, password: str, now: datetime | None = None, temporary: bool = False
) -> StaffAccount:
    """Add an active account; raises `AccountError` for a bad name, role or password, or a taken name.
    A `temporary` password must be changed at the account's first sign-in."""
    name = normalize_user_name(name)
    if not _NAME.match(name):
        raise AccountError("bad_name")
    if role not in ROLES:
        raise AccountError("bad_role", roles=", ".join(ROLES))
    check_password(password)
    if find_user(session=session, name=name) is not None:
        raise AccountError("name_taken", name=name)
    account = StaffAccount(
        name=name,
        role=role,
        password_hash=hash_password(password),
        failed_attempts=0,
        created_at=now or datetime.now(UTC),
        active=True,
        must_change_password=temporary,
    )
    session.add(account)
    session.flush()
    lockout.forget_unknown(session=session, key=name)
    return account


def find_user(*, session: Session, name: str) -> StaffAccount | None:
    """The account called `name` (any case), active or not."""
    return session.scalars(select(StaffAccount).where(StaffAccount.name == normalize_user_name(name))).one_or_none()


def list_users(*, session: Session) -> list[StaffAccount]:
    """Every account, by name."""
    return list(session.scalars(select(StaffAccount).order_by(StaffAccount.name)))


def locked_until(account: StaffAccount, now: datetime) -> datetime | None:
    """When the account's lockout ends, or None when it is not locked at `now`."""
    until = account.locked_until
    return as_utc(until) if until is not None and as_utc(until) > now else None


def set_active(*, session: Session, name: str, active: bool) -> StaffAccount:
    """Deactivate (or reactivate) an account; a deactivated account cannot sign in."""
    account = _existing(session, name)
    account.active = active
    return account


def unlock(*, session: Session, name: str) -> StaffAccount:
    """Lift a lockout and forget the failed attempts."""
    account = _existing(session, name)
    account.failed_attempts, account.locked_until = 0, None
    return account


def reset_password(*, session: Session, name: str, password: str, temporary: bool = False) -> StaffAccount:
    """Set a new password (policy-checked); this also lifts any lockout. A `temporary` one must be
    changed at the next sign-in."""
    check_password(password)
    account = unlock(session=session, name=name)
    account.password_hash = hash_password(password)
    account.must_change_password = temporary
    ended = datetime.now(UTC)
    for open_one in session.scalars(
        select(StaffSession).where(StaffSession.user_name == account.name, StaffSession.ended_at.is_(None))
    ):
        open_one.ended_at = ended  # a new password signs every browser out
    return account


def authenticate(*, session: Session, name: str, password: str, now: datetime) -> SignIn:
    """Check a sign-in attempt, update the lockout state and write it to the audit log.

    After `MAX_FAILED_ATTEMPTS` consecutive failures the name is locked for `LOCKOUT`; while
    locked, even the right password is refused. The count is atomic (`core.staff.lockout`), so
    parallel attempts lock it as surely as consecutive ones. The caller commits, whatever the outcome.
    """
    typed = str(name).strip()[:64]
    account = find_user(session=session, name=typed)
    matches = _verify(account.password_hash if account else _dummy_hash(), password)
    key = account.name if account is not None else normalize_user_name(typed)
    if account is None or not matches:
        counted, until = lockout.record_failure(session=session, account=account, key=key, now=now)
        details = {} if account is not None else {"unknown_name": True}
        if not counted:
            record_audit(session=session, user_name=key, action="login_refused", now=now)
            return SignIn("locked", locked_until=until)
        record_audit(session=session, user_name=key, action="login_failed", details=details, now=now)
        if until is None:
            return SignIn("invalid")
        record_audit(session=session, user_name=key, action="locked", now=now)
        return SignIn("locked", locked_until=until)
    if (until := lockout.record_success(session=session, account=account, now=now)) is not None:
        record_audit(session=session, user_name=key, action="login_refused", now=now)
        return SignIn("locked", locked_until=until)
    if not account.active:
        details = {"inactive": True}
        record_audit(session=session, user_name=account.name, action="login_failed", details=details, now=now)
        return SignIn("inactive")
    if _HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.last_sign_in_at = now
    record_audit(session=session, user_name=account.name, action="login_ok", now=now)
    return SignIn("ok", name=account.name, role=account.role)


def _existing(session: Session, name: str) -> StaffAccount:
    account = find_user(session=session, name=name)
    if account is None:
        raise AccountError("no_such_user", name=normalize_user_name(name))
    return account


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password[:MAX_PASSWORD_LENGTH])
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not a password of anyone: it only makes unknown names cost the same")
