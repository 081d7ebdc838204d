"""`review`: the manual review queue from the command line, as analysts work it in the app.

`list` shows referred applications still waiting for a final decision, oldest first; `show`
prints everything the decision record holds; `decide` records an analyst's decision (named by
`--analyst`, a staff account that may review) with a required note.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.config import Settings
from core.data.orm import Application, ApplicationReview

TIME = "%Y-%m-%d %H:%M"


def register(commands: Any) -> None:
    """Add the `review` command group to the parser."""
    from core.decisions.review import OUTCOMES, REVIEW_OFFERS

    rv = commands.add_parser("review", help="the manual review queue: referred applications and analysts' decisions")
    review = rv.add_subparsers(dest="review_command", required=True)
    listing = review.add_parser("list", help="referred applications waiting for a decision, oldest first")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--offset", type=int, default=0)
    show = review.add_parser("show", help="everything the decision record of an application holds")
    show.add_argument("id", type=int)
    decide = review.add_parser(
        "decide", help="approve (with a card), decline, or ask for documents; a note is required"
    )
    decide.add_argument("id", type=int)
    decide.add_argument("--outcome", required=True, choices=OUTCOMES)
    decide.add_argument("--offer", choices=REVIEW_OFFERS, help="the card granted (with --outcome approved)")
    decide.add_argument("--note", required=True, help="why this decision (stored and audited)")
    decide.add_argument("--analyst", required=True, help="the staff account deciding")
    rv.set_defaults(run=review_command)


def review_command(args: argparse.Namespace, settings: Settings) -> int:
    from core.data.db import make_engine, migrate
    from core.decisions.review import ReviewError

    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        with Session(engine) as session, session.begin():
            lines = {"list": _list, "show": _show, "decide": _decide}[args.review_command](session, args)
        print("\n".join(lines))
        return 0
    except ReviewError as error:
        print(f"Rejected: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()


def _list(session: Session, args: argparse.Namespace) -> list[str]:
    from core.data import reviews
    from core.decisions.review import referral_texts, review_state

    rows, total = reviews.review_queue(session=session, limit=max(args.limit, 1), offset=max(args.offset, 0))
    latest = reviews.latest_reviews(session=session, application_ids=[a.id for a in rows])
    if not total:
        return ["No applications are waiting for review."]
    lines = [f"{total:,} waiting for review, oldest first:", f"{'No.':>7}  {'received (UTC)':<16}  {'state':<19}  name"]
    for a in rows:
        state = _outcome(review_state(a, latest.get(a.id)))
        lines.append(f"{a.id:>7}  {_time(a.created_at)}  {state:<19}  {_applicant(a)}")
        lines += [f"{'':>9}{why}" for why in referral_texts(a)]
    if args.offset + len(rows) < total:
        lines.append(
            f"Showing {args.offset + 1}-{args.offset + len(rows)}; more with --offset {args.offset + len(rows)}"
        )
    return lines


def _show(session: Session, args: argparse.Namespace) -> list[str]:
    from core.decisions.review import review_case
    from core.staff import record_audit

    case = review_case(session=session, application_id=args.id)
    record_audit(session=session, user_name="cli", action="view_decision", target=str(args.id))
    return describe(case.application, case.reviews, case.linked)


def _decide(session: Session, args: argparse.Namespace) -> list[str]:
    from core import staff
    from core.decisions.review import ReviewError, decide

    account = staff.find_user(session=session, name=args.analyst)
    if account is None or not account.active or not staff.may_open(account.role, "review"):
        raise ReviewError("not_a_reviewer", name=args.analyst)
    done = decide(
        session=session,
        application_id=args.id,
        reviewer=account.name,
        outcome=args.outcome,
        offer=args.offer,
        note=args.note,
    )
    card = f" ({done.offer})" if done.offer else ""
    return [
        f"Application {args.id}: {_outcome(done.outcome)}{card} by {done.reviewer} at {_time(done.decided_at)} UTC."
    ]


def describe(application: Application, reviews: list[ApplicationReview], linked: list[Application]) -> list[str]:
    """The whole decision record in plain text, the staff decisions after it."""
    from core.decisions.explanations import staff_contributions, staff_reason_text
    from core.decisions.review import identity_text, referral_texts

    a = application
    lines = [
        f"Application {a.id}, received {_time(a.created_at)} UTC",
        f"  applicant   {_applicant(a, born=True)}",
        f"  client      {a.client_id if a.client_id else 'not a client of the bank'} ({a.segment}-client model)",
        f"  decision    {a.decision} (offer {a.offer}) · PD {a.pd:.1%} against threshold {a.threshold:.1%}",
        f"  model       {a.model_name} {a.model_version}",
    ]
    if policy := getattr(a, "policy_version", None):  # records carry it once the policy is versioned
        lines.append(f"  policy      {policy}")
    if a.knockout:
        lines.append(f"  knock-out   {a.knockout}")
    lines += [f"  referred    {why}" for why in referral_texts(a)]
    if a.identity_check:
        lines.append(f"  identity    {identity_text(a.identity_check)}")
    lines.append("Reasons (contribution to the log-odds of default; + raises the risk):")
    lines += [f"  {staff_reason_text(r, 'en')}" for r in a.reasons]
    if a.contributions:
        lines.append("Every feature's contribution:")
        everything = staff_contributions(a.features, a.contributions, "en")
        lines += [f"  {c:+.3f}  {name}: {value}" for name, value, c in everything]
    lines.append("Answers:")
    lines += [f"  {key:<18} {value}" for key, value in a.answers.items()]
    lines.append("Model input:")
    lines += [f"  {key:<18} {value}" for key, value in a.features.items()]
    lines.append("Linked applications (same passport, same client):" if linked else "Linked applications: none")
    lines += [f"  {o.id:>7}  {_time(o.created_at)}  {o.decision:<11}  {_applicant(o)}" for o in linked]
    lines.append("Staff decisions:" if reviews else "Staff decisions: none")
    for r in reviews:
        card = f" ({r.offer})" if r.offer else ""
        lines.append(f"  {r.step}. {_time(r.decided_at)} UTC  {_outcome(r.outcome)}{card} by {r.reviewer}: {r.note}")
    return lines


def _outcome(code: str | None) -> str:
    from core.i18n import t

    return t(f"review.outcome.{code}") if code else ""


def _time(moment: datetime) -> str:
    from core.data.db import as_utc

    return as_utc(moment).strftime(TIME)


def _applicant(a: Application, *, born: bool = False) -> str:
    """Who applied, as the record names them; a replayed application (`python -m core replay`)
    has no person behind it, only the file's own id."""
    if a.passport is None or a.birth_date is None:
        return f"{'none: ' if born else ''}replayed from a file, its id {a.external_ref}"
    passport = f"passport {a.passport[:4]} {a.passport[4:]}"
    return f"{a.full_name}, born {a.birth_date:%Y-%m-%d}, {passport}" if born else f"{a.full_name} · {passport}"
