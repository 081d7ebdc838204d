"""What the commands share: help with defaults, progress on stderr, KEY=VALUE parameters, and
summaries in words."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any


class HelpFormatter(argparse.HelpFormatter):
    """Every option's help line ends with its default, when it has one worth saying."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        quiet_default = action.default in (None, False, "", [], argparse.SUPPRESS)
        if "%(default)" in text or quiet_default or action.required or not action.option_strings:
            return text
        return f"{text} (default: %(default)s)"


def interactive() -> bool:
    """Whether stderr is a terminal: progress bars then, nothing otherwise (logs stay clean)."""
    return sys.stderr.isatty()


def progress(fraction: float, message: str) -> None:
    """Report a step on stderr, so stdout stays the command's result."""
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


@contextmanager
def row_bar(total: int, description: str) -> Iterator[Any]:
    """A progress bar of rows (count, elapsed, rate) on a terminal; `update(n)` does nothing elsewhere."""
    from tqdm import tqdm

    with tqdm(
        total=total, desc=description, unit=" rows", unit_scale=True, disable=not interactive(), leave=False
    ) as bar:
        yield bar
        bar.refresh()  # the final count is drawn, however fast the work was (tqdm redraws at most every 0.1 s)


@contextmanager
def fraction_bar(rows: int, description: str) -> Iterator[Any]:
    """A progress callback `(fraction, message)` drawn as a bar over `rows` on a terminal (for training,
    which reports fractions); silent elsewhere."""
    with row_bar(rows, description) as bar:

        def report(fraction: float, message: str) -> None:
            bar.set_postfix_str(message, refresh=False)
            bar.update(max(0, round(fraction * rows) - bar.n))

        yield report


def counted(counts: Mapping[str, int]) -> str:
    """'26,505 premium, 9,844 starter' from value counts, largest first."""
    return ", ".join(f"{n:,} {name}" for name, n in sorted(counts.items(), key=lambda item: -item[1]))


def parse_param(text: str) -> tuple[str, Any]:
    """`KEY=VALUE` with VALUE read as JSON when it is JSON (`depth=6`, `loss="Logloss"`)."""
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value
