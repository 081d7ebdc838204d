"""The command line: set up, import, train, score. Every command honours DATABASE_URL and
MLFLOW_TRACKING_URI; exit status 2 means the input was rejected and nothing changed."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.config import Settings, get_settings
from core.dataset import DataError, read_applications
from core.estimators import FAMILIES
from core.features import SEGMENTS


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def _param(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(prog="python -m core", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("setup", help="migrate the database; on first run add demo data and train demo models")

    imp = commands.add_parser("import", help="load historical applications (real data's CSV schema)")
    imp.add_argument("--data", required=True, type=Path)

    tr = commands.add_parser("train", help="train one model per segment, track it in MLflow, save and promote it")
    tr.add_argument("--data", type=Path, help="CSV in the real data's schema (default: the database)")
    tr.add_argument("--models-dir", type=Path)
    tr.add_argument("--segment", choices=[*SEGMENTS, "both"], default="both")
    tr.add_argument("--family", choices=FAMILIES, default="catboost")
    tr.add_argument("--folds", type=int, default=5)
    tr.add_argument("--param", type=_param, action="append", default=[], metavar="KEY=VALUE")
    tr.add_argument("--no-promote", action="store_true", help="save without serving it")

    sc = commands.add_parser("score", help="score a CSV: one output row per input row")
    sc.add_argument("--data", required=True, type=Path)
    sc.add_argument("--out", required=True, type=Path)
    sc.add_argument("--segment", choices=["new", "existing", "auto"], default="auto")
    sc.add_argument("--models-dir", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    from core.schema import ValidationError
    from core.scoring import ModelUnavailable

    args = build_parser().parse_args(argv)
    settings = get_settings()
    if getattr(args, "models_dir", None):
        settings = settings.model_copy(update={"models_dir": args.models_dir})
    try:
        return COMMANDS[args.command](args, settings)
    except (DataError, ValidationError) as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    except ModelUnavailable as error:
        print(f"Cannot score: {error}", file=sys.stderr)
        return 1


def _setup(args: argparse.Namespace, settings: Settings) -> int:
    from core.bootstrap import ensure_ready

    ensure_ready(settings, progress=_progress)
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from core import repository
    from core.db import make_engine, migrate

    frame = read_applications(args.data, purpose="history")
    engine = make_engine(settings.database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        result = repository.import_history(session=session, frame=frame)
    print(f"Imported {result.inserted:,} applications; {result.skipped:,} were already in the database.")
    return 0


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from core import repository
    from core.db import make_engine, migrate
    from core.registry import ModelStore
    from core.training import train

    if args.data:
        frame = read_applications(args.data, purpose="history")
    else:
        engine = make_engine(settings.database_url)
        migrate(engine)
        with Session(engine) as session:
            frame = repository.history_frame(session=session)
        if frame.empty:
            print("No historical applications in the database: run `python -m core import --data FILE`.")
            return 2
    segments = list(SEGMENTS) if args.segment == "both" else [args.segment]
    metas = train(
        frame,
        settings=settings,
        store=ModelStore(settings.models_dir),
        segments=segments,
        family=args.family,
        params=dict(args.param),
        folds=args.folds,
        promote=not args.no_promote,
        progress=_progress,
    )
    for meta in metas:
        m = meta.metrics
        print(
            f"{meta.segment}: {meta.family} {meta.version}  AUROC {m['auroc']:.4f}  PR AUC {m['pr_auc']:.4f}  "
            f"KS {m['ks']:.4f}  Brier {m['brier']:.4f}  threshold {meta.threshold:.4f}  "
            f"approves {m['approval_rate']:.1%} at {m['approved_bad_rate']:.1%} bad"
        )
    return 0


def _score(args: argparse.Namespace, settings: Settings) -> int:
    import pyarrow as pa
    import pyarrow.csv

    from core.registry import ModelStore
    from core.scoring import score_frame

    started = time.perf_counter()
    frame = read_applications(args.data, purpose="score")
    result = score_frame(frame, store=ModelStore(settings.models_dir), segment=args.segment)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pyarrow.csv.write_csv(pa.Table.from_pandas(result, preserve_index=False), args.out)
    elapsed = time.perf_counter() - started
    counts = result["decision"].value_counts().to_dict()
    print(f"Scored {len(result):,} rows in {elapsed:.1f} s -> {args.out}  {counts}")
    return 0


COMMANDS = {"setup": _setup, "import": _import, "train": _train, "score": _score}
