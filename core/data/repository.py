"""Queries and writes. Every function takes the session as a keyword and never commits:
the caller owns the transaction (`with Session(engine).begin() as session:`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, inspect, or_, select
from sqlalchemy.orm import Session

from core.data.dataset import HISTORY_COLUMNS
from core.data.identity import name_key, normalize_passport
from core.data.orm import Application, Client, HistoricalApplication, Region, ShadowScore
from core.data.reviews import reviewed_condition

_CHUNK = 5_000


def list_regions(*, session: Session) -> list[Region]:
    """Every region, by name."""
    return list(session.scalars(select(Region).order_by(Region.name)))


def find_region(*, session: Session, name: str) -> Region | None:
    """The region called `name`, if the bank knows it."""
    return session.scalars(select(Region).where(Region.name == name)).one_or_none()


def find_client(*, session: Session, passport: str, birth_date: date, full_name: str) -> Client | None:
    """The existing client with this passport, date of birth and name, or None.

    All three must agree: a passport number alone is guessable, and nobody must be scored
    with someone else's bank data.
    """
    client = session.scalars(select(Client).where(Client.passport == passport)).one_or_none()
    if client is None or client.birth_date != birth_date or client.name_key != name_key(full_name):
        return None
    return client


def get_application(*, session: Session, application_id: int, for_update: bool = False) -> Application | None:
    """The decision record with this number; `for_update` locks its row until the transaction ends."""
    return session.get(Application, application_id, with_for_update=for_update)


# A decision is written with two prebuilt Core INSERTs on the session's connection: the ORM's
# unit of work (flush) cost twice the statements themselves, on every decision.
_APPLICATION_FIELDS = [attr.key for attr in inspect(Application).column_attrs if attr.key != "id"]
_INSERT_APPLICATION = insert(Application).returning(Application.id)
_SHADOW_FIELDS = [attr.key for attr in inspect(ShadowScore).column_attrs]
_INSERT_SHADOW = insert(ShadowScore)


def add_application(*, session: Session, record: Application) -> Application:
    """Store a decided application and its shadow score, if any; its id is set on return (the
    record itself stays out of the session). Unset fields take their column defaults."""
    values = {key: value for key in _APPLICATION_FIELDS if (value := getattr(record, key)) is not None}
    connection = session.connection()
    record.id = connection.execute(_INSERT_APPLICATION, values).scalar_one()
    if (shadow := record.shadow) is not None:
        shadow.application_id = record.id
        connection.execute(_INSERT_SHADOW, {key: getattr(shadow, key) for key in _SHADOW_FIELDS})
    return record


def count_rows(*, session: Session) -> dict[str, int]:
    """How many regions, clients, historical and submitted applications the database holds."""
    tables = {"regions": Region, "clients": Client, "history": HistoricalApplication, "applications": Application}
    return {name: session.scalar(select(func.count()).select_from(table)) or 0 for name, table in tables.items()}


def insert_history(
    *,
    session: Session,
    frame: pd.DataFrame,
    client_ids: np.ndarray | None = None,
    demo: bool = False,
    on_rows: Callable[[int], object] | None = None,
) -> int:
    """Insert every row of a checked history frame (`core.data.dataset`); returns how many. The rules
    of an import (ids already stored, demo history) are `core.data.imports`."""
    rows = frame[list(HISTORY_COLUMNS)].rename(columns={"client_id": "source_id"})
    rows["app_date"] = rows["app_date"].dt.date
    for flag in ("car", "car_type", "good_work", "foreign_passport", "default"):
        rows[flag] = rows[flag].astype(bool)
    rows["education"] = rows["education"].astype(object).where(rows["education"].notna(), None)
    if client_ids is not None:
        rows["client_id"] = [int(c) for c in np.asarray(client_ids)]
    rows["demo"] = demo
    records = rows.to_dict("records")
    for start in range(0, len(records), _CHUNK):
        session.execute(insert(HistoricalApplication), records[start : start + _CHUNK])
        if on_rows is not None:
            on_rows(len(records[start : start + _CHUNK]))
    return len(records)


def history_frame(*, session: Session, source_ids: list[int] | None = None) -> pd.DataFrame:
    """The stored historical applications (or those of `source_ids`) as a canonical history frame."""
    columns = [getattr(HistoricalApplication, name) for name in HISTORY_COLUMNS if name != "client_id"]
    query = select(HistoricalApplication.source_id, *columns).order_by(HistoricalApplication.source_id)
    if source_ids is not None:
        query = query.where(HistoricalApplication.source_id.in_(source_ids))
    result = session.execute(query)
    frame = pd.DataFrame(result.all(), columns=list(HISTORY_COLUMNS))
    frame["app_date"] = pd.to_datetime(frame["app_date"])
    for flag in ("car", "car_type", "good_work", "foreign_passport", "default"):
        frame[flag] = frame[flag].astype(int)
    return frame


MIN_NAME_QUERY = 2  # one letter matches most of the table and says nothing
MIN_PASSPORT_QUERY = 4  # fewer digits match thousands of passports
_MAX_ID = 2**31 - 1  # ids are 32-bit integers


def search_clients(*, session: Session, query: str, limit: int, offset: int = 0) -> tuple[list[Client], int]:
    """Clients matching `query`, best matches first, and how many match in all.

    Digits (spaces and dashes allowed) find a client by any part of the passport of at least
    `MIN_PASSPORT_QUERY` digits, or by number; anything else is any part of the name, whatever
    the case (Cyrillic included; ё and е are the same). Names that start with the query (the
    surname) come first, then by where the query is found, so a patronymic match comes last.
    Both are indexed: name parts and passports by trigram indexes on PostgreSQL.
    """
    text = " ".join(str(query).split())
    digits = normalize_passport(text)
    if digits.isascii() and digits.isdigit():
        condition = Client.passport == digits
        if MIN_PASSPORT_QUERY <= len(digits) < 10:
            condition = Client.passport.contains(digits, autoescape=True)
        if int(digits) <= _MAX_ID:
            condition = or_(condition, Client.id == int(digits))
        order: tuple = (Client.id != (int(digits) if int(digits) <= _MAX_ID else -1), Client.passport, Client.id)
    elif len(text) >= MIN_NAME_QUERY:
        key = name_key(text)
        condition = Client.name_key.like(f"%{_escape_like(key)}%", escape="\\")
        position = func.strpos if session.get_bind().dialect.name == "postgresql" else func.instr
        order = (position(Client.name_key, key), Client.name_key, Client.id)
    else:
        return [], 0
    total = session.scalar(select(func.count()).select_from(Client).where(condition)) or 0
    page = select(Client).where(condition).order_by(*order).limit(limit).offset(offset)
    rows = session.scalars(page)
    return list(rows), total


def client_applications(*, session: Session, client_id: int, passport: str | None = None) -> list[Application]:
    """The applications submitted by a client (matched at scoring time) and, given the client's
    passport, those made with it that were not matched (a different name or date of birth);
    oldest first."""
    mine = Application.client_id == client_id
    query = select(Application).where(or_(mine, Application.passport == passport) if passport else mine)
    return list(session.scalars(query.order_by(Application.created_at, Application.id)))


def recent_decisions(
    *,
    session: Session,
    since: datetime,
    until: datetime,
    decision: str | None = None,
    segment: str | None = None,
    passport: str | None = None,
    name: str | None = None,
    pd_range: tuple[float, float] | None = None,
    reviewed: bool | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[Application], int]:
    """Decisions made in [since, until), newest first, and their count; optionally only those of
    one decision and segment, one passport (however written), a part of the name (any case, ё as
    е), a PD in [low, high], and with a final staff review (`reviewed=True`) or referred and
    still waiting for one (`reviewed=False`). Passport and name are indexed."""
    conditions = [Application.created_at >= since, Application.created_at < until]
    if decision is not None:
        conditions.append(Application.decision == decision)
    if segment is not None:
        conditions.append(Application.segment == segment)
    if passport:
        conditions.append(Application.passport == normalize_passport(passport))
    if name and name.strip():
        conditions.append(Application.name_key.like(f"%{_escape_like(name_key(name))}%", escape="\\"))
    if pd_range is not None:
        conditions += [Application.pd >= pd_range[0], Application.pd <= pd_range[1]]
    if reviewed is not None:
        conditions.append(reviewed_condition(reviewed))
    total = session.scalar(select(func.count()).select_from(Application).where(*conditions)) or 0
    rows = session.scalars(
        select(Application)
        .where(*conditions)
        .order_by(Application.created_at.desc(), Application.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows), total


def _escape_like(text: str) -> str:
    """`text` matched literally inside a LIKE pattern (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
