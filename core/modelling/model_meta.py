"""What a trained model is: its metadata (`ModelMeta`, saved as meta.json beside the model) and
a model loaded and ready to score (`LoadedModel`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from core.modelling.estimators import Predictor


@dataclass(frozen=True)
class ModelMeta:
    """Everything known about one trained model."""

    segment: str
    family: str
    version: str
    features: list[str]
    params: dict[str, Any]
    metrics: dict[str, float]
    threshold: float
    reference: list[float]  # typical value of each feature, for reasons (core.reasons)
    fingerprint: str
    n_rows: int
    default_rate: float
    trained_at: str
    model_file: str = ""
    mlflow_run_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # What it learnt from: {"source": "demo" | "database" | "file", "path": ..., "rows": ..., "fingerprint": ...}
    trained_on: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """A person-readable model name, stored with each decision."""
        return f"{self.segment}-client {self.family}"

    @property
    def is_demo(self) -> bool:
        """Whether it was trained on the synthetic demo data (and so must not decide on real people)."""
        return self.trained_on.get("source") == "demo"

    def training_data(self) -> str:
        """What it was trained on, in words: source, rows and fingerprint."""
        source = self.trained_on.get("source")
        what = {
            "demo": "synthetic demo data",
            "database": "the database's imported history",
            "file": f"the file {self.trained_on.get('path')}",
        }.get(source or "", "unrecorded data")
        return f"{what} ({self.n_rows:,} rows, fingerprint {self.fingerprint[:12]})"


@dataclass(frozen=True)
class LoadedModel:
    """A model ready to score: its metadata and predictor."""

    meta: ModelMeta
    predictor: Predictor
    reference: np.ndarray


def new_version(fingerprint: str) -> str:
    """A sortable, unique version name: UTC time to the microsecond plus the data fingerprint."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{fingerprint[:8]}"
