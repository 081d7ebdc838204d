"""The command line: set up, import, train, score. Every command honours DATABASE_URL and
MLFLOW_TRACKING_URI; exit status 2 means the input was rejected and nothing changed."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.auth import ROLES
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

    us = commands.add_parser("users", help="staff accounts of the app; passwords are prompted for or read from stdin")
    users = us.add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add", help="add a staff account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    users.add_parser("list", help="list the staff accounts")
    reset = users.add_parser("reset-password", help="set a new password; also lifts a lockout")
    reset.add_argument("name")
    for command in (add, reset):
        command.add_argument("--password", help=argparse.SUPPRESS)  # accepted only to be refused clearly
    _experiment_commands(commands)
    return parser


def _experiment_commands(commands: Any) -> None:
    from core.studies import OBJECTIVES

    tu = commands.add_parser("tune", help="run or join an Optuna study (any machine with the same DATABASE_URL)")
    tu.add_argument("--segment", required=True, choices=SEGMENTS)
    tu.add_argument("--family", choices=FAMILIES, default="catboost")
    tu.add_argument("--study", help="study name; workers given the same name share the study")
    tu.add_argument("--trials", type=int, help="trials this worker runs (default 20 without --timeout)")
    tu.add_argument("--timeout", type=float, help="seconds after which this worker starts no new trial")
    tu.add_argument("--objective", choices=OBJECTIVES, default="pr_auc")
    tu.add_argument("--no-pruning", action="store_true", help="run every trial's folds to the end")
    tu.add_argument("--data", type=Path, help="CSV in the real data's schema (default: the database)")
    tu.add_argument(
        "--param", type=_param, action="append", default=[], metavar="KEY=VALUE", help="fixed, not searched"
    )

    pr = commands.add_parser("promote", help="serve an MLflow run's model if it beats the champion (or say why)")
    pr.add_argument("--segment", required=True, choices=SEGMENTS)
    pr.add_argument("--run", required=True, help="MLflow run id (a study's best trial, or a training run)")
    pr.add_argument("--reason", default="", help="why; required to promote a model that does not beat the champion")
    pr.add_argument("--objective", choices=OBJECTIVES, help="default: the run's study objective")
    pr.add_argument("--models-dir", type=Path)

    rb = commands.add_parser("rollback", help="serve the segment's previous champion again")
    rb.add_argument("--segment", required=True, choices=SEGMENTS)
    rb.add_argument("--reason", default="")
    rb.add_argument("--models-dir", type=Path)


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


def _users(args: argparse.Namespace, settings: Settings) -> int:
    from core import auth
    from core.db import make_engine, migrate

    if getattr(args, "password", None) is not None:
        print(
            "Refused: a password given as an argument stays in the shell history and the process list. "
            "Type it at the prompt, or pipe it on stdin: printf '%s\\n' \"$PASSWORD\" | python -m core users ...",
            file=sys.stderr,
        )
        return 2
    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        if args.users_command == "list":
            now = datetime.now(UTC)
            with Session(engine) as session:
                for user in auth.list_users(session=session):
                    state = "active" if user.active else "deactivated"
                    until = auth.locked_until(user, now)
                    locked = f", locked until {until:%Y-%m-%d %H:%M} UTC" if until else ""
                    print(f"{user.name:<24} {user.role:<15} {state}{locked}")
            return 0
        password = _read_password()
        with Session(engine) as session, session.begin():
            if args.users_command == "add":
                user = auth.create_user(session=session, name=args.name, role=args.role, password=password)
                done = f"Created {user.role} {user.name}."
            else:
                user = auth.reset_password(session=session, name=args.name, password=password)
                done = f"New password set for {user.name}; any lockout is lifted."
            action = "user_created" if args.users_command == "add" else "password_reset"
            auth.record_audit(session=session, user_name="cli", action=action, target=user.name)
        print(done)
        return 0
    except auth.AccountError as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()


def _read_password() -> str:
    """From a prompt (twice) on a terminal, else the first line of stdin."""
    from core.auth import AccountError

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != password:
        raise AccountError("passwords_differ")
    return password


def _tune(args: argparse.Namespace, settings: Settings) -> int:
    # Idle OpenMP threads of LightGBM and XGBoost spin only briefly before they sleep: on a machine
    # that also serves the app or runs a second worker, the default long spin makes each fit 4-10
    # times slower, while a short one costs ~10 % on an idle machine (measured on the real data).
    # It must be set before the OpenMP runtime loads, i.e. before the imports below.
    os.environ.setdefault("GOMP_SPINCOUNT", "1000")
    from core.studies import StudySpec, default_study_name, storage_url
    from core.tuning import StudyMismatch, tune

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
        result = tune(spec, settings=settings, progress=_progress)
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


def _promote(args: argparse.Namespace, settings: Settings) -> int:
    from core import champions
    from core.registry import ModelStore

    try:
        if champions.candidate(args.run, settings=settings).segment != args.segment:
            print(f"Rejected: run {args.run} is not a {args.segment}-client model", file=sys.stderr)
            return 2
        promotion = champions.promote(
            args.run,
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
    return 0


def _rollback(args: argparse.Namespace, settings: Settings) -> int:
    from core import champions
    from core.registry import ModelStore

    store = ModelStore(settings.models_dir)
    try:
        version = champions.rollback(
            args.segment, settings=settings, store=store, by=f"cli:{getpass.getuser()}", reason=args.reason
        )
    except LookupError as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    print(f"{args.segment}: {version} is the champion again.")
    return 0


COMMANDS = {
    "setup": _setup,
    "import": _import,
    "train": _train,
    "score": _score,
    "users": _users,
    "tune": _tune,
    "promote": _promote,
    "rollback": _rollback,
}
