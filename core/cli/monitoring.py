"""`replay`, `outcomes import`, `monitor` and `challenger`: history for monitoring, observed
outcomes, the portfolio report per period, and the shadow challenger of a segment."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.config import Settings
from core.data.dataset import DataError, Problem, read_applications
from core.modelling.features import SEGMENTS


def register(commands: Any) -> None:
    """Add the monitoring commands to the parser."""
    rp = commands.add_parser("replay", help="store each row of a file as a decision dated by its app_date")
    rp.add_argument("--data", required=True, type=Path)
    rp.add_argument("--models-dir", type=Path)
    rp.set_defaults(run=replay)

    oc = commands.add_parser("outcomes", help="observed outcomes of stored decisions")
    oc_commands = oc.add_subparsers(dest="outcomes_command", required=True)
    oi = oc_commands.add_parser("import", help="record outcomes (external_ref/client_id or application_id, default)")
    oi.add_argument("--data", required=True, type=Path)
    oi.set_defaults(run=import_outcomes)

    mo = commands.add_parser("monitor", help="volumes, stability and performance of a segment per period")
    mo.add_argument("--segment", required=True, choices=SEGMENTS)
    mo.add_argument("--from", dest="first", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD")
    mo.add_argument("--to", dest="last", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD")
    mo.add_argument("--by", choices=["week", "month"], default="month")
    mo.add_argument("--json", action="store_true", help="print a JSON list, one object per period")
    mo.add_argument("--models-dir", type=Path)
    mo.set_defaults(run=monitor)

    ch = commands.add_parser("challenger", help="name (or clear) a segment's shadow challenger")
    ch.add_argument("--segment", required=True, choices=SEGMENTS)
    target = ch.add_mutually_exclusive_group(required=True)
    target.add_argument("--run", help="an MLflow run with a saved model")
    target.add_argument("--version", help="a version already in the model store")
    target.add_argument("--clear", action="store_true")
    ch.add_argument("--models-dir", type=Path)
    ch.set_defaults(run=challenger)


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    from core.data.db import make_engine, migrate

    engine = make_engine(settings.database_url)
    migrate(engine)
    return engine


def replay(args: argparse.Namespace, settings: Settings) -> int:
    """Score and store a file's rows as decisions of their app_date."""
    from core.decisions.replay import replay_frame
    from core.modelling.registry import ModelStore

    frame = read_applications(args.data, purpose="replay")
    with Session(_engine(settings)) as session, session.begin():
        result = replay_frame(frame, session=session, store=ModelStore(settings.models_dir))
    print(
        f"Replayed {result.stored:,} applications as decisions {result.decisions}; "
        f"{result.skipped:,} were already stored."
    )
    return 0


def import_outcomes(args: argparse.Namespace, settings: Settings) -> int:
    """Record a file of outcomes whole, or nothing."""
    from core.monitoring.outcomes import read_outcomes, record_outcomes

    frame = read_outcomes(args.data)
    with Session(_engine(settings)) as session, session.begin():
        result = record_outcomes(frame, session=session)
    print(
        f"Recorded {result.recorded:,} outcomes ({result.defaults:,} defaults); "
        f"{result.replaced:,} replaced earlier ones."
    )
    refresh_summaries(SEGMENTS, settings)
    return 0


def monitor(args: argparse.Namespace, settings: Settings) -> int:
    """Print the report of a segment per period, as a table or JSON."""
    from core.modelling.registry import ModelStore
    from core.monitoring.alerts import find_alerts, raise_alerts
    from core.monitoring.report import monitor as report

    if args.last < args.first:
        raise DataError([Problem(0, "--to", str(args.last), "the period ends before it starts")], {}, 0)
    with Session(_engine(settings)) as session, session.begin():
        result = report(
            session=session,
            store=ModelStore(settings.models_dir),
            segment=args.segment,
            first=args.first,
            last=args.last,
            by=args.by,
        )
        raise_alerts(find_alerts(result.periods, target_bad_rate=settings.target_bad_rate), session=session)
    if args.json:
        print(json.dumps([p.as_json() for p in result.periods], indent=2))
        return 0
    print(
        f"{'period':<12}{'n':>8}{'approved':>10}{'mean PD':>9}{'PSI score':>10}"
        f"{'top input PSI':>28}{'AUROC':>7}{'est.':>7}"
    )
    for p in result.periods:
        inputs = {k: v for k, v in p.psi.items() if k != "score" and v is not None}
        top = max(inputs, key=inputs.__getitem__) if inputs else None
        top_text = f"{top} {inputs[top]:.3f}" if top else "-"
        auroc = f"{p.auroc:.3f}" if p.auroc is not None else "-"
        estimated = f"{p.estimated_auroc:.3f}" if p.estimated_auroc is not None else "-"
        score_psi = p.psi.get("score")
        print(
            f"{p.period.isoformat():<12}{p.n:>8,}{p.approval_rate or 0:>10.1%}{p.mean_pd or 0:>9.3f}"
            f"{score_psi if score_psi is not None else float('nan'):>10.3f}{top_text:>28}{auroc:>7}{estimated:>7}"
        )
    return 0


def challenger(args: argparse.Namespace, settings: Settings) -> int:
    """Name or clear a segment's shadow challenger."""
    from core.modelling import challengers
    from core.modelling.comparison import PromotionRefused
    from core.modelling.registry import ModelStore

    store = ModelStore(settings.models_dir)
    try:
        if args.clear:
            challengers.clear_challenger(store, args.segment)
            print(f"The {args.segment}-client segment has no challenger now.")
            return 0
        if args.run:
            meta = challengers.name_challenger(args.run, settings=settings, store=store, by="cli")
        else:
            meta = challengers.set_challenger(store, args.segment, args.version, by="cli")
    except (PromotionRefused, LookupError) as error:
        print(f"Refused: {error}")
        return 2
    print(f"{meta.version} ({meta.family}) now scores every {meta.segment}-client decision in the shadow.")
    return 0


def refresh_summaries(segments: Iterable[str], settings: Settings) -> None:
    """Bring the Monitoring page's summaries up to date now (`daily.refresh`), after a promotion, a
    rollback or an outcomes import, so that the first member of staff to open the page after it
    does not wait. What was done stands if this fails: the page then sums what is missing."""
    from sqlalchemy.exc import SQLAlchemyError

    from core.data.connections import DatabaseUnavailable
    from core.modelling.registry import ModelStore
    from core.monitoring import daily

    started = time.perf_counter()
    engine = None
    try:
        engine = _engine(settings)
        with Session(engine) as session, session.begin():
            days = daily.refresh(session=session, store=ModelStore(settings.models_dir), segments=segments)
    except (SQLAlchemyError, DatabaseUnavailable) as error:
        print(f"Monitoring summaries not brought up to date ({error}); the page will sum them.", file=sys.stderr)
        return
    finally:
        if engine is not None:
            engine.dispose()
    summed = f", {days} days summed on the champion's basis" if days else ""
    print(f"Monitoring summaries brought up to date{summed} in {time.perf_counter() - started:.1f} s.")
