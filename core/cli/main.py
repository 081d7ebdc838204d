"""`python -m core`: the parser of every command group, and the dispatch.

Every command honours DATABASE_URL and MLFLOW_TRACKING_URI; exit status 2 means the input was
rejected and nothing changed.
"""

from __future__ import annotations

import argparse
import sys

from core.cli import api, applications, data, experiments, models, monitoring, policy, review, users
from core.config import get_settings
from core.data.dataset import DataError

GROUPS = (data, models, users, experiments, applications, policy, monitoring, api, review)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="python -m core", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    from core.decisions.errors import ModelUnavailable  # not scoring: its imports take seconds
    from core.decisions.schema import ValidationError

    args = build_parser().parse_args(argv)
    settings = get_settings()
    if getattr(args, "models_dir", None):
        settings = settings.model_copy(update={"models_dir": args.models_dir})
    try:
        return args.run(args, settings)
    except (KeyboardInterrupt, EOFError):
        # Ctrl-C anywhere, or Ctrl-D at a prompt: stop without a traceback (an open transaction rolls back).
        print("\nStopped.", file=sys.stderr)
        return 130
    except (DataError, ValidationError) as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    except ModelUnavailable as error:
        print(f"Cannot score: {error}", file=sys.stderr)
        return 1
