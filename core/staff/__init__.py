"""Staff: accounts and roles, password checks (`accounts`), lockout (`lockout`), signed-in sessions
that survive a reload (`sessions`), the audit log of what staff did (`audit`), and the API keys
with which the bank's other channels call the decision API (`api_keys`, used as a module).

Callers use the package (`from core import staff`; `staff.authenticate(...)`). May import
`core.data` (its tables) and the top-level `core.config` / `core.i18n`; nothing of models
or decisions.
"""

from core.staff.accounts import (
    MIN_PASSWORD_LENGTH,
    ROLE_AREAS,
    ROLES,
    AccountError,
    SignIn,
    authenticate,
    check_password,
    create_user,
    find_user,
    hash_password,
    list_users,
    locked_until,
    may_open,
    normalize_user_name,
    reset_password,
    set_active,
    unlock,
)
from core.staff.administration import change_own_password, must_change_password, set_role
from core.staff.audit import audit_actions, audit_entries, audit_users, count_audit_entries, record_audit
from core.staff.lockout import LOCKOUT, MAX_FAILED_ATTEMPTS
from core.staff.sessions import SESSION_IDLE, SESSION_MAX, close_session, open_session, resume_session

__all__ = [
    "LOCKOUT",
    "MAX_FAILED_ATTEMPTS",
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "ROLE_AREAS",
    "SESSION_IDLE",
    "SESSION_MAX",
    "AccountError",
    "SignIn",
    "audit_actions",
    "audit_entries",
    "audit_users",
    "authenticate",
    "change_own_password",
    "check_password",
    "close_session",
    "count_audit_entries",
    "create_user",
    "find_user",
    "hash_password",
    "list_users",
    "locked_until",
    "may_open",
    "must_change_password",
    "normalize_user_name",
    "open_session",
    "record_audit",
    "reset_password",
    "resume_session",
    "set_active",
    "set_role",
    "unlock",
]
