"""`users`: staff accounts of the app. Passwords are prompted for or read from stdin, never
taken as an argument (it would stay in the shell history and the process list)."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from core.config import Settings
from core.staff import MIN_PASSWORD_LENGTH, ROLES

PASSWORD_HELP = f"""The password is never an argument (it would stay in the shell history and the process list).
On a terminal it is prompted for, twice, without echo; otherwise the first line of standard input
is read:  printf '%s\\n' "$PASSWORD" | .venv/bin/python -m core users add NAME --role ROLE
Rules: at least {MIN_PASSWORD_LENGTH} characters, not only spaces, and not one of the most common
passwords or their patterns (password1234, 123456789012, qwertyuiop12, ...)."""


def register(commands: Any) -> None:
    """Add the `users` command group to the parser."""
    us = commands.add_parser(
        "users", help="staff accounts of the app; passwords are prompted for or read from stdin", description=__doc__
    )
    users = us.add_subparsers(dest="users_command", required=True)
    add = users.add_parser(
        "add",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="add a staff account",
        description="Add a staff account.\n\n" + PASSWORD_HELP,
    )
    add.add_argument("name", help="the sign-in name: 3-64 letters, digits or . @ _ -")
    add.add_argument(
        "--role",
        required=True,
        choices=ROLES,
        help="analyst: clients and decisions; data_scientist: also experiments; admin: everything, staff included",
    )
    add.add_argument(
        "--temporary",
        action="store_true",
        help="a temporary password: the person must choose their own at their first sign-in",
    )
    users.add_parser("list", help="list the staff accounts, their roles and any lockout")
    reset = users.add_parser(
        "reset-password",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="set a new password; also lifts a lockout and signs the account out everywhere",
        description="Set a new password for an account; this also lifts a lockout.\n\n" + PASSWORD_HELP,
    )
    reset.add_argument("name", help="the account's sign-in name")
    for command in (add, reset):
        command.add_argument("--password", help=argparse.SUPPRESS)  # accepted only to be refused clearly
    us.set_defaults(run=users_command)


def users_command(args: argparse.Namespace, settings: Settings) -> int:
    from core import staff
    from core.data.db import make_engine, migrate

    if getattr(args, "password", None) is not None:
        print(
            "Refused: a password given as an argument stays in the shell history and the process list. "
            "Type it at the prompt, or pipe it on stdin: printf '%s\\n' \"$PASSWORD\" | python -m core users ...",
            file=sys.stderr,
        )
        return 2
    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        if args.users_command == "list":
            now = datetime.now(UTC)
            with Session(engine) as session:
                for user in staff.list_users(session=session):
                    state = "active" if user.active else "deactivated"
                    until = staff.locked_until(user, now)
                    locked = f", locked until {until:%Y-%m-%d %H:%M} UTC" if until else ""
                    print(f"{user.name:<24} {user.role:<15} {state}{locked}")
            return 0
        password = _read_password()
        with Session(engine) as session, session.begin():
            if args.users_command == "add":
                user = staff.create_user(
                    session=session, name=args.name, role=args.role, password=password, temporary=args.temporary
                )
                done = f"Created {user.role} {user.name}." + (
                    " The password is temporary: it must be changed at the first sign-in." if args.temporary else ""
                )
            else:
                user = staff.reset_password(session=session, name=args.name, password=password)
                done = f"New password set for {user.name}; any lockout is lifted."
            action = "user_created" if args.users_command == "add" else "password_reset"
            staff.record_audit(session=session, user_name="cli", action=action, target=user.name)
        print(done)
        return 0
    except staff.AccountError as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()


def _read_password() -> str:
    """From a prompt (twice) on a terminal, else the first line of stdin."""
    from core.staff import AccountError

    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise AccountError("no_password")
        return line.rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != password:
        raise AccountError("passwords_differ")
    return password
