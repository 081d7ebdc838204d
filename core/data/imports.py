"""Importing labelled history from a file, by the rules that keep real data clean:

- Real history is never mixed with the synthetic demo history: an import into a database that
  holds demo history is refused (`DemoHistoryPresent`) unless it replaces it (`replace_demo`),
  which removes the demo history, and the demo clients no stored decision refers to, in the
  same transaction as the import.
- A row whose `client_id` is already stored is skipped only when it is the same row (importing
  a file twice is harmless); the same id with other content is an error listed by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.data import repository
from core.data.columns import HISTORY_COLUMNS
from core.data.orm import Application, Client, HistoricalApplication, SetupChoice
from core.data.problems import DataError, Problem

_EXAMPLES = 10
_CHUNK = 5_000


class DemoHistoryPresent(DataError):
    """The database holds demo history: real history is not imported beside it."""

    def __init__(self, rows: int):
        reason = (
            f"the database holds {rows:,} synthetic demo applications (the first start's demo data), and real "
            "history is never mixed with them. To replace the demo data with this file, run "
            "`.venv/bin/python -m core import --data FILE --replace-demo`; to keep the demo database, "
            "import into another one (DATABASE_URL=... .venv/bin/python -m core setup --no-demo, then import)"
        )
        super().__init__([Problem(0, "database", "", reason)], {}, 0)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: rows inserted, identical rows already there, demo rows and clients removed."""

    inserted: int
    identical: int = 0
    demo_removed: int = 0
    demo_clients_removed: int = 0

    def describe(self) -> str:
        """The result as a sentence."""
        text = f"Imported {self.inserted:,} applications"
        if self.identical:
            text += f"; {self.identical:,} identical rows were already in the database and were left as they were"
        if self.demo_removed:
            text += (
                f"; removed the {self.demo_removed:,} demo applications and {self.demo_clients_removed:,} "
                "demo clients first"
            )
        return text + "."


def demo_history_rows(*, session: Session) -> int:
    """How many stored historical applications are synthetic demo rows."""
    return session.scalar(select(func.count()).where(HistoricalApplication.demo.is_(True))) or 0


def import_history(*, session: Session, frame: pd.DataFrame, replace_demo: bool = False) -> ImportResult:
    """Import a checked history frame by the module's rules; raises `DataError` and changes nothing
    when they are broken. The caller commits."""
    demo = demo_history_rows(session=session)
    removed = clients_removed = 0
    if demo and not replace_demo:
        raise DemoHistoryPresent(demo)
    if demo:
        removed, clients_removed = _remove_demo(session=session)
    fresh = _new_rows(session=session, frame=frame)
    inserted = repository.insert_history(session=session, frame=frame.loc[fresh])
    return ImportResult(inserted, int((~fresh).sum()), removed, clients_removed)


def _remove_demo(*, session: Session) -> tuple[int, int]:
    history = session.execute(delete(HistoricalApplication).where(HistoricalApplication.demo.is_(True))).rowcount
    # A demo client a stored decision refers to stays: the decision record must keep its client.
    referenced = select(Application.client_id).where(Application.client_id.is_not(None))
    clients = session.execute(delete(Client).where(Client.demo.is_(True), Client.id.not_in(referenced))).rowcount
    return int(history or 0), int(clients or 0)


def _new_rows(*, session: Session, frame: pd.DataFrame) -> np.ndarray:
    """Which rows are new; refuses rows whose id is stored with other content, by line."""
    ids = frame["client_id"].astype("int64")
    known: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = [int(i) for i in ids.iloc[start : start + _CHUNK]]
        stored = select(HistoricalApplication.source_id).where(HistoricalApplication.source_id.in_(chunk))
        known.update(session.scalars(stored))
    fresh = ~ids.isin(known).to_numpy()
    if fresh.all():
        return fresh
    theirs = repository.history_frame(session=session, source_ids=sorted(known)).set_index("client_id")
    ours = frame.loc[~fresh, list(HISTORY_COLUMNS)]
    stored = theirs.loc[ours["client_id"].to_numpy()]
    differs = {
        name: _differs(ours[name].to_numpy(), stored[name].to_numpy())
        for name in HISTORY_COLUMNS
        if name != "client_id"
    }
    bad = np.logical_or.reduce(list(differs.values()))
    if not bad.any():
        return fresh
    problems = []
    for i in np.flatnonzero(bad)[:_EXAMPLES]:
        fields = ", ".join(name for name, mask in differs.items() if mask[i])
        reason = (
            f"already stored with other content (differs in {fields}); an id names one application: "
            "remove the row, or give it a new id"
        )
        problems.append(Problem(int(ours.index[i]) + 2, "client_id", str(ours["client_id"].iloc[i]), reason))
    raise DataError(problems, {"client_id": int(bad.sum())}, len(frame))


def _differs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise: the two values differ (missing equals missing; floats to 1e-9)."""
    missing_a, missing_b = pd.isna(a), pd.isna(b)
    if a.dtype.kind == "f" or b.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            close = np.isclose(a.astype(float), b.astype(float), rtol=0, atol=1e-9)
    else:
        close = a == b
    return ~((missing_a & missing_b) | (~missing_a & ~missing_b & close))


def choose_no_demo(*, session: Session) -> None:
    """Record that this database is for real data: the first start adds no demo data to it."""
    if session.get(SetupChoice, "demo") is None:
        session.add(SetupChoice(name="demo", value="off", chosen_at=datetime.now(UTC)))


def demo_wanted(*, session: Session) -> bool:
    """Whether the first start may fill this (empty) database with demo data."""
    choice = session.get(SetupChoice, "demo")
    return choice is None or choice.value != "off"
