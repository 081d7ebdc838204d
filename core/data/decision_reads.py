"""What a decision reads before it decides, each in one round trip and as plain columns: the
applicant's region and the client holding the passport (with the policy activation and the
submission under the decision's key, in the same statement), and the passport's recent
applications. They run on every decision, so they are built once, and they load no mapped
records: loading two of them (and the client's region, joined again) cost more than the
statement itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, cast

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from core.data.orm import Application, Client, PolicyActivation, Region


class RegionFound(NamedTuple):
    """What a decision reads of the applicant's region."""

    id: int
    name: str
    rating: int


class ClientFound(NamedTuple):
    """What a decision reads of the client holding a passport: who they are and the bank's data
    on them (`core.data.columns.BANK_FEATURES`)."""

    id: int
    full_name: str
    birth_date: date
    decline_app_cnt: int
    score_bki: float
    bki_request_cnt: int
    sna: int
    first_time: int


_EARLIER_ACTIVATION = aliased(PolicyActivation)
_SUBMISSION = select(Application.id).where(Application.idempotency_key == bindparam("key"))
_REGIONS, _CLIENTS = cast(Table, Region.__table__), cast(Table, Client.__table__)
_REGION_AND_CLIENT = (
    select(
        *(_REGIONS.c[name] for name in RegionFound._fields),
        *(_CLIENTS.c[name] for name in ClientFound._fields),
        PolicyActivation.id,
        PolicyActivation.number,
        PolicyActivation.at,
        _SUBMISSION.scalar_subquery(),
    )
    .select_from(_REGIONS)
    .outerjoin(_CLIENTS, _CLIENTS.c.passport == bindparam("passport"))
    .outerjoin(PolicyActivation, PolicyActivation.id == select(func.max(_EARLIER_ACTIVATION.id)).scalar_subquery())
    .where(_REGIONS.c.name == bindparam("region"))
)
_CLIENT_AT = len(RegionFound._fields)
_ACTIVATION_AT = _CLIENT_AT + len(ClientFound._fields)
_PASSPORT_APPLICATIONS = (
    select(Application.id, Application.created_at, Application.answers, Application.channel)
    .where(Application.passport == bindparam("passport"), Application.created_at >= bindparam("since"))
    .order_by(Application.created_at.desc(), Application.id.desc())
    .limit(bindparam("limit"))
)


class DecisionReads(NamedTuple):
    """What a decision reads first: the applicant's region, the client holding the passport, the
    newest policy activation as (id, version, time), which says which policy version decides
    (`core.decisions.policy_serving`), None before the first; and the id of the application
    already submitted under the decision's idempotency key, if any."""

    region: RegionFound | None
    client: ClientFound | None
    policy_activation: tuple[int, int, datetime] | None
    submission: int | None


def find_region_and_client(*, session: Session, region: str, passport: str, idempotency_key: str = "") -> DecisionReads:
    """The region called `region`, the client holding this (normalised) passport, whoever the
    applicant says they are, the newest policy activation, and the application submitted under
    `idempotency_key`, in one round trip (a decision's reads are on its latency budget). Without
    such a region, nothing is found, not even the submission."""
    params = {"passport": passport, "region": region, "key": idempotency_key}
    row = session.connection().execute(_REGION_AND_CLIENT, params).one_or_none()
    if row is None:
        return DecisionReads(None, None, None, None)
    client, (activation, number, at, submission) = row[_CLIENT_AT:_ACTIVATION_AT], row[_ACTIVATION_AT:]
    return DecisionReads(
        RegionFound(*row[:_CLIENT_AT]),
        None if client[0] is None else ClientFound(*client),
        None if activation is None else (activation, number, at),
        submission,
    )


@dataclass(frozen=True)
class EarlierApplication:
    """What the repeat check needs of an earlier application: its number, time, answers and channel."""

    id: int
    created_at: datetime
    answers: dict
    channel: str


def passport_applications(*, session: Session, passport: str, since: datetime, limit: int) -> list[EarlierApplication]:
    """The newest `limit` applications with this passport made since `since`, newest first."""
    # Columns, not records: on the session's connection, without the ORM's cost per statement.
    rows = session.connection().execute(_PASSPORT_APPLICATIONS, {"passport": passport, "since": since, "limit": limit})
    return [EarlierApplication(*row) for row in rows]


def find_submission(*, session: Session, idempotency_key: str) -> Application | None:
    """The application submitted with this idempotency key, if any."""
    # Nearly always none: looked up by id on the connection, the record loaded only when found.
    found = session.connection().execute(_SUBMISSION, {"key": idempotency_key}).scalar_one_or_none()
    return None if found is None else session.get(Application, found)
