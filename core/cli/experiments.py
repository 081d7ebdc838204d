"""`tune`, `promote` and `rollback`: Optuna studies and the champion each segment serves."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from core.cli.common import HelpFormatter, parse_param, progress
from core.cli.monitoring import refresh_summaries
from core.config import Settings
from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS
from core.modelling.studies import OBJECTIVES


def register(commands: Any) -> None:
    """Add the experiment commands to the parser."""
    tu = commands.add_parser(
        "tune",
        formatter_class=HelpFormatter,
        help="run or join an Optuna study (any machine with the same DATABASE_URL)",
    )
    tu.add_argument("--segment", required=True, choices=SEGMENTS, help="which segment's model to tune")
    tu.add_argument("--family", choices=FAMILIES, default="catboost", help="model family")
    tu.add_argument("--study", help="study name; workers given the same name share the study")
    tu.add_argument("--trials", type=int, help="trials this worker runs (default 20 without --timeout)")
    tu.add_argument("--timeout", type=float, help="seconds after which this worker starts no new trial")
    tu.add_argument("--objective", choices=OBJECTIVES, default="pr_auc", help="what the study maximises")
    tu.add_argument("--no-pruning", action="store_true", help="run every trial's folds to the end")
    tu.add_argument("--data", type=Path, help="CSV in the real data's schema (default: the database)")
    tu.add_argument(
        "--param", type=parse_param, action="append", default=[], metavar="KEY=VALUE", help="fixed, not searched"
    )

    pr = commands.add_parser(
        "promote",
        formatter_class=HelpFormatter,
        help="serve an MLflow run's model if it beats the champion (or say why)",
    )
    pr.add_argument("--segment", required=True, choices=SEGMENTS, help="the segment the run's model is for")
    pr.add_argument(
        "--run", dest="run_id", required=True, help="MLflow run id (a study's best trial, or a training run)"
    )
    pr.add_argument("--reason", default="", help="why; required to promote a model that does not beat the champion")
    pr.add_argument("--objective", choices=OBJECTIVES, help="default: the run's study objective")
    pr.add_argument("--models-dir", type=Path, help="the model store (default: MODELS_DIR, models/)")

    rb = commands.add_parser(
        "rollback", formatter_class=HelpFormatter, help="serve the segment's previous champion again"
    )
    rb.add_argument("--segment", required=True, choices=SEGMENTS, help="the segment to roll back")
    rb.add_argument("--reason", default="", help="why; recorded with the rollback")
    rb.add_argument("--models-dir", type=Path, help="the model store (default: MODELS_DIR, models/)")

    tu.set_defaults(run=tune)
    pr.set_defaults(run=promote)
    rb.set_defaults(run=rollback)


def tune(args: argparse.Namespace, settings: Settings) -> int:
    # Idle OpenMP threads of LightGBM and XGBoost spin only briefly before they sleep: on a machine
    # that also serves the app or runs a second worker, the default long spin makes each fit 4-10
    # times slower, while a short one costs ~10 % on an idle machine (measured on the real data).
    # It must be set before the OpenMP runtime loads, i.e. before the imports below.
    os.environ.setdefault("GOMP_SPINCOUNT", "1000")
    from core.modelling.studies import StudyMismatch, StudySpec, default_study_name, storage_url
    from core.modelling.tuning import tune as run_study

    trials = 20 if args.trials is None and args.timeout is None else args.trials
    try:  # a StudySpec checks its name and budgets
        spec = StudySpec(
            name=args.study or default_study_name(args.segment, args.family),
            segment=args.segment,
            family=args.family,
            objective=args.objective,
            n_trials=trials,
            timeout=args.timeout,
            pruning=not args.no_pruning,
            fixed=dict(args.param),
            data=args.data,
        )
        print(f"Study {spec.name} in {_redacted(storage_url(settings.database_url))}", file=sys.stderr, flush=True)
        result = run_study(spec, settings=settings, progress=progress)
    except (StudyMismatch, ValueError) as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    best = "no complete trial" if result.best_value is None else f"best {spec.objective} {result.best_value:.4f}"
    auroc = result.best_metrics.get("auroc")
    print(
        f"{spec.name}: {result.trials} trial(s) here, {result.pruned} pruned; {best}"
        + (f" (AUROC {auroc:.4f}), run {result.best_run_id}" if auroc is not None else "")
    )
    return 0


def _redacted(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


def promote(args: argparse.Namespace, settings: Settings) -> int:
    from core.modelling import champions
    from core.modelling.registry import ModelStore

    try:
        if champions.candidate(args.run_id, settings=settings).segment != args.segment:
            print(f"Rejected: run {args.run_id} is not a {args.segment}-client model", file=sys.stderr)
            return 2
        promotion = champions.promote(
            args.run_id,
            settings=settings,
            store=ModelStore(settings.models_dir),
            by=f"cli:{getpass.getuser()}",
            reason=args.reason,
            objective=args.objective,
        )
    except (champions.PromotionRefused, champions.StaleData) as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    override = " (override)" if promotion.overridden else ""
    print(
        f"{promotion.segment}: {promotion.version} is the champion{override}; "
        f"MLflow {champions.registered_model_name(promotion.segment)} v{promotion.registered_version} "
        f"@{champions.ALIAS}. {promotion.comparison.describe()}"
    )
    refresh_summaries([promotion.segment], settings)
    return 0


def rollback(args: argparse.Namespace, settings: Settings) -> int:
    from core.modelling import champions
    from core.modelling.registry import ModelStore

    store = ModelStore(settings.models_dir)
    try:
        version = champions.rollback(
            args.segment, settings=settings, store=store, by=f"cli:{getpass.getuser()}", reason=args.reason
        )
    except (LookupError, champions.BrokenModel) as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    print(f"{args.segment}: {version} is the champion again.")
    refresh_summaries([args.segment], settings)
    return 0
