"""MLflow tracking: one experiment per purpose, artifacts beside the tracking store by default.

MLflow is imported only here and only when a run starts: it takes seconds to import, and
the scoring path must not pay for it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from core.config import Settings

TRAINING_EXPERIMENT = "credit-scoring-training"
TUNING_EXPERIMENT = "credit-scoring-tuning"


def _quiet_store_creation() -> None:
    # MLflow logs "Creating initial MLflow database tables..." (and Alembic its steps) at INFO when it
    # first makes its store: routine, but a newcomer reads it as an error. Warnings still show.
    for name in ("mlflow.store.db.utils", "alembic.runtime.migration"):
        logging.getLogger(name).setLevel(logging.WARNING)


def configure(settings: Settings, experiment: str) -> str:
    """Point MLflow at the settings' tracking store and make sure `experiment` exists; returns its id."""
    import mlflow

    _quiet_store_creation()
    mlflow.set_tracking_uri(settings.mlflow_tracking_uri)
    found = mlflow.get_experiment_by_name(experiment)
    if found is not None:
        return found.experiment_id
    settings.mlflow_artifacts_dir.mkdir(parents=True, exist_ok=True)
    location = (settings.mlflow_artifacts_dir / experiment).resolve().as_uri()
    return mlflow.create_experiment(experiment, artifact_location=location)


def client(settings: Settings) -> Any:
    """An `MlflowClient` of the settings' tracking store (artifact downloads without progress bars)."""
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    from mlflow import MlflowClient

    _quiet_store_creation()
    return MlflowClient(settings.mlflow_tracking_uri)


@contextmanager
def mlflow_run(
    settings: Settings, *, experiment: str, run_name: str, tags: dict[str, str], nested: bool = False
) -> Iterator[Any]:
    """An MLflow run in `experiment` (nested under the active run when `nested`)."""
    import mlflow

    experiment_id = configure(settings, experiment)
    with mlflow.start_run(experiment_id=experiment_id, run_name=run_name, tags=tags, nested=nested) as run:
        yield run


def has_model(client: Any, run_id: str) -> bool:
    """Whether an MLflow run holds a saved model (`model/meta.json` beside the model file)."""
    return any(item.path == "model/meta.json" for item in client.list_artifacts(run_id, "model"))
