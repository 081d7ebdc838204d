"""`api` and `api-keys`: serve the decision API, and manage the channels' keys to it.

The API is started by name (`core.api.app:create_app`), so the command line never imports it
and uvicorn can run it in several worker processes.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from core.config import Settings


def register(commands: Any) -> None:
    """Add the `api` and `api-keys` commands to the parser."""
    api = commands.add_parser("api", help="serve the decision API (FastAPI) for the bank's other channels")
    api.add_argument("--host", default="127.0.0.1")
    api.add_argument("--port", type=int, default=8000)
    api.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    api.set_defaults(run=serve)

    keys = commands.add_parser("api-keys", help="API keys of the channels that call the decision API")
    sub = keys.add_subparsers(dest="keys_command", required=True)
    add = sub.add_parser("add", help="make a key for a channel; it is printed once and never stored")
    add.add_argument("channel", help="e.g. mobile, website, branch")
    add.add_argument("--rate-limit", type=int, help="requests per minute (default: API_RATE_LIMIT)")
    sub.add_parser("list", help="every key: prefix, channel, limit, when made, last used, revoked")
    revoke = sub.add_parser("revoke", help="revoke a key at once, by the prefix `list` shows")
    revoke.add_argument("prefix")
    keys.set_defaults(run=keys_command)


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run uvicorn on the API until interrupted (workers share the load: `core.api.serving`)."""
    from core.api.serving import serve as run_api

    run_api(host=args.host, port=args.port, workers=args.workers)
    return 0


def keys_command(args: argparse.Namespace, settings: Settings) -> int:
    """Add, list or revoke keys; each change is audited."""
    from core.data.db import make_engine, migrate
    from core.staff import api_keys, record_audit

    engine = make_engine(settings.database_url)
    migrate(engine)
    now = datetime.now(UTC)
    try:
        if args.keys_command == "list":
            with Session(engine) as session:
                _print_keys(api_keys.list_keys(session=session))
            return 0
        with Session(engine, expire_on_commit=False) as session, session.begin():
            if args.keys_command == "add":
                limit = args.rate_limit if args.rate_limit is not None else settings.api_rate_limit
                record, key = api_keys.create_key(session=session, channel=args.channel, rate_limit=limit, now=now)
                action = "api_key_created"
            else:
                record, key = api_keys.revoke_key(session=session, prefix=args.prefix, now=now), None
                action = "api_key_revoked"
            record_audit(session=session, user_name="cli", action=action, target=f"{record.channel} {record.prefix}")
        if key is not None:
            print(key)
            print(
                f"The key of channel {record.channel} ({record.rate_limit} requests a minute), shown this once: "
                "only its hash is kept. Send it as 'Authorization: Bearer <key>'.",
                file=sys.stderr,
            )
        else:
            print(f"Revoked {record.prefix}… of channel {record.channel}.")
        return 0
    except api_keys.ApiKeyError as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()


def _print_keys(keys: list[Any]) -> None:
    def when(moment: datetime | None) -> str:
        return f"{moment:%Y-%m-%d %H:%M}" if moment else "-"

    print(f"{'prefix':<14} {'channel':<16} {'per min':>7}  {'created':<16}  {'last used':<16}  revoked")
    for key in keys:
        print(
            f"{key.prefix + '…':<14} {key.channel:<16} {key.rate_limit:>7}  {when(key.created_at):<16}  "
            f"{when(key.last_used_at):<16}  {when(key.revoked_at)}"
        )
