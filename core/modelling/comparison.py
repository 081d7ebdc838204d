"""Comparing a run with its segment's champion on the same validation data.

"The same validation data" means the same rows and the same folds (`validation.folds_of`):
both models' out-of-fold PDs on the challenger's data. When the champion was judged on other
data, its out-of-fold PDs are recomputed by cross-validation with its family and parameters.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from core.config import Settings
from core.modelling.features import SEGMENT_FEATURES, encode_frame
from core.modelling.history import DATABASE_SOURCE, canonical, training_frame
from core.modelling.judging import Difference, paired_bootstrap
from core.modelling.registry import ModelMeta, ModelStore, folder_meta
from core.modelling.studies import OBJECTIVES
from core.modelling.tracking import client as mlflow_client
from core.modelling.tracking import has_model
from core.modelling.validation import FOLDS, cross_validate, evaluate, fingerprint, folds_of, oof_frame


class PromotionRefused(ValueError):
    """The promotion was not made; the message says why (and `comparison` shows the scores)."""

    def __init__(self, message: str, comparison: Comparison | None = None):
        super().__init__(message)
        self.comparison = comparison


class StaleData(ValueError):
    """The data a run was validated on is no longer available to compare on."""


@dataclass(frozen=True)
class Candidate:
    """An MLflow run that may be compared or promoted: a tuning trial or a training run."""

    run_id: str
    name: str
    kind: str
    segment: str
    family: str
    fingerprint: str
    data: str
    objective: str
    has_model: bool


@dataclass(frozen=True)
class Comparison:
    """A challenger and the segment's champion, scored on the same rows and folds."""

    segment: str
    objective: str
    challenger_run_id: str
    challenger_score: float
    champion_version: str | None
    champion_score: float | None
    champion_recomputed: bool
    n_rows: int
    # The challenger minus the champion, AUROC and PR AUC, with paired-bootstrap intervals.
    differences: dict[str, Difference] = field(default_factory=dict)

    @property
    def beats_champion(self) -> bool:
        """Whether the challenger scores strictly better (or there is no champion yet)."""
        return self.champion_score is None or self.challenger_score > self.champion_score

    def describe(self) -> str:
        """The comparison in one line, as recorded with a promotion."""
        if self.champion_version is None:
            return f"{self.objective} {self.challenger_score:.4f}; no champion to compare with"
        recomputed = ", champion's out-of-fold PDs recomputed on this data" if self.champion_recomputed else ""
        intervals = "; ".join(d.describe() for d in self.differences.values())
        return (
            f"{self.objective} {self.challenger_score:.4f} vs champion {self.champion_version} "
            f"{self.champion_score:.4f} on the same {self.n_rows:,} rows and {FOLDS} folds{recomputed}"
            + (f"; difference {intervals}" if intervals else "")
        )


def candidate(run_id: str, *, settings: Settings) -> Candidate:
    """What an MLflow run is: its segment, family, data fingerprint and whether it holds a model."""
    from mlflow.exceptions import MlflowException

    client = mlflow_client(settings)
    try:
        run = client.get_run(run_id)
    except MlflowException:
        raise PromotionRefused(f"no MLflow run {run_id} in the tracking store") from None
    tags = run.data.tags
    if tags.get("kind") not in ("trial", "training") or "segment" not in tags:
        raise PromotionRefused(f"run {run_id} is neither a tuning trial nor a training run")
    return Candidate(
        run_id=run_id,
        name=run.info.run_name or run_id,
        kind=tags["kind"],
        segment=tags["segment"],
        family=tags.get("family", ""),
        fingerprint=tags.get("fingerprint", ""),
        data=tags.get("data", DATABASE_SOURCE),
        objective=tags.get("objective", "pr_auc"),
        has_model=has_model(client, run_id),
    )


def validation_frame(cand: Candidate, *, settings: Settings, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows `cand` was validated on, in canonical order: `frame` if given, else its data file or
    the database, refused (`StaleData`) when that data has changed since."""
    if frame is None:
        path = Path(cand.data) if cand.data not in (DATABASE_SOURCE, "in-memory", "") else None
        if path is not None and not path.exists():
            raise StaleData(f"run {cand.name} was validated on {path}, which is no longer there")
        frame, _ = training_frame(settings, path)
    frame = canonical(frame)
    found = fingerprint(frame)
    if found != cand.fingerprint:
        raise StaleData(
            f"run {cand.name} was validated on other data (fingerprint {cand.fingerprint[:12]}) than is there "
            f"now ({found[:12]}): tune or train again on the current data"
        )
    return frame


def run_oof(run_id: str, *, settings: Settings) -> pd.DataFrame | None:
    """A run's stored out-of-fold PDs (a trial's `oof.parquet`, or its saved model's), if any."""
    client = mlflow_client(settings)
    names = {item.path for item in client.list_artifacts(run_id)} | {
        item.path for item in client.list_artifacts(run_id, "model")
    }
    for path in ("oof.parquet", "model/oof.parquet"):
        if path in names:
            with tempfile.TemporaryDirectory() as tmp:
                return pd.read_parquet(client.download_artifacts(run_id, path, tmp))
    return None


def run_meta(run_id: str, *, settings: Settings) -> ModelMeta | None:
    """The metadata of the model a run saved, if it saved one."""
    client = mlflow_client(settings)
    if not has_model(client, run_id):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        return folder_meta(Path(client.download_artifacts(run_id, "model/meta.json", tmp)).parent)


def fold_ids(frame: pd.DataFrame) -> np.ndarray:
    """Each row's validation fold under the shared folds."""
    y = frame["default"].to_numpy(dtype=int)
    return oof_frame(frame, np.zeros(len(frame)), folds_of(y, FOLDS))["fold"].to_numpy()


def same_validation(oof: pd.DataFrame | None, frame: pd.DataFrame, folds: np.ndarray) -> bool:
    """Whether stored out-of-fold PDs cover exactly `frame`'s rows, each in its shared fold."""
    return (
        oof is not None
        and len(oof) == len(frame)
        and np.array_equal(oof["client_id"].to_numpy(), frame["client_id"].to_numpy())
        and np.array_equal(oof["fold"].to_numpy(), folds)
    )


def recompute_oof(frame: pd.DataFrame, meta: ModelMeta) -> pd.DataFrame:
    """Out-of-fold PDs of `meta`'s family and parameters on `frame`, by CV on the shared folds."""
    features = list(meta.features or SEGMENT_FEATURES[meta.segment])
    y = frame["default"].to_numpy(dtype=int)
    folds = folds_of(y, FOLDS)
    cv = cross_validate(
        encode_frame(frame, features), y, family=meta.family, params=meta.params, features=features, folds=folds
    )
    return oof_frame(frame, cv.oof, folds)


def champion_oof(store: ModelStore, segment: str, frame: pd.DataFrame) -> tuple[ModelMeta, pd.DataFrame, bool] | None:
    """The champion's metadata and out-of-fold PDs on `frame` (canonical order), and whether they
    had to be recomputed; None without a champion. A recomputation is kept beside the model."""
    version = store.champion_version(segment)
    if version is None:
        return None
    meta, folds = store.meta(segment, version), fold_ids(frame)
    stored_path = store.oof_path(segment, version)
    cached_path = stored_path.with_name(f"oof-{fingerprint(frame)[:16]}.parquet")
    for path in (stored_path, cached_path):
        stored = pd.read_parquet(path) if path.exists() else None
        if same_validation(stored, frame, folds):
            return meta, stored, path == cached_path
    oof = recompute_oof(frame, meta)
    oof.to_parquet(cached_path, index=False)
    return meta, oof, True


def compare(
    run_id: str,
    *,
    settings: Settings,
    store: ModelStore,
    objective: str | None = None,
    frame: pd.DataFrame | None = None,
) -> Comparison:
    """Score a run and its segment's champion by `objective` (default: the run's study's) on the
    run's validation data and the shared folds."""
    cand = candidate(run_id, settings=settings)
    objective = objective or cand.objective
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}")
    frame = validation_frame(cand, settings=settings, frame=frame)
    oof = run_oof(run_id, settings=settings)
    if not same_validation(oof, frame, fold_ids(frame)):
        meta = run_meta(run_id, settings=settings)
        if meta is None:
            raise StaleData(f"run {cand.name} has no out-of-fold PDs on the shared folds and no model to recompute")
        oof = recompute_oof(frame, meta)
    assert oof is not None
    y = frame["default"].to_numpy(dtype=int)
    challenger = evaluate(y, oof["pd"].to_numpy())[objective]
    found = champion_oof(store, cand.segment, frame)
    champion_version, champion_score, recomputed, differences = None, None, False, {}
    if found is not None:
        meta, champion, recomputed = found
        champion_version, champion_score = meta.version, evaluate(y, champion["pd"].to_numpy())[objective]
        differences = paired_bootstrap(y, oof["pd"].to_numpy(), champion["pd"].to_numpy())
    return Comparison(
        segment=cand.segment,
        objective=objective,
        challenger_run_id=run_id,
        challenger_score=challenger,
        champion_version=champion_version,
        champion_score=champion_score,
        champion_recomputed=recomputed,
        n_rows=len(frame),
        differences=differences,
    )
