"""What the commands share: progress on stderr and KEY=VALUE parameters."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def progress(fraction: float, message: str) -> None:
    """Report progress on stderr, so stdout stays the command's result."""
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def parse_param(text: str) -> tuple[str, Any]:
    """`KEY=VALUE` with VALUE read as JSON when it is JSON (`depth=6`, `loss="Logloss"`)."""
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value
