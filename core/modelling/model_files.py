"""What a model folder must hold before it is served, and where in the store it may live.

A version name is checked against the one pattern `registry.new_version` makes before it
becomes part of any path, and every path is resolved and checked to stay inside the store,
so a version (or segment) such as `../../x` read from a pointer file or from a `meta.json` that
came with an MLflow run can neither load nor write anything outside `MODELS_DIR`.

A model is checked when it becomes champion and whenever it is loaded: its metadata must be
well-formed and name this segment and version, its file must be the one its family writes and
load, and it must turn its own reference row into a probability. Whatever fails is a
`BrokenModel` that names the version and says what is wrong, never a library's own error.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.modelling.estimators import FAMILIES, MODEL_FILES, Predictor, load_predictor
from core.modelling.features import SEGMENTS

VERSION = re.compile(r"[0-9]{8}T[0-9]{12}Z-[0-9a-f]{8}")  # registry.new_version: UTC time, data fingerprint
_META_FIELDS = {"segment": str, "family": str, "version": str, "features": list, "reference": list, "threshold": float}


@dataclass(frozen=True)
class ServingProblem:
    """A segment whose champion cannot be served: what is served instead (None: nothing) and why."""

    segment: str
    champion: str | None
    served: str | None
    error: str


class BrokenModel(ValueError):
    """A stored model is missing, damaged, or not one this product wrote; the message says which and why."""


class UnknownVersion(LookupError):
    """No model of that segment and version is in the store (or the name cannot be one)."""


def folder_of(root: Path, segment: str, version: str) -> Path:
    """The folder of `version` of `segment` under `root`; refuses any name that is not a
    version this product makes, and any path that would leave the store."""
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise UnknownVersion(f"{version!r} is not a model version (they look like 20260101T000000000000Z-0123abcd)")
    return segment_folder(root, segment) / version


def segment_folder(root: Path, segment: str) -> Path:
    """The folder of `segment` under `root`; refuses a name that is not a segment."""
    if segment not in SEGMENTS:
        raise UnknownVersion(f"there is no segment {segment!r}; the segments are {', '.join(SEGMENTS)}")
    return inside(root, Path(segment))


def inside(root: Path, relative: Path) -> Path:
    """`root / relative`, refused when it resolves (links followed) to somewhere outside `root`."""
    base = Path(root).resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        raise UnknownVersion(f"{relative} lies outside the model store {base}")
    return path


def read_meta(path: Path) -> dict[str, Any]:
    """The fields of a `meta.json`, checked for shape; `BrokenModel` when it is unreadable or odd."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BrokenModel(f"{path} is missing") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BrokenModel(f"{path} is not readable JSON ({error})") from error
    if not isinstance(data, dict):
        raise BrokenModel(f"{path} does not describe a model")
    for name, kind in _META_FIELDS.items():
        value = data.get(name)
        if not isinstance(value, kind) and not (kind is float and isinstance(value, int)):
            raise BrokenModel(f"{path}: the field {name!r} is missing or not a {kind.__name__}")
    if data["segment"] not in SEGMENTS or not VERSION.fullmatch(data["version"]):
        raise BrokenModel(f"{path} names no valid segment and version ({data['segment']!r}, {data['version']!r})")
    if data["family"] not in FAMILIES:
        raise BrokenModel(f"{path}: unknown model family {data['family']!r}")
    if data.get("model_file", MODEL_FILES[data["family"]]) not in ("", MODEL_FILES[data["family"]]):
        raise BrokenModel(f"{path}: a {data['family']} model is kept in {MODEL_FILES[data['family']]}")
    if len(data["reference"]) != len(data["features"]) or not all(isinstance(f, str) for f in data["features"]):
        raise BrokenModel(f"{path}: the features and their reference values do not match")
    return data


def load_checked(family: str, path: Path, reference: list[float]) -> Predictor:
    """Load the model file at `path` and check that it scores its own reference row."""
    if not path.is_file() or path.stat().st_size == 0:
        raise BrokenModel(f"{path} is missing or empty")
    try:
        predictor = load_predictor(family, path)
        pd_ = predictor.predict_pd(np.asarray([reference], dtype=float))
    except Exception as error:  # each library raises its own kinds: all mean "this file will not serve"
        raise BrokenModel(f"{path} does not load as a {family} model ({type(error).__name__}: {error})") from error
    value = float(np.ravel(pd_)[0]) if np.size(pd_) == 1 else math.nan
    if not 0.0 <= value <= 1.0:
        raise BrokenModel(f"{path} gives no probability for its reference row (got {pd_!r})")
    return predictor


def serving_stack(history: list[dict[str, Any]]) -> list[str]:
    """The versions that would be served in turn by rollbacks, current last: a promotion pushes
    its version, a rollback pops the current one."""
    stack: list[str] = []
    for entry in history:
        if entry["event"] == "rollback":
            stack.pop()
        else:
            stack.append(entry["version"])
    return stack


def write_json(path: Path, data: dict[str, Any]) -> None:
    # Write then rename, so a reader never sees half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    os.replace(tmp, path)
