"""`train` and `score`: fit one model per segment, and score a file of applications."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.cli.common import parse_param, progress
from core.config import Settings
from core.data.dataset import read_applications
from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS


def register(commands: Any) -> None:
    """Add the model commands to the parser."""
    tr = commands.add_parser("train", help="train one model per segment, track it in MLflow, save and promote it")
    tr.add_argument("--data", type=Path, help="CSV in the real data's schema (default: the database)")
    tr.add_argument("--models-dir", type=Path)
    tr.add_argument("--segment", choices=[*SEGMENTS, "both"], default="both")
    tr.add_argument("--family", choices=FAMILIES, default="catboost")
    tr.add_argument("--folds", type=int, default=5)
    tr.add_argument("--param", type=parse_param, action="append", default=[], metavar="KEY=VALUE")
    tr.add_argument("--no-promote", action="store_true", help="save without serving it")

    sc = commands.add_parser("score", help="score a CSV: one output row per input row")
    sc.add_argument("--data", required=True, type=Path)
    sc.add_argument("--out", required=True, type=Path)
    sc.add_argument("--segment", choices=["new", "existing", "auto"], default="auto")
    sc.add_argument("--models-dir", type=Path)
    tr.set_defaults(run=train)
    sc.set_defaults(run=score)


def train(args: argparse.Namespace, settings: Settings) -> int:
    from core.data import repository
    from core.data.db import make_engine, migrate
    from core.modelling.registry import ModelStore
    from core.modelling.training import train as train_models

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
    metas = train_models(
        frame,
        settings=settings,
        store=ModelStore(settings.models_dir),
        segments=segments,
        family=args.family,
        params=dict(args.param),
        folds=args.folds,
        promote=not args.no_promote,
        progress=progress,
    )
    for meta in metas:
        m = meta.metrics
        print(
            f"{meta.segment}: {meta.family} {meta.version}  AUROC {m['auroc']:.4f}  PR AUC {m['pr_auc']:.4f}  "
            f"KS {m['ks']:.4f}  Brier {m['brier']:.4f}  threshold {meta.threshold:.4f}  "
            f"approves {m['approval_rate']:.1%} at {m['approved_bad_rate']:.1%} bad"
        )
        if "auroc_sd" in m:
            print(f"  over {meta.extra['folds']} folds: AUROC ± {m['auroc_sd']:.4f}, PR AUC ± {m['pr_auc_sd']:.4f}")
        if "oot_auroc" in m:
            print(
                f"  out of time (fit before {meta.extra['oot_month']}, scored on that month): "
                f"AUROC {m['oot_auroc']:.4f}, mean PD {m['oot_mean_pd']:.1%} "
                f"against {m['oot_default_rate']:.1%} observed"
            )
    return 0


def score(args: argparse.Namespace, settings: Settings) -> int:
    import pyarrow as pa
    import pyarrow.csv

    from core.decisions.scoring import score_frame
    from core.modelling.registry import ModelStore

    started = time.perf_counter()
    frame = read_applications(args.data, purpose="score")
    result = score_frame(frame, store=ModelStore(settings.models_dir), segment=args.segment)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pyarrow.csv.write_csv(pa.Table.from_pandas(result, preserve_index=False), args.out)
    elapsed = time.perf_counter() - started
    counts = result["decision"].value_counts().to_dict()
    print(f"Scored {len(result):,} rows in {elapsed:.1f} s -> {args.out}  {counts}")
    return 0
