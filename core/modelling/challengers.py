"""Challengers: a saved model that a data scientist names per segment to be scored in the shadow
of the champion on live traffic (`core.decisions.shadow`), never to decide.

    models/<segment>/challenger.json   {"version", "at", "by"}: the version shadowed, if any

Like the champion, the challenger is reloaded only when its pointer file changes, so naming one
takes effect on the next decision in every running process.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.config import Settings
from core.modelling.comparison import PromotionRefused, candidate
from core.modelling.registry import LoadedModel, ModelMeta, ModelStore
from core.modelling.tracking import client as mlflow_client

_POINTER = "challenger.json"
_lock = threading.Lock()
_served: dict[tuple[str, str], tuple[tuple[int, int, int], LoadedModel]] = {}


def challenger_entry(store: ModelStore, segment: str) -> dict[str, Any] | None:
    """Which version shadows the segment's champion, named when and by whom; None when none does."""
    path = store.root / segment / _POINTER
    return json.loads(path.read_text()) if path.exists() else None


def set_challenger(store: ModelStore, segment: str, version: str, *, by: str) -> ModelMeta:
    """Name a stored version the segment's challenger; the champion itself cannot be its own."""
    meta = store.meta(segment, version)  # refuses an unknown version
    if store.champion_version(segment) == version:
        raise PromotionRefused(f"{version} is the {segment}-client champion: a challenger must be another model")
    _write(store.root / segment / _POINTER, {"version": version, "at": datetime.now(UTC).isoformat(), "by": by})
    return meta


def name_challenger(run_id: str, *, settings: Settings, store: ModelStore, by: str) -> ModelMeta:
    """Install an MLflow run's saved model in the store and name it its segment's challenger."""
    cand = candidate(run_id, settings=settings)
    if not cand.has_model:
        raise PromotionRefused(f"run {cand.name} saved no model: name a study's best trial or a trained run")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(mlflow_client(settings).download_artifacts(run_id, "model", tmp))
        meta = store.add(folder)
    return set_challenger(store, meta.segment, meta.version, by=by)


def clear_challenger(store: ModelStore, segment: str) -> None:
    """Stop shadow-scoring the segment."""
    (store.root / segment / _POINTER).unlink(missing_ok=True)


def challenger(store: ModelStore, segment: str) -> LoadedModel | None:
    """The segment's challenger ready to score, loaded once and again only after it changes."""
    pointer = store.root / segment / _POINTER
    try:
        stat = pointer.stat()
    except FileNotFoundError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
    key = (str(store.root), segment)
    served = _served.get(key)
    if served and served[0] == stamp:
        return served[1]
    with _lock:
        entry = challenger_entry(store, segment)
        if entry is None:
            return None
        model = store.load(segment, entry["version"])
        _served[key] = (stamp, model)
        return model


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, path)
