"""`train` and `score`: fit one model per segment, and score a file of applications."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.cli.common import HelpFormatter, counted, fraction_bar, parse_param, row_bar
from core.cli.monitoring import refresh_summaries
from core.config import Settings
from core.data.dataset import read_applications
from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS

_MODELS_DIR_HELP = "the model store (default: MODELS_DIR, models/)"


def register(commands: Any) -> None:
    """Add the model commands to the parser."""
    tr = commands.add_parser(
        "train",
        formatter_class=HelpFormatter,
        help="train one model per segment, track it in MLflow, save it, and serve it if it beats the champion",
        description="Cross-validate, choose the threshold, fit on all rows, save and track one model per segment. "
        "The first model of a segment is served; a later one only if it beats the champion on the same "
        'validation data, or with --force --reason "...".',
    )
    tr.add_argument("--data", type=Path, metavar="FILE", help="CSV in the real data's schema (default: the database)")
    tr.add_argument("--models-dir", type=Path, help=_MODELS_DIR_HELP)
    tr.add_argument("--segment", choices=[*SEGMENTS, "both"], default="both", help="which segment's model to train")
    tr.add_argument("--family", choices=FAMILIES, default="catboost", help="model family")
    tr.add_argument("--folds", type=int, default=5, help="stratified cross-validation folds")
    tr.add_argument(
        "--param",
        type=parse_param,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a model parameter over the family's defaults, VALUE as JSON (repeatable; e.g. iterations=300)",
    )
    tr.add_argument("--no-promote", action="store_true", help="save and track, but never serve it")
    tr.add_argument(
        "--force", action="store_true", help="serve it even if it does not beat the champion (needs --reason)"
    )
    tr.add_argument("--reason", default="", help="why it is forced; recorded with the promotion")

    sc = commands.add_parser(
        "score",
        formatter_class=HelpFormatter,
        help="score a CSV: one output row per input row",
        description="Score a CSV of applications with each segment's champion: one output row per input row "
        "(client_id, segment, pd, decision, reasons, model_version).",
    )
    sc.add_argument("--data", required=True, type=Path, metavar="FILE", help="CSV of applications (UTF-8)")
    sc.add_argument("--out", required=True, type=Path, metavar="FILE", help="where to write the scored CSV")
    sc.add_argument(
        "--segment",
        choices=["new", "existing", "auto"],
        default="auto",
        help="auto: the existing-client model for rows with all five bank fields, the new-client model otherwise",
    )
    sc.add_argument("--models-dir", type=Path, help=_MODELS_DIR_HELP)
    tr.set_defaults(run=train)
    sc.set_defaults(run=score)


def train(args: argparse.Namespace, settings: Settings) -> int:
    from core.data import imports, repository
    from core.data.db import make_engine, migrate
    from core.modelling.registry import ModelStore
    from core.modelling.training import train as train_models

    if args.force and not args.reason.strip():
        print('Rejected: --force needs --reason "why" (it is recorded with the promotion).', file=sys.stderr)
        return 2
    if args.data:
        frame = read_applications(args.data, purpose="history")
        source = {"source": "file", "path": str(args.data.resolve())}
    else:
        engine = make_engine(settings.database_url)
        migrate(engine)
        with Session(engine) as session:
            frame = repository.history_frame(session=session)
            demo = imports.demo_history_rows(session=session) > 0
        engine.dispose()
        if frame.empty:
            print(
                "Rejected: no historical applications in the database: run .venv/bin/python -m core import --data FILE"
            )
            return 2
        source = {"source": "demo" if demo else "database"}
    segments = list(SEGMENTS) if args.segment == "both" else [args.segment]
    outcomes: dict[str, str] = {}
    promoted: list[str] = []

    def record(meta: Any, outcome: Any) -> None:
        outcomes[meta.segment] = outcome.why
        if outcome.promoted:
            promoted.append(meta.segment)

    started = time.perf_counter()
    with fraction_bar(len(frame) * len(segments), "train") as report:
        metas = train_models(
            frame,
            settings=settings,
            store=ModelStore(settings.models_dir),
            segments=segments,
            family=args.family,
            params=dict(args.param),
            folds=args.folds,
            promote=not args.no_promote,
            force_reason=args.reason if args.force else "",
            source=source,
            progress=report,
            on_outcome=record,
        )
    print(f"Trained {len(metas)} model(s) on {metas[0].training_data()} in {time.perf_counter() - started:.0f} s.")
    for meta in metas:
        m = meta.metrics
        print(
            f"{meta.segment}-client: {meta.family} {meta.version}: AUROC {m['auroc']:.4f}, PR AUC {m['pr_auc']:.4f}, "
            f"KS {m['ks']:.4f}, Brier {m['brier']:.4f}; the threshold {meta.threshold:.4f} approves "
            f"{m['approval_rate']:.1%} of applicants for Premium at a {m['approved_bad_rate']:.1%} default rate; "
            + outcomes.get(meta.segment, "not promoted (--no-promote)")
            + "."
        )
        if "auroc_sd" in m:
            print(f"  over {meta.extra['folds']} folds: AUROC ± {m['auroc_sd']:.4f}, PR AUC ± {m['pr_auc_sd']:.4f}")
        if "oot_auroc" in m:
            print(
                f"  out of time (fit before {meta.extra['oot_month']}, scored on that month): "
                f"AUROC {m['oot_auroc']:.4f}, mean PD {m['oot_mean_pd']:.1%} "
                f"against {m['oot_default_rate']:.1%} observed"
            )
    if promoted:
        refresh_summaries(promoted, settings)
    return 0


def score(args: argparse.Namespace, settings: Settings) -> int:
    import pyarrow as pa
    import pyarrow.csv

    from core.data.db import make_engine, migrate
    from core.decisions import policy_serving
    from core.decisions.scoring import score_frame
    from core.modelling.registry import ModelStore

    started = time.perf_counter()
    frame = read_applications(args.data, purpose="score")
    engine = make_engine(settings.database_url)
    migrate(engine)
    with Session(engine) as session:
        served = policy_serving.current(session=session, engine=engine)  # the version deciding now
    store = ModelStore(settings.models_dir)
    with row_bar(len(frame), "score") as bar:
        result = score_frame(frame, store=store, segment=args.segment, on_rows=bar.update, served=served)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pyarrow.csv.write_csv(pa.Table.from_pandas(result, preserve_index=False), args.out)
    elapsed = time.perf_counter() - started
    counts = result["decision"].value_counts().to_dict()
    print(f"Scored {len(result):,} rows in {elapsed:.1f} s: {counted(counts)}. Written to {args.out}.")
    for segment in sorted(set(result["segment"])):
        model = store.champion(segment)
        if model is not None and model.meta.is_demo:
            print(
                f"Warning: the {segment}-client decisions come from a DEMO model trained on synthetic data "
                f"({model.meta.version}); import real history and train before relying on them.",
                file=sys.stderr,
            )
    return 0
