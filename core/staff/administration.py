"""What an administrator changes about an account beyond its password (its role), and the
password change a member of staff makes themselves, as a temporary password requires."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.data.orm import StaffAccount
from core.staff.accounts import ROLES, AccountError, _existing, _verify, check_password, hash_password


def set_role(*, session: Session, name: str, role: str) -> StaffAccount:
    """Give an account another role; its open sessions end at their next click (the role is
    checked on every run). Raises `AccountError` for an unknown role or account."""
    if role not in ROLES:
        raise AccountError("bad_role", roles=", ".join(ROLES))
    account = _existing(session, name)
    account.role = role
    return account


def must_change_password(*, session: Session, name: str) -> bool:
    """Whether the account signed in with a temporary password it has yet to change."""
    account = _existing(session, name)
    return bool(account.must_change_password)


def change_own_password(*, session: Session, name: str, current: str, new: str) -> StaffAccount:
    """A member of staff replaces their password: the current one is checked, the new one must
    follow the policy and differ from it. Raises `AccountError` otherwise."""
    account = _existing(session, name)
    if not _verify(account.password_hash, current):
        raise AccountError("wrong_password")
    if new == current:
        raise AccountError("same_password")
    check_password(new)
    account.password_hash = hash_password(new)
    account.must_change_password = False
    return account
