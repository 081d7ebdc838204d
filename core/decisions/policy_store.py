"""Policy versions in the database: drafts, four-eyes activation, rollback, and which version decides.

Nothing here is ever edited or deleted. A version (`policy_versions`) is written once, with
its author, reason and time; it becomes active only through an activation event
(`policy_activations`, append-only): the first version at first start, an approval by a
second risk manager, or a rollback. A version's status (draft / active / retired) and its
approver follow from those events. Callers audit each change (`core.staff.record_audit`) in
the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.data.db import as_utc
from core.data.orm import PolicyActivation, PolicyMeasurement, PolicyVersion, StaffAccount
from core.decisions.cutoffs import measured_body, measured_now
from core.decisions.policy_defaults import initial_body
from core.decisions.policy_rules import Measured, PolicyBody
from core.i18n import t
from core.modelling.registry import ModelStore

POLICY_ROLES = ("risk_manager", "admin")
SYSTEM = "system"


class PolicyError(ValueError):
    """A policy request was refused; `code` and `params` name the reason, nothing was changed."""

    def __init__(self, code: str, **params: Any):
        self.code, self.params = code, params
        super().__init__(self.message())

    def message(self, lang: str = "en") -> str:
        """The reason in plain words, in `lang`."""
        return t(f"policy.error.{self.code}", lang, **self.params)


@dataclass(frozen=True)
class LaterMeasurement:
    """A segment's cut-off measured after its version was written (no champion could measure it
    then): an annotation beside the version, whose rules stay as written."""

    measured: Measured
    at: datetime


@dataclass(frozen=True)
class PolicyVersionView:
    """One version with the status its activation events give it, and its cut-offs measured later."""

    number: int
    created_at: datetime
    author: str
    reason: str
    based_on: int | None
    body: PolicyBody
    status: str  # draft | active | retired
    approved_by: str | None
    approved_at: datetime | None
    measured_later: dict[str, LaterMeasurement]  # by segment, where not measured when written

    def measurement(self, segment: str) -> tuple[Measured | None, datetime | None]:
        """The segment's cut-off as measured: when written (time None), later (its time), or neither."""
        written = self.body.segments[segment].cutoff.measured  # type: ignore[index]
        later = self.measured_later.get(segment)
        return (written, None) if written is not None or later is None else (later.measured, later.at)


def activation_stack(events: list[PolicyActivation]) -> list[int]:
    """The versions that were active, oldest first, as approvals and rollbacks left them: an
    approval puts a version on top, a rollback takes the top one off."""
    stack: list[int] = []
    for event in events:
        if event.kind == "rollback":
            stack.pop()
        else:
            stack.append(event.number)
    return stack


def active_number(*, session: Session) -> int | None:
    """The number of the version that decides now (one indexed row: cheap enough for every decision)."""
    query = select(PolicyActivation.number).order_by(PolicyActivation.id.desc()).limit(1)
    return session.scalar(query)


def ensure_initial(
    *, session: Session, target_bad_rate: float, store: ModelStore | None = None, now: datetime | None = None
) -> int:
    """Write and activate version 1 (today's behaviour) if there is no version yet, its cut-offs
    measured on the champions in `store` where they can be; returns the active number. Two
    processes racing on a fresh database: one insert wins (unique number)."""
    number = active_number(session=session)
    if number is not None:
        return number
    now = now or datetime.now(UTC)
    body = initial_body(target_bad_rate)
    if store is not None:
        body = measured_body(body, store)
    try:
        with session.begin_nested():
            session.add(
                PolicyVersion(
                    number=1,
                    created_at=now,
                    author=SYSTEM,
                    reason="Version 1: the policy in force before policies were data",
                    based_on=None,
                    body=body.model_dump(mode="json"),
                )
            )
            session.flush()
            session.add(PolicyActivation(at=now, number=1, kind="initial", by=SYSTEM, reason="first start"))
            session.flush()
    except IntegrityError:
        pass  # another process wrote version 1 first
    return active_number(session=session) or 1


def measure_unmeasured(*, session: Session, number: int, store: ModelStore, now: datetime | None = None) -> int:
    """Measure version `number`'s cut-offs that were not measured when it was written, once per
    segment, on the serving champions: an annotation beside the version, never a change to its
    rules. Returns how many were written (none while no champion has out-of-fold PDs)."""
    done = set(session.scalars(select(PolicyMeasurement.segment).where(PolicyMeasurement.number == number)))
    written = 0
    for name, rules in active_body(session=session, number=number).segments.items():
        found = None if rules.cutoff.measured or name in done else measured_now(rules.cutoff, name, store)
        if found is None:
            continue
        try:
            with session.begin_nested():
                at = now or datetime.now(UTC)
                session.add(PolicyMeasurement(number=number, segment=name, measured_at=at, **found.model_dump()))
                session.flush()
            written += 1
        except IntegrityError:
            pass  # another process measured it first
    return written


def versions(*, session: Session) -> list[PolicyVersionView]:
    """Every version, newest first, with its status, approver and cut-offs measured later."""
    events = list(session.scalars(select(PolicyActivation).order_by(PolicyActivation.id)))
    stack = activation_stack(events)
    active = stack[-1] if stack else None
    approvals = {e.number: e for e in events if e.kind in ("approval", "initial")}
    later: dict[int, dict[str, LaterMeasurement]] = {}
    for m in session.scalars(select(PolicyMeasurement)):
        found = Measured(model_version=m.model_version, pd=m.pd, approval_rate=m.approval_rate, bad_rate=m.bad_rate)
        later.setdefault(m.number, {})[m.segment] = LaterMeasurement(found, as_utc(m.measured_at))
    rows = session.scalars(select(PolicyVersion).order_by(PolicyVersion.number.desc()))
    return [_view(row, active, approvals.get(row.number), later.get(row.number, {})) for row in rows]


def get_version(*, session: Session, number: int) -> PolicyVersionView:
    """One version; `PolicyError('no_such_version')` if there is none."""
    for view in versions(session=session):
        if view.number == number:
            return view
    raise PolicyError("no_such_version", number=number)


def active_body(*, session: Session, number: int) -> PolicyBody:
    """The rules of version `number`."""
    row = session.scalars(select(PolicyVersion).where(PolicyVersion.number == number)).one()
    return PolicyBody.model_validate(row.body)


def create_draft(
    *, session: Session, author: str, reason: str, body: dict[str, Any] | PolicyBody, now: datetime | None = None
) -> PolicyVersionView:
    """Write a new draft version, based on the active one. Refused (nothing written) if the
    author may not set policy, gives no reason, or the rules do not check out."""
    _check_role(session, author)
    if not reason.strip():
        raise PolicyError("reason_required")
    try:
        checked = body if isinstance(body, PolicyBody) else PolicyBody.model_validate(body)
    except ValidationError as error:
        raise PolicyError("invalid", details=_describe(error)) from None
    number = (session.scalar(select(func.max(PolicyVersion.number))) or 0) + 1
    row = PolicyVersion(
        number=number,
        created_at=now or datetime.now(UTC),
        author=author,
        reason=reason.strip()[:500],
        based_on=active_number(session=session),
        body=checked.model_dump(mode="json"),
    )
    session.add(row)
    session.flush()
    return get_version(session=session, number=number)


def approve(
    *, session: Session, number: int, approver: str, reason: str = "", now: datetime | None = None
) -> PolicyVersionView:
    """Activate draft `number` on a second risk manager's word (four eyes: never its author's)."""
    _check_role(session, approver)
    version = get_version(session=session, number=number)
    if version.status != "draft":
        raise PolicyError("not_a_draft", number=number, status=version.status)
    if version.author == approver:
        raise PolicyError("own_draft", number=number)
    session.add(
        PolicyActivation(at=now or datetime.now(UTC), number=number, kind="approval", by=approver, reason=reason[:500])
    )
    session.flush()
    return get_version(session=session, number=number)


def rollback(*, session: Session, by: str, reason: str = "rollback", now: datetime | None = None) -> PolicyVersionView:
    """Make the version that was active before the current one active again; returns it."""
    _check_role(session, by)
    stack = activation_stack(list(session.scalars(select(PolicyActivation).order_by(PolicyActivation.id))))
    if len(stack) < 2:
        raise PolicyError("nothing_to_roll_back")
    previous = stack[-2]
    session.add(
        PolicyActivation(at=now or datetime.now(UTC), number=previous, kind="rollback", by=by, reason=reason[:500])
    )
    session.flush()
    return get_version(session=session, number=previous)


@dataclass(frozen=True)
class Activation:
    """One activation event: from `at` on, version `number` decided."""

    at: datetime
    number: int
    kind: str  # initial | approval | rollback
    by: str
    reason: str


def activations(*, session: Session) -> list[Activation]:
    """Every activation event, newest first: the policy's timeline."""
    rows = session.scalars(select(PolicyActivation).order_by(PolicyActivation.id.desc()))
    return [Activation(at=as_utc(e.at), number=e.number, kind=e.kind, by=e.by, reason=e.reason) for e in rows]


def _check_role(session: Session, name: str) -> None:
    account = session.scalars(select(StaffAccount).where(StaffAccount.name == name)).one_or_none()
    if account is None or not account.active or account.role not in POLICY_ROLES:
        raise PolicyError("not_allowed", name=name, roles=", ".join(POLICY_ROLES))


def _view(
    row: PolicyVersion, active: int | None, approval: PolicyActivation | None, later: dict[str, LaterMeasurement]
) -> PolicyVersionView:
    status = "active" if row.number == active else "retired" if approval is not None else "draft"
    return PolicyVersionView(
        number=row.number,
        created_at=as_utc(row.created_at),
        author=row.author,
        reason=row.reason,
        based_on=row.based_on,
        body=PolicyBody.model_validate(row.body),
        status=status,
        approved_by=approval.by if approval else None,
        approved_at=as_utc(approval.at) if approval else None,
        measured_later=later,
    )


def _describe(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
