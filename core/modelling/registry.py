"""The local model store: one folder per segment and version, and each segment's champion.

    models/<segment>/<version>/model.<native ext>   the model in its library's own format
    models/<segment>/<version>/meta.json            features, metrics, threshold, fingerprint
    models/<segment>/<version>/oof.parquet          out-of-fold PDs (client_id, fold, default, pd)
    models/<segment>/champion.json                  the version served, and the ones before it

The scoring core asks the store for a segment's champion on every decision; the store checks
the pointer file's modification time (a stat call) and reloads only when a promotion changed
it, so a promotion takes effect at once in every running process, with no restart.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from core.modelling.estimators import Predictor, load_predictor, save_estimator

OOF_FILE = "oof.parquet"


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


class ModelStore:
    """Saves, promotes and serves models under one root folder; safe to share between threads."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._served: dict[str, tuple[tuple[int, int, int], LoadedModel]] = {}

    def save(self, estimator: Any, meta: ModelMeta, *, oof: Any = None) -> ModelMeta:
        """Write a fitted estimator and its metadata as a new version; returns the stored metadata.

        `oof` (a frame from `core.modelling.validation.oof_frame`) keeps the out-of-fold PDs beside the model,
        so a later challenger is compared with it on the same folds without recomputing it.
        """
        folder = self.root / meta.segment / meta.version
        folder.mkdir(parents=True, exist_ok=False)
        model_file = save_estimator(estimator, meta.family, folder)
        if oof is not None:
            oof.to_parquet(folder / OOF_FILE, index=False)
        stored = ModelMeta(**{**asdict(meta), "model_file": model_file.name})
        _write_json(folder / "meta.json", asdict(stored))
        return stored

    def add(self, folder: Path) -> ModelMeta:
        """Install a model folder written by `save` elsewhere (e.g. logged in MLflow); idempotent."""
        meta = ModelMeta(**json.loads((Path(folder) / "meta.json").read_text()))
        target = self.root / meta.segment / meta.version
        if not target.exists():
            # Copy outside the segment's folder, then rename: `versions` never lists half a model.
            partial = self.root / ".partial" / f"{meta.version}.{os.getpid()}.{threading.get_ident()}"
            shutil.copytree(folder, partial)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(partial, target)
            except OSError:
                shutil.rmtree(partial)
                if not target.exists():  # not another process installing the same version
                    raise
        return meta

    def oof_path(self, segment: str, version: str) -> Path:
        """Where a version's out-of-fold predictions are kept (the file may be absent)."""
        return self.root / segment / version / OOF_FILE

    def versions(self, segment: str) -> list[ModelMeta]:
        """All stored versions of a segment, oldest first."""
        folder = self.root / segment
        metas = sorted(folder.glob("*/meta.json")) if folder.exists() else []
        return [ModelMeta(**json.loads(path.read_text())) for path in metas]

    def meta(self, segment: str, version: str) -> ModelMeta:
        """The metadata of one version."""
        path = self.root / segment / version / "meta.json"
        if not path.exists():
            raise LookupError(f"no model {version!r} for segment {segment!r} in {self.root}")
        return ModelMeta(**json.loads(path.read_text()))

    def load(self, segment: str, version: str) -> LoadedModel:
        """Load one version for scoring."""
        meta = self.meta(segment, version)
        predictor = load_predictor(meta.family, self.root / segment / version / meta.model_file)
        return LoadedModel(meta, predictor, np.asarray(meta.reference, dtype=float))

    def champion_history(self, segment: str) -> list[dict[str, Any]]:
        """Promotions of a segment, newest last: version, time, who, why."""
        path = self._pointer(segment)
        return json.loads(path.read_text())["history"] if path.exists() else []

    def champion_version(self, segment: str) -> str | None:
        """The version the scoring core serves for `segment`, if any."""
        history = self.champion_history(segment)
        return history[-1]["version"] if history else None

    def promote(self, segment: str, version: str, *, by: str = "cli", reason: str = "") -> None:
        """Make `version` the segment's champion, remembering who did it and why."""
        self.meta(segment, version)  # refuses an unknown version
        entry = {"version": version, "at": datetime.now(UTC).isoformat(), "by": by, "reason": reason}
        self._write_history(segment, [*self.champion_history(segment), entry])

    def rollback(self, segment: str, *, by: str = "cli", reason: str = "rollback") -> str:
        """Serve the previous champion again; returns its version."""
        history = self.champion_history(segment)
        if len(history) < 2:
            raise LookupError(f"segment {segment!r} has no previous champion to roll back to")
        previous = history[-2]["version"]
        entry = {"version": previous, "at": datetime.now(UTC).isoformat(), "by": by, "reason": reason}
        # The rolled-back champion leaves the history, so a second rollback goes one further back.
        self._write_history(segment, [*history[:-2], entry])
        return previous

    def champion(self, segment: str) -> LoadedModel | None:
        """The segment's champion, loaded once and reloaded only after a promotion."""
        pointer = self._pointer(segment)
        try:
            stat = pointer.stat()
        except FileNotFoundError:
            return None
        # Each write replaces the file (new inode): two promotions within one clock tick of the
        # file system still differ, where the modification time alone might not.
        stamp = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
        served = self._served.get(segment)
        if served and served[0] == stamp:
            return served[1]
        with self._lock:
            version = self.champion_version(segment)
            if version is None:
                return None
            model = self.load(segment, version)
            self._served[segment] = (stamp, model)
            return model

    def _pointer(self, segment: str) -> Path:
        return self.root / segment / "champion.json"

    def _write_history(self, segment: str, history: list[dict[str, Any]]) -> None:
        _write_json(self._pointer(segment), {"history": history})


def _write_json(path: Path, data: dict[str, Any]) -> None:
    # Write then rename, so a reader never sees half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    os.replace(tmp, path)
