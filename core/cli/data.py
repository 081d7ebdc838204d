"""`setup` and `import`: the database, its demo data, and labelled history from a file."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.cli.common import HelpFormatter, progress
from core.config import Settings
from core.data.dataset import read_applications

RUN = ".venv/bin/python -m core"  # how README and every message spell a command


def register(commands: Any) -> None:
    """Add the data commands to the parser."""
    setup_ = commands.add_parser(
        "setup",
        formatter_class=HelpFormatter,
        help="migrate the database; on first run add demo data and train demo models",
        description="Migrate the database; on first run fill it with synthetic demo data and train demo models "
        "(or, with --no-demo, leave it empty for real data). Safe to run again.",
    )
    setup_.add_argument(
        "--no-demo",
        action="store_true",
        help="start an empty database for real data: never add demo data to it (then import and train)",
    )
    imp = commands.add_parser(
        "import",
        formatter_class=HelpFormatter,
        help="load labelled historical applications (the real data's CSV schema) into the database",
        description="Check every row of a CSV of labelled applications and import it whole, or nothing "
        "(exit status 2 with a report). Rows already stored unchanged are skipped; the same id with other "
        "content is an error. Refused while the database holds demo history, unless --replace-demo.",
    )
    imp.add_argument("--data", required=True, type=Path, metavar="FILE", help="the CSV file (UTF-8)")
    imp.add_argument(
        "--replace-demo",
        action="store_true",
        help="remove the synthetic demo history (and demo clients no decision refers to) in the same transaction",
    )
    setup_.set_defaults(run=setup)
    imp.set_defaults(run=import_history)


def setup(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate; on first start add demo data and train the demo models; say what to do next."""
    from core.modelling.bootstrap import ensure_ready

    started = time.perf_counter()
    ready = ensure_ready(settings, progress=progress, demo=not args.no_demo)
    print(f"Ready in {time.perf_counter() - started:.0f} s.")
    print(next_steps(ready))
    return 0


def next_steps(ready: Any) -> str:
    """What to do after the first start, in the order a newcomer needs it."""
    port = os.environ.get("STREAMLIT_SERVER_PORT", "8501")
    lines = ["", "Next:"]
    if ready.demo:
        lines.append(
            "  - The database holds SYNTHETIC demo data and the models were trained on it (not for real decisions)."
        )
    if ready.unserved:
        lines.append(
            f"  - No model yet for: {', '.join(ready.unserved)}. Import your history and train: "
            f"{RUN} import --data FILE.csv, then {RUN} train"
        )
    lines.append(f"  - Open http://localhost:{port} : the app opens in Russian; the language switch offers English.")
    if not ready.staff_accounts:
        lines.append(
            "  - There is no staff account yet. Create the first administrator (the password is prompted for): "
            f"{RUN} users add NAME --role admin"
        )
    return "\n".join(lines)


def import_history(args: argparse.Namespace, settings: Settings) -> int:
    """Check a file of labelled applications and import it whole, or nothing."""
    from core.data import imports
    from core.data.db import make_engine, migrate

    started = time.perf_counter()
    frame = read_applications(args.data, purpose="history")
    engine = make_engine(settings.database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        result = imports.import_history(session=session, frame=frame, replace_demo=args.replace_demo)
    print(f"{result.describe()} ({time.perf_counter() - started:.1f} s)")
    if result.inserted:
        print(f"Next: train on it with {RUN} train")
    return 0
