"""`policy show|set|approve|rollback|simulate`: the credit policy, as on the Policy page.

A draft (`set`) becomes active only when a second risk manager approves it; `--user` names
the member of staff acting (a risk_manager or admin account), and every change is audited.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.config import Settings
from core.modelling.features import SEGMENTS


def register(commands: Any) -> None:
    """Add the policy commands to the parser."""
    group = commands.add_parser("policy", help="the credit policy: show, draft, simulate, approve, roll back")
    sub = group.add_subparsers(dest="policy_command", required=True)
    show = sub.add_parser("show", help="the active version and every other, with status")
    show.add_argument("--version", type=int, help="print this version's full rules")
    show.add_argument("--json", action="store_true")
    draft = sub.add_parser("set", help="write a draft: the active version with the given changes")
    draft.add_argument("--user", required=True)
    draft.add_argument("--reason", required=True)
    draft.add_argument("--file", type=Path, help="the whole policy as JSON (as `show --version N --json` prints it)")
    draft.add_argument("--segment", choices=SEGMENTS)
    _cutoff_options(draft)
    draft.add_argument("--refer-band", type=float, help="PD width above the cut-off sent to manual review")
    draft.add_argument("--starter-limit", type=int, help="the Starter card's credit limit, roubles")
    approve = sub.add_parser("approve", help="activate a draft (a second risk manager, not its author)")
    approve.add_argument("version", type=int)
    approve.add_argument("--user", required=True)
    approve.add_argument("--reason", default="")
    back = sub.add_parser("rollback", help="make the previous version active again")
    back.add_argument("--user", required=True)
    back.add_argument("--reason", default="rollback")
    sim = sub.add_parser("simulate", help="a proposal against the active version, on history and live applications")
    sim.add_argument("--segment", choices=SEGMENTS, required=True)
    _cutoff_options(sim)
    sim.add_argument("--version", type=int, help="simulate this draft instead")
    sim.add_argument("--days", type=int, default=30, help="live applications of the last N days")
    sim.add_argument("--json", action="store_true")
    for parser, run in ((show, show_policy), (draft, set_policy), (approve, approve_policy), (back, roll_back)):
        parser.set_defaults(run=run)
    sim.set_defaults(run=simulate_policy)


def _cutoff_options(parser: argparse.ArgumentParser) -> None:
    cut = parser.add_mutually_exclusive_group()
    cut.add_argument("--target-bad-rate", type=float, help="bad rate of the approved book, e.g. 0.07")
    cut.add_argument("--approval-rate", type=float, help="share of applicants approved, e.g. 0.4")
    cut.add_argument("--pd", type=float, help="the PD cut-off itself, e.g. 0.12")


def _cutoff(args: argparse.Namespace) -> tuple[str, float] | None:
    for basis in ("target_bad_rate", "approval_rate", "pd"):
        if getattr(args, basis) is not None:
            return basis, getattr(args, basis)
    return None


def _guarded(work: Any) -> int:
    """Run `work`; a refused request prints why and changes nothing (exit 2)."""
    from core.decisions.cutoffs import CutoffUnavailable
    from core.decisions.policy_store import PolicyError
    from core.decisions.simulation_data import SimulationUnavailable

    try:
        return work()
    except PolicyError as error:
        print(f"Refused: {error}", file=sys.stderr)
        return 2
    except (CutoffUnavailable, SimulationUnavailable) as error:
        print(f"Cannot simulate: {error}", file=sys.stderr)
        return 1


def _engine(settings: Settings) -> Any:
    from core.data.db import make_engine, migrate

    engine = make_engine(settings.database_url)
    migrate(engine)
    return engine


def show_policy(args: argparse.Namespace, settings: Settings) -> int:
    from core.decisions import policy_store
    from core.decisions.policy_reports import version_json, version_line
    from core.modelling.registry import ModelStore

    store = ModelStore(settings.models_dir)
    with Session(_engine(settings)) as session, session.begin():
        number = policy_store.ensure_initial(session=session, target_bad_rate=settings.target_bad_rate, store=store)
        policy_store.measure_unmeasured(session=session, number=number, store=store)
        views = policy_store.versions(session=session)
        if args.version is not None:
            view = policy_store.get_version(session=session, number=args.version)
            print(json.dumps(view.body.model_dump(mode="json"), indent=2, ensure_ascii=False))
            return 0
    if args.json:
        print(json.dumps([version_json(v) for v in views], default=str, indent=2))
    else:
        print("\n".join(version_line(view) for view in views))
    return 0


def set_policy(args: argparse.Namespace, settings: Settings) -> int:
    from core import staff
    from core.decisions import policy_store
    from core.decisions.cutoffs import measured_body
    from core.decisions.policy_reports import drafted_body
    from core.modelling.registry import ModelStore

    def work() -> int:
        with Session(_engine(settings)) as session, session.begin():
            store = ModelStore(settings.models_dir)
            number = policy_store.ensure_initial(session=session, target_bad_rate=settings.target_bad_rate, store=store)
            base = policy_store.active_body(session=session, number=number)
            given = json.loads(args.file.read_text()) if args.file else None
            body = drafted_body(base, given, args.segment, _cutoff(args), args.refer_band, args.starter_limit)
            body = measured_body(body, store)
            view = policy_store.create_draft(session=session, author=args.user, reason=args.reason, body=body)
            staff.record_audit(
                session=session, user_name=args.user, action="policy_draft", target=f"policy v{view.number}"
            )
        print(
            f"Draft version {view.number} written; a second risk manager approves it with "
            f"`python -m core policy approve {view.number} --user NAME`."
        )
        return 0

    return _guarded(work)


def approve_policy(args: argparse.Namespace, settings: Settings) -> int:
    from core import staff
    from core.decisions import policy_store

    def work() -> int:
        with Session(_engine(settings)) as session, session.begin():
            policy_store.ensure_initial(session=session, target_bad_rate=settings.target_bad_rate)
            view = policy_store.approve(session=session, number=args.version, approver=args.user, reason=args.reason)
            staff.record_audit(
                session=session, user_name=args.user, action="policy_approve", target=f"policy v{view.number}"
            )
        print(f"Version {view.number} is active: it decides the next application.")
        return 0

    return _guarded(work)


def roll_back(args: argparse.Namespace, settings: Settings) -> int:
    from core import staff
    from core.decisions import policy_store

    def work() -> int:
        with Session(_engine(settings)) as session, session.begin():
            policy_store.ensure_initial(session=session, target_bad_rate=settings.target_bad_rate)
            view = policy_store.rollback(session=session, by=args.user, reason=args.reason)
            staff.record_audit(
                session=session, user_name=args.user, action="policy_rollback", target=f"policy v{view.number}"
            )
        print(f"Rolled back: version {view.number} is active again.")
        return 0

    return _guarded(work)


def simulate_policy(args: argparse.Namespace, settings: Settings) -> int:
    from core.decisions import policy_store
    from core.decisions.policy_reports import drafted_body, simulation_json, simulation_text
    from core.decisions.simulation_data import simulate
    from core.modelling.registry import ModelStore

    def work() -> int:
        with Session(_engine(settings)) as session, session.begin():
            store = ModelStore(settings.models_dir)
            number = policy_store.ensure_initial(session=session, target_bad_rate=settings.target_bad_rate, store=store)
            chosen = args.version if args.version is not None else number
            body = policy_store.get_version(session=session, number=chosen).body
            if (cut := _cutoff(args)) is not None:
                body = drafted_body(body, segment=args.segment, cutoff=cut)
            result = simulate(
                session=session,
                store=store,
                segment=args.segment,
                proposed=body,
                lgd=settings.loss_given_default,
                target_bad_rate=settings.target_bad_rate,
                live_days=args.days,
            )
        print(json.dumps(simulation_json(result), indent=2) if args.json else simulation_text(result))
        return 0

    return _guarded(work)
