"""Queries and writes. Every function takes the session as a keyword and never commits:
the caller owns the transaction (`with Session(engine).begin() as session:`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from core.dataset import HISTORY_COLUMNS
from core.orm import Application, Client, HistoricalApplication, Region
from core.schema import name_key

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


def add_application(*, session: Session, record: Application) -> Application:
    """Store a decided application; its id is set on return."""
    session.add(record)
    session.flush()
    return record


def count_rows(*, session: Session) -> dict[str, int]:
    """How many regions, clients, historical and submitted applications the database holds."""
    tables = {"regions": Region, "clients": Client, "history": HistoricalApplication, "applications": Application}
    return {name: session.scalar(select(func.count()).select_from(table)) or 0 for name, table in tables.items()}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: rows inserted, and rows skipped because they were already there."""

    inserted: int
    skipped: int


def import_history(*, session: Session, frame: pd.DataFrame, client_ids: np.ndarray | None = None) -> ImportResult:
    """Insert a checked history frame (`core.dataset`); rows whose client_id is already stored are
    skipped, so importing the same file twice is harmless."""
    known = set(session.scalars(select(HistoricalApplication.source_id)))
    fresh = ~frame["client_id"].isin(known).to_numpy()
    rows = frame.loc[fresh, list(HISTORY_COLUMNS)].rename(columns={"client_id": "source_id"})
    rows["app_date"] = rows["app_date"].dt.date
    for flag in ("car", "car_type", "good_work", "foreign_passport", "default"):
        rows[flag] = rows[flag].astype(bool)
    rows["education"] = rows["education"].astype(object).where(rows["education"].notna(), None)
    if client_ids is not None:
        rows["client_id"] = [int(c) for c in np.asarray(client_ids)[fresh]]
    records = rows.to_dict("records")
    for start in range(0, len(records), _CHUNK):
        session.execute(insert(HistoricalApplication), records[start : start + _CHUNK])
    return ImportResult(inserted=len(records), skipped=int((~fresh).sum()))


def history_frame(*, session: Session) -> pd.DataFrame:
    """The stored historical applications as a canonical history frame, ready to train on."""
    columns = [getattr(HistoricalApplication, name) for name in HISTORY_COLUMNS if name != "client_id"]
    result = session.execute(
        select(HistoricalApplication.source_id, *columns).order_by(HistoricalApplication.source_id)
    )
    frame = pd.DataFrame(result.all(), columns=list(HISTORY_COLUMNS))
    frame["app_date"] = pd.to_datetime(frame["app_date"])
    for flag in ("car", "car_type", "good_work", "foreign_passport", "default"):
        frame[flag] = frame[flag].astype(int)
    return frame
