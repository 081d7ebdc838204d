"""Observed outcomes: whether each decided application defaulted, recorded against its decision.

A file names each application by its external reference (`external_ref`, or `client_id` as
in the real data's schema, which replay keeps as the reference) or by the decision's id
(`application_id`), with `default` (0 or 1) and optionally the observation date
(`observed_on`, as 2014-02-01 or 01FEB2014). It is accepted whole or not at all: every
unknown id and bad value is listed and nothing is recorded. Recording an outcome again
replaces the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.data.columns import DATE_FORMAT
from core.data.dataset import DataError, Problem
from core.data.decision_inputs import mark_stale
from core.data.orm import Application, Outcome
from core.monitoring import daily, labels

REFERENCE_COLUMNS = ("external_ref", "client_id", "application_id")
_EXAMPLES = 20
_CHUNK = 5_000


@dataclass(frozen=True)
class OutcomeImport:
    """What an import did: outcomes recorded, of which replaced an earlier one, and the defaults."""

    recorded: int
    replaced: int
    defaults: int


def read_outcomes(path: str | Path) -> pd.DataFrame:
    """Read an outcomes file; the file's columns are checked by `record_outcomes`."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise DataError([Problem(0, "file", str(path), f"file not found: {path}")], {}, 0) from None
    except (ValueError, pd.errors.ParserError) as error:
        raise DataError([Problem(0, "file", str(path), f"not a readable CSV file: {error}")], {}, 0) from None


def record_outcomes(frame: pd.DataFrame, *, session: Session, now: datetime | None = None) -> OutcomeImport:
    """Check a raw outcomes frame and record it whole; `DataError` lists what is wrong (nothing changes)."""
    key = next((name for name in REFERENCE_COLUMNS if name in frame.columns), None)
    if key is None or "default" not in frame.columns:
        reason = f"needs a `default` column and one of {', '.join(REFERENCE_COLUMNS)}"
        raise DataError([Problem(1, "header", ",".join(frame.columns), reason)], {}, len(frame))
    problems: list[Problem] = []
    counts: dict[str, int] = {}

    def flag(name: str, mask: np.ndarray, reason: str, source: pd.Series) -> None:
        bad = np.flatnonzero(mask)
        if len(bad):
            counts[name] = counts.get(name, 0) + len(bad)
            problems.extend(Problem(int(i) + 2, name, str(source.iloc[i]), reason) for i in bad[:_EXAMPLES])

    refs = frame[key].astype(str).str.strip()
    default = frame["default"].astype(str).str.strip()
    flag("default", ~default.isin(["0", "1"]).to_numpy(), "must be 0 or 1", frame["default"])
    flag(key, refs.duplicated().to_numpy(), f"{key} repeated in the file", frame[key])
    observed = _dates(frame["observed_on"]) if "observed_on" in frame.columns else pd.Series(pd.NaT, index=frame.index)
    if "observed_on" in frame.columns:
        given = frame["observed_on"].astype(str).str.strip() != ""
        flag("observed_on", (observed.isna() & given).to_numpy(), "not a date like 2014-02-01", frame["observed_on"])
    ids = _application_ids(refs, key, session)
    flag(key, ids.isna().to_numpy(), "no stored decision has this id", frame[key])
    if counts:
        raise DataError(problems, counts, len(frame))
    application_ids = ids.astype("int64").tolist()
    replaced = 0
    for start in range(0, len(application_ids), _CHUNK):
        part = application_ids[start : start + _CHUNK]
        deleted = session.connection().execute(delete(Outcome).where(Outcome.application_id.in_(part)))
        replaced += deleted.rowcount or 0
    moment = now or datetime.now(UTC)
    records = [
        {
            "application_id": i,
            "default": d == "1",
            "observed_on": None if pd.isna(o) else o.date(),
            "recorded_at": moment,
        }
        for i, d, o in zip(application_ids, default, observed, strict=True)
    ]
    for start in range(0, len(records), _CHUNK):
        session.execute(insert(Outcome), records[start : start + _CHUNK])
    # Their days' summaries: only the outcomes' part is summed again, from the labels written here.
    mark_stale(daily.stale_days_of(application_ids, session), decisions=False, outcomes=True, session=session)
    labels.write(application_ids, session=session)
    return OutcomeImport(len(records), replaced, int((default == "1").sum()))


def _dates(column: pd.Series) -> pd.Series:
    text = column.astype(str).str.strip()
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    return iso.fillna(pd.to_datetime(text, format=DATE_FORMAT, errors="coerce"))


def _application_ids(refs: pd.Series, key: str, session: Session) -> pd.Series:
    """Each row's stored decision id (NaN when unknown)."""
    column: InstrumentedAttribute[Any]
    if key == "application_id":
        wanted = pd.to_numeric(refs, errors="coerce")
        valid = [int(v) for v in wanted.dropna().unique() if 0 < v < 2**31]
        column, values = Application.id, valid
    else:
        column, values = Application.external_ref, refs.unique().tolist()
    found: dict = {}
    for start in range(0, len(values), _CHUNK):
        part = values[start : start + _CHUNK]
        found |= dict(session.execute(select(column, Application.id).where(column.in_(part))).tuples().all())
    lookup = wanted if key == "application_id" else refs
    return lookup.map(found).astype(float)
