"""`setup` and `import`: the database, its demo data, and labelled history from a file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.cli.common import progress
from core.config import Settings
from core.data.dataset import read_applications


def register(commands: Any) -> None:
    """Add the data commands to the parser."""
    setup_ = commands.add_parser("setup", help="migrate the database; on first run add demo data and train demo models")
    imp = commands.add_parser("import", help="load historical applications (real data's CSV schema)")
    imp.add_argument("--data", required=True, type=Path)
    setup_.set_defaults(run=setup)
    imp.set_defaults(run=import_history)


def setup(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate; on first start add demo data and train the demo models."""
    from core.decisions.demo_history import ensure_ready

    ensure_ready(settings, progress=progress)
    return 0


def import_history(args: argparse.Namespace, settings: Settings) -> int:
    """Check a file of labelled applications and import it whole, or nothing."""
    from core.data import repository
    from core.data.db import make_engine, migrate

    frame = read_applications(args.data, purpose="history")
    engine = make_engine(settings.database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        result = repository.import_history(session=session, frame=frame)
    print(f"Imported {result.inserted:,} applications; {result.skipped:,} were already in the database.")
    return 0
