"""The local model store: one folder per segment and version, and each segment's champion.

    models/<segment>/<version>/model.<native ext>   the model in its library's own format
    models/<segment>/<version>/meta.json            features, metrics, threshold, fingerprint
    models/<segment>/<version>/oof.parquet          out-of-fold PDs (client_id, fold, default, pd)
    models/<segment>/champion.json                  every promotion and rollback (append-only)

The scoring core asks the store for a segment's champion on every decision; the store checks
the pointer file's modification time (a stat call) and reloads only when a promotion changed
it, so a promotion takes effect at once in every running process, with no restart.

Versions and paths are checked by `core.modelling.model_files`. When the champion's files are
damaged or gone, the store serves the newest earlier champion that still loads (or the model
it already served), logs it as an error and lists it in `problems` for staff to see; only
when no model of the segment loads does `champion` return None.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from core.modelling.estimators import save_estimator
from core.modelling.features import SEGMENTS
from core.modelling.model_files import (
    BrokenModel,
    ServingProblem,
    UnknownVersion,
    folder_of,
    inside,
    load_checked,
    read_meta,
    segment_folder,
    serving_stack,
    write_json,
)
from core.modelling.model_meta import LoadedModel, ModelMeta, new_version  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

OOF_FILE = "oof.parquet"


class ModelStore:
    """Saves, promotes and serves models under one root folder; safe to share between threads."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._served: dict[str, tuple[tuple[int, int, int], LoadedModel | None]] = {}
        self._problems: dict[str, ServingProblem] = {}
        # Each segment's champion pointer, resolved once: `champion` stats it on every decision.
        self._pointers: dict[str, Path] = {}

    def save(self, estimator: Any, meta: ModelMeta, *, oof: Any = None) -> ModelMeta:
        """Write a fitted estimator and its metadata as a new version; returns the stored metadata.

        `oof` (a frame from `core.modelling.validation.oof_frame`) keeps the out-of-fold PDs beside the model,
        so a later challenger is compared with it on the same folds without recomputing it.
        """
        folder = folder_of(self.root, meta.segment, meta.version)
        folder.mkdir(parents=True, exist_ok=False)
        model_file = save_estimator(estimator, meta.family, folder)
        if oof is not None:
            oof.to_parquet(folder / OOF_FILE, index=False)
        stored = ModelMeta(**{**asdict(meta), "model_file": model_file.name})
        write_json(folder / "meta.json", asdict(stored))
        return stored

    def add(self, folder: Path) -> ModelMeta:
        """Install a model folder written by `save` elsewhere (e.g. logged in MLflow); idempotent.
        Refuses (`BrokenModel`) a folder whose metadata or model is not one this product wrote."""
        meta = folder_meta(folder)
        load_checked(meta.family, Path(folder) / meta.model_file, meta.reference)
        target = folder_of(self.root, meta.segment, meta.version)
        if not target.exists():
            # Copy outside the segment's folder, then rename: `versions` never lists half a model.
            partial = inside(self.root, Path(".partial") / f"{meta.version}.{os.getpid()}.{threading.get_ident()}")
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
        return folder_of(self.root, segment, version) / OOF_FILE

    def versions(self, segment: str) -> list[ModelMeta]:
        """All readable stored versions of a segment, oldest first (a damaged one is logged and left out)."""
        folder = segment_folder(self.root, segment)
        found = []
        for path in sorted(folder.glob("*/meta.json")) if folder.exists() else []:
            try:
                found.append(self.meta(segment, path.parent.name))
            except (BrokenModel, UnknownVersion) as error:
                log.error("model store: %s", error)
        return found

    def meta(self, segment: str, version: str) -> ModelMeta:
        """The metadata of one version; `UnknownVersion` when there is none, `BrokenModel` when it is damaged."""
        folder = folder_of(self.root, segment, version)
        if not folder.is_dir():
            raise UnknownVersion(f"no model {version!r} for segment {segment!r} in {self.root}")
        meta = folder_meta(folder)
        if (meta.segment, meta.version) != (segment, version):
            raise BrokenModel(f"{folder}/meta.json describes {meta.segment}/{meta.version}, not {segment}/{version}")
        return meta

    def load(self, segment: str, version: str) -> LoadedModel:
        """Load one version for scoring, checked (`core.modelling.model_files.load_checked`)."""
        meta = self.meta(segment, version)
        predictor = load_checked(meta.family, folder_of(self.root, segment, version) / meta.model_file, meta.reference)
        return LoadedModel(meta, predictor, np.asarray(meta.reference, dtype=float))

    def champion_history(self, segment: str) -> list[dict[str, Any]]:
        """Every serving event of a segment, oldest first and never rewritten: `event` (promote or
        rollback), the `version` served from then on, `at`, `by` and `reason`. `BrokenModel` when
        the pointer file is damaged."""
        path = self._pointer(segment)
        try:
            history = json.loads(path.read_text(encoding="utf-8"))["history"]
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as error:
            raise BrokenModel(f"{path} is damaged ({type(error).__name__}: {error})") from error
        if not isinstance(history, list) or not all(isinstance(e, dict) and "version" in e for e in history):
            raise BrokenModel(f"{path} is damaged (no list of promotions)")
        return [{"event": "promote", **entry} for entry in history]  # files from before events had kinds

    def has_champion(self, segment: str) -> bool:
        """Whether a segment has ever had a champion (its pointer file exists, damaged or not)."""
        return self._pointer(segment).exists()

    def champion_version(self, segment: str) -> str | None:
        """The version the scoring core serves for `segment`, if any."""
        history = self.champion_history(segment)
        return history[-1]["version"] if history else None

    def promote(self, segment: str, version: str, *, by: str = "cli", reason: str = "") -> None:
        """Make `version` the segment's champion, remembering who did it and why. Refuses a version
        that is not in the store (`UnknownVersion`) or does not load and score (`BrokenModel`)."""
        self.load(segment, version)
        try:
            history = self.champion_history(segment)
        except BrokenModel as error:
            log.error("model store: %s; it restarts with this promotion", error)
            history = []
        self._append(segment, history, "promote", version, by=by, reason=reason)

    def rollback(self, segment: str, *, by: str = "cli", reason: str = "rollback") -> str:
        """Serve the champion before the current one again; returns its version. The history keeps
        every event: a second rollback goes one further back, past the one rolled back."""
        stack = serving_stack(self.champion_history(segment))
        if len(stack) < 2:
            raise LookupError(f"segment {segment!r} has no previous champion to roll back to")
        previous = stack[-2]
        self.load(segment, previous)  # refuses to roll back to a model that no longer loads
        self._append(segment, self.champion_history(segment), "rollback", previous, by=by, reason=reason)
        return previous

    def champion(self, segment: str) -> LoadedModel | None:
        """The segment's champion, loaded once and reloaded only after a promotion. When it does
        not load, the newest earlier champion that does (or the model served so far) is served
        and the problem is logged and kept in `problems`; None when no model of the segment loads."""
        if (pointer := self._pointers.get(segment)) is None:
            pointer = self._pointers[segment] = self._pointer(segment)
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
            model = self._first_loadable(segment, served[1] if served else None)
            self._served[segment] = (stamp, model)
            return model

    def problems(self) -> list[ServingProblem]:
        """Segments whose champion cannot be served as promoted, each checked now (a stat call
        when nothing changed)."""
        for segment in SEGMENTS:
            self.champion(segment)
        return [self._problems[segment] for segment in SEGMENTS if segment in self._problems]

    def problem(self, segment: str) -> ServingProblem | None:
        """Why the segment's champion is not served as promoted, if it is not (as of the last check)."""
        return self._problems.get(segment)

    def _first_loadable(self, segment: str, before: LoadedModel | None) -> LoadedModel | None:
        """The champion if it loads, else the newest earlier champion that does, else `before`."""
        self._problems.pop(segment, None)
        try:
            history = self.champion_history(segment)
        except BrokenModel as error:
            history, first_error = [], str(error)
        else:
            first_error = ""
        # The champion, then the ones a rollback would serve in turn.
        stack = serving_stack(history)
        champion = stack[-1] if stack else None
        for version in reversed(stack):
            try:
                model = self.load(segment, version)
            except (BrokenModel, UnknownVersion) as error:
                first_error = first_error or str(error)
                continue
            if model.meta.version != champion:
                self._report(ServingProblem(segment, champion, model.meta.version, first_error))
            return model
        if first_error:
            self._report(ServingProblem(segment, champion, before.meta.version if before else None, first_error))
        return before if first_error else None

    def _report(self, problem: ServingProblem) -> None:
        self._problems[problem.segment] = problem
        log.error(
            "model store: the %s-client champion %s cannot be served (%s); serving %s",
            problem.segment,
            problem.champion,
            problem.error,
            problem.served or "nothing: decisions for this segment are unavailable",
        )

    def _pointer(self, segment: str) -> Path:
        return segment_folder(self.root, segment) / "champion.json"

    def _append(
        self, segment: str, history: list[dict[str, Any]], event: str, version: str, *, by: str, reason: str
    ) -> None:
        entry = {"event": event, "version": version, "at": datetime.now(UTC).isoformat(), "by": by, "reason": reason}
        write_json(self._pointer(segment), {"history": [*history, entry]})


def folder_meta(folder: Path) -> ModelMeta:
    """The checked metadata of a model folder (`BrokenModel` when it is not one this product wrote)."""
    data = read_meta(Path(folder) / "meta.json")
    known = {name for name in ModelMeta.__dataclass_fields__}
    try:
        return ModelMeta(**{name: value for name, value in data.items() if name in known})
    except TypeError as error:
        raise BrokenModel(f"{Path(folder) / 'meta.json'} lacks fields of a model ({error})") from error
