"""The reference a period is compared with: the distributions of the champion's training data.

For every model input, bins fitted on the training rows (one per value for an input of few
values, else deciles), with the share of training rows in each; the same for the score, on the
model's out-of-fold PDs (the PDs it gives applicants it has not seen) or, when a model was saved
without them, on its PDs of the training rows. Computed once per model version and kept beside
the model (`monitoring_reference.json`, derived data: deleting it only costs a recomputation).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.data import repository
from core.data.orm import HistoricalApplication
from core.modelling.features import encode_frame
from core.modelling.registry import ModelStore

FILE = "monitoring_reference.json"
MAX_VALUE_BINS = 12  # an input with at most this many values gets one bin per value
QUANTILE_BINS = 10


@dataclass(frozen=True)
class Bins:
    """Bin edges (a value x falls in bin i when edges[i-1] <= x < edges[i]; one more bin than
    edges, plus a last bin for missing values) and the reference's share in each."""

    edges: list[float]
    shares: list[float]
    labels: list[str]


@dataclass(frozen=True)
class Reference:
    """The champion's training distributions: per input, and `score` for the PD."""

    version: str
    n_rows: int
    inputs: dict[str, Bins]
    score: Bins
    threshold: float


def fit_bins(values: np.ndarray, *, percent: bool = False) -> Bins:
    """Bins for one input, fitted on its reference values (NaN is missing); `percent` labels them as shares."""
    present = values[~np.isnan(values)]
    distinct = np.unique(present)
    if len(distinct) <= MAX_VALUE_BINS:
        edges = ((distinct[1:] + distinct[:-1]) / 2).tolist()
        labels = [f"{v:g}" for v in distinct]
    else:
        edges = np.unique(np.quantile(present, np.arange(1, QUANTILE_BINS) / QUANTILE_BINS)).tolist()
        bounds = [_bound(e, percent) for e in edges]
        labels = [f"< {bounds[0]}", *(f"{a}–{b}" for a, b in itertools.pairwise(bounds)), f"≥ {bounds[-1]}"]
    return Bins(edges, shares(bin_counts(values, edges)), [*labels, "—"])


def bin_counts(values: np.ndarray, edges: list[float]) -> np.ndarray:
    """How many values fall in each bin (the last one counts missing values)."""
    present = ~np.isnan(values)
    counts = np.bincount(np.searchsorted(edges, values[present], side="right"), minlength=len(edges) + 1)
    return np.append(counts, (~present).sum())


def shares(counts: np.ndarray) -> list[float]:
    """Counts as shares of their total."""
    total = counts.sum()
    return (counts / total).tolist() if total else [0.0] * len(counts)


def reference(store: ModelStore, segment: str, version: str, *, session: Session) -> Reference | None:
    """The reference of one model version, from its file or computed now; None without training data."""
    path = store.root / segment / version / FILE
    n_history = session.scalar(select(func.count()).select_from(HistoricalApplication)) or 0  # not every table
    if path.exists():
        cached = _read(path)
        if cached.n_rows == n_history:  # else the history changed since: compute it again
            return cached
    frame = repository.history_frame(session=session)
    if frame.empty:
        return None
    model = store.load(segment, version)
    X = encode_frame(frame, model.meta.features)
    oof = store.oof_path(segment, version)
    if oof.exists():
        score = pd.read_parquet(oof, columns=["pd"])["pd"].to_numpy(dtype=float)
    else:
        score = model.predictor.predict_pd(X)
    result = Reference(
        version=version,
        n_rows=len(frame),
        inputs={name: fit_bins(X[:, j]) for j, name in enumerate(model.meta.features)},
        score=fit_bins(score, percent=True),
        threshold=model.meta.threshold,
    )
    path.write_text(json.dumps(asdict(result)))
    return result


def _bound(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.1%}"
    return f"{value:,.0f}".replace(",", " ") if abs(value) >= 1000 else f"{value:.3g}"


def _read(path: Path) -> Reference:
    data = json.loads(path.read_text())
    return Reference(
        version=data["version"],
        n_rows=data["n_rows"],
        inputs={name: Bins(**bins) for name, bins in data["inputs"].items()},
        score=Bins(**data["score"]),
        threshold=data["threshold"],
    )
