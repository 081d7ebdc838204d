"""Application files in the real data's CSV schema: read, check every row, return a canonical frame.

A file is accepted whole or not at all: `DataError` lists which lines and fields are wrong and
why, so the person who sent it can fix it. Checks are vectorised: a million rows take a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from core.data.columns import BANK_FEATURES, DATE_FORMAT, HISTORY_COLUMNS, SCORE_COLUMNS
from core.data.csvfile import read_csv
from core.data.problems import DataError, Problem

Purpose = Literal["history", "score"]


@dataclass(frozen=True)
class _Rule:
    kind: Literal["int", "float", "yn", "choice", "date"]
    low: float = -np.inf
    high: float = np.inf
    choices: tuple[str, ...] = ()
    optional: bool = False


RULES: dict[str, _Rule] = {
    "client_id": _Rule("int", 1),
    "app_date": _Rule("date"),
    "education": _Rule("choice", choices=("SCH", "UGR", "GRD", "PGR", "ACD"), optional=True),
    "sex": _Rule("choice", choices=("M", "F")),
    "age": _Rule("int", 18, 120),
    "car": _Rule("yn"),
    "car_type": _Rule("yn"),
    "decline_app_cnt": _Rule("int", 0, 1000),
    "good_work": _Rule("int", 0, 1),
    "score_bki": _Rule("float", -10, 10),
    "bki_request_cnt": _Rule("int", 0, 1000),
    "region_rating": _Rule("int", 0, 100),
    "home_address": _Rule("int", 1, 3),
    "work_address": _Rule("int", 1, 3),
    "income": _Rule("int", 0, 100_000_000),
    "sna": _Rule("int", 1, 4),
    "first_time": _Rule("int", 1, 4),
    "foreign_passport": _Rule("yn"),
    "default": _Rule("int", 0, 1),
}
_EXAMPLES_PER_FIELD = 5


def read_applications(path: str | Path, *, purpose: Purpose) -> pd.DataFrame:
    """Read and check a CSV in the real data's schema; extra columns are ignored."""
    return parse_applications(read_csv(path), purpose=purpose)


def parse_applications(raw: pd.DataFrame, *, purpose: Purpose) -> pd.DataFrame:
    """Check a raw frame and return it canonical: numbers as numbers, Y/N as 0/1, dates parsed.

    For `history` every column of the schema is required. For `score` the questionnaire's
    columns are; the bank's columns may be absent or empty per row, but a row gives all of
    them or none, and `client_id` defaults to the line number.
    """
    required = HISTORY_COLUMNS if purpose == "history" else SCORE_COLUMNS
    missing = [name for name in required if name not in raw.columns]
    if missing:
        reason = f"missing column(s): {', '.join(missing)}"
        raise DataError([Problem(1, "header", ",".join(map(str, raw.columns)), reason)], {}, len(raw))

    raw = raw.reset_index(drop=True)
    wanted = list(HISTORY_COLUMNS) if purpose == "history" else [*SCORE_COLUMNS, *BANK_FEATURES, "client_id"]
    out = pd.DataFrame(index=raw.index)
    problems: list[Problem] = []
    counts: dict[str, int] = {}

    def flag(name: str, mask: np.ndarray, reason: str, source: pd.Series) -> None:
        bad = np.flatnonzero(mask)
        if len(bad):
            counts[name] = counts.get(name, 0) + len(bad)
            problems.extend(Problem(int(i) + 2, name, str(source.iloc[i]), reason) for i in bad[:_EXAMPLES_PER_FIELD])

    for name in wanted:
        if name not in raw.columns:
            continue
        rule = RULES[name]
        optional = rule.optional or (purpose == "score" and name in (*BANK_FEATURES, "client_id"))
        out[name] = _check_column(name, raw[name], rule, optional, flag)

    if purpose == "score":
        _check_bank_fields(out, flag)
        if "client_id" not in out:
            out["client_id"] = np.arange(2, len(out) + 2)
    else:
        flag("client_id", out["client_id"].duplicated().to_numpy(), "client_id repeated in the file", raw["client_id"])
    if "car" in out and "car_type" in out:
        foreign_without_car = (out["car_type"] == 1) & (out["car"] == 0)
        flag(
            "car_type",
            foreign_without_car.to_numpy(),
            "foreign car (car_type=Y) without a car (car=N)",
            raw["car_type"],
        )

    if counts:
        raise DataError(problems, counts, len(raw))
    return out


def _check_column(name, source: pd.Series, rule: _Rule, optional: bool, flag) -> pd.Series:  # type: ignore[no-untyped-def]
    blank = source.isna().to_numpy().copy()
    if source.dtype == object or pd.api.types.is_string_dtype(source):
        blank |= (source.astype(str).str.strip() == "").to_numpy()
    if rule.kind == "date":
        values = pd.to_datetime(source, format=DATE_FORMAT, errors="coerce")
        flag(name, (values.isna().to_numpy() & ~blank), "not a date like 01FEB2014", source)
    elif rule.kind in ("yn", "choice"):
        choices = ("Y", "N") if rule.kind == "yn" else rule.choices
        text = source.astype(str).str.strip().str.upper()
        valid = text.isin(choices).to_numpy()
        flag(name, ~valid & ~blank, f"must be one of {', '.join(choices)}", source)
        values = (text == "Y").astype("int8") if rule.kind == "yn" else text.where(valid)
    else:
        values = pd.to_numeric(source, errors="coerce").astype(float)
        number = values.to_numpy()
        # One reason per value, the first that applies: a huge number is "too large", not also "not whole".
        finite = np.isfinite(number)
        flag(name, np.isnan(number) & ~blank, "not a number", source)
        flag(name, np.isinf(number), "too large a number", source)
        with np.errstate(invalid="ignore"):
            outside = finite & ((number < rule.low) | (number > rule.high))
            flag(name, outside, f"outside {rule.low:g}..{rule.high:g}", source)
            if rule.kind == "int":
                flag(name, finite & ~outside & (number % 1 != 0), "not a whole number", source)
            values = values.where(~np.isinf(number))
        whole = np.isfinite(number).all() and (number % 1 == 0).all()
        if rule.kind == "int" and not optional and whole:
            values = values.astype("int64")
    if not optional:
        flag(name, blank, "empty", source)
    return values


def _check_bank_fields(out: pd.DataFrame, flag) -> None:  # type: ignore[no-untyped-def]
    present = [name for name in BANK_FEATURES if name in out]
    if not present:
        return
    given = out[present].notna().to_numpy()
    some_not_all = given.any(axis=1) & ~given.all(axis=1) if len(present) == len(BANK_FEATURES) else given.any(axis=1)
    flag("bank fields", some_not_all, f"give all of {', '.join(BANK_FEATURES)} or none", out[present[0]])


def has_bank_fields(frame: pd.DataFrame) -> np.ndarray:
    """Rows that carry all of the bank's fields (existing-client rows)."""
    if not all(name in frame for name in BANK_FEATURES):
        return np.zeros(len(frame), dtype=bool)
    return frame[list(BANK_FEATURES)].notna().all(axis=1).to_numpy()
