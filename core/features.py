"""Segments, their feature sets, and the numeric encoding every model family shares.

Features are plain numbers in a fixed order, so one application is a short list of floats:
CatBoost predicts from a list about four times faster than from a one-row DataFrame.
No feature encodes the application date: default rates drift by month, and a date feature
would extrapolate badly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

Segment = Literal["new", "existing"]
SEGMENTS: tuple[Segment, ...] = ("new", "existing")

QUESTIONNAIRE_FEATURES = (
    "education",
    "age",
    "income",
    "good_work",
    "car",
    "car_type",
    "foreign_passport",
    "region_rating",
    "home_address",
    "work_address",
)
BANK_FEATURES = ("decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time")
SEGMENT_FEATURES: dict[str, tuple[str, ...]] = {
    "new": QUESTIONNAIRE_FEATURES,
    "existing": QUESTIONNAIRE_FEATURES + BANK_FEATURES,
}
# Unordered categories: linear models one-hot encode them; trees split on the codes.
CATEGORICAL_FEATURES = ("home_address", "work_address")
EDUCATION_CODES = {"SCH": 0, "UGR": 1, "GRD": 2, "PGR": 3, "ACD": 4}


def encode_value(name: str, value: Any) -> float:
    """One feature value as the float the models see (NaN when unknown)."""
    if value is None:
        return float("nan")
    if name == "education":
        return float(EDUCATION_CODES.get(value, np.nan))
    return float(value)


def encode_row(values: Mapping[str, Any], features: Sequence[str]) -> list[float]:
    """One application's features, in model order."""
    return [encode_value(name, values[name]) for name in features]


def encode_frame(frame: pd.DataFrame, features: Sequence[str]) -> np.ndarray:
    """A canonical applications frame (see `core.dataset`) as a float matrix in model order."""
    columns = []
    for name in features:
        column = frame[name]
        if name == "education":
            column = column.map(EDUCATION_CODES)
        columns.append(pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    return np.column_stack(columns) if columns else np.empty((len(frame), 0))
