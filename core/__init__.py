"""The scoring core: plain Python that the pages, the command line, the benchmarks and outside
callers all drive the same way. It never imports Streamlit.

Packages, by what they own (dependencies point down this list, never up):

- `core.cli`        the command line, `python -m core ...`, one module per command group
- `core.decisions`  questionnaire, routing and scoring, credit policy, reasons
- `core.staff`      staff accounts, sessions, audit log
- `core.modelling`  features, estimators, training, model store, studies, champions
- `core.data`       tables and migrations, repository, data files, demo data
- `core.config`, `core.i18n`  settings from the environment; texts in ru/en

This module is the public door: outside callers import the names below from `core`, not
from its inner modules. They load on first use, so `python -m core --help` stays fast.

A bank's servers send nothing out: MLflow 3 would report usage to its makers from any
process that imports it, unless told otherwise before that import (set the variable to
"false" to allow it).
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

_EXPORTS = {
    "DatabaseUnavailable": "core.data.connections",
    "Decision": "core.decisions.scoring",
    "ModelUnavailable": "core.decisions.scoring",
    "score_application": "core.decisions.scoring",
    "score_frame": "core.decisions.scoring",
    "ValidationError": "core.decisions.schema",
    "parse_application": "core.decisions.schema",
    "DataError": "core.data.dataset",
    "read_applications": "core.data.dataset",
    "make_engine": "core.data.db",
    "migrate": "core.data.db",
    "ModelStore": "core.modelling.registry",
    "ensure_ready": "core.modelling.bootstrap",
    "Settings": "core.config",
    "get_settings": "core.config",
}

__all__ = [
    "DataError",
    "DatabaseUnavailable",
    "Decision",
    "ModelStore",
    "ModelUnavailable",
    "Settings",
    "ValidationError",
    "ensure_ready",
    "get_settings",
    "make_engine",
    "migrate",
    "parse_application",
    "read_applications",
    "score_application",
    "score_frame",
]

if TYPE_CHECKING:
    from core.config import Settings, get_settings
    from core.data.connections import DatabaseUnavailable
    from core.data.dataset import DataError, read_applications
    from core.data.db import make_engine, migrate
    from core.decisions.schema import ValidationError, parse_application
    from core.decisions.scoring import Decision, ModelUnavailable, score_application, score_frame
    from core.modelling.bootstrap import ensure_ready
    from core.modelling.registry import ModelStore


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'core' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
