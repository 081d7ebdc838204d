"""Champions: promote a tuned or trained model to serve its segment, only when it beats the current
champion on the same validation data (or with a stated reason), and roll back in one step.

The served model lives in the local `ModelStore`, which the scoring core reloads on change,
without a restart. MLflow's model registry mirrors it: one registered model per segment
(`credit-scoring-new`, `credit-scoring-existing`) whose alias `champion` names the served version.

How two models are compared on the same validation data is `core.modelling.comparison`.
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from core.config import Settings
from core.modelling.comparison import Candidate, Comparison, PromotionRefused, StaleData, candidate, compare  # noqa: F401
from core.modelling.model_files import BrokenModel, UnknownVersion
from core.modelling.registry import ModelMeta, ModelStore, folder_meta
from core.modelling.tracking import client as mlflow_client
from core.modelling.tracking import has_model

ALIAS = "champion"


@dataclass(frozen=True)
class Promotion:
    """A promotion made: the version now served, its MLflow model version, and the comparison."""

    segment: str
    version: str
    registered_version: str
    comparison: Comparison
    overridden: bool


def registered_model_name(segment: str) -> str:
    """The MLflow registered model of a segment."""
    return f"credit-scoring-{segment}"


def promote(
    run_id: str,
    *,
    settings: Settings,
    store: ModelStore,
    by: str,
    reason: str = "",
    objective: str | None = None,
    frame: pd.DataFrame | None = None,
) -> Promotion:
    """Serve the run's model for its segment if it beats the champion on the same validation data,
    or, when it does not, if `reason` says why anyway; who and why are recorded in the model store
    and in MLflow, and the registered model's alias `champion` moves to it."""
    cand = candidate(run_id, settings=settings)
    if not cand.has_model:
        raise PromotionRefused(f"run {cand.name} saved no model: promote a study's best trial or a trained run")
    client = mlflow_client(settings)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(client.download_artifacts(run_id, "model", tmp))
        try:
            incoming = folder_meta(folder)
        except BrokenModel as error:
            raise PromotionRefused(f"run {cand.name}'s model is refused: {error}") from error
        if incoming.segment != cand.segment:
            raise PromotionRefused(f"run {cand.name} is for {cand.segment} clients; its model says {incoming.segment}")
        version = incoming.version
        if store.champion_version(cand.segment) == version:
            raise PromotionRefused(f"run {cand.name} already serves the {cand.segment}-client segment")
        try:
            comparison = compare(run_id, settings=settings, store=store, objective=objective, frame=frame)
        except BrokenModel as error:
            raise PromotionRefused(f"the current champion cannot be read ({error}): retrain to replace it") from error
        overridden = not comparison.beats_champion
        if overridden and not reason.strip():
            raise PromotionRefused(
                f"Not promoted: the challenger does not beat the champion ({comparison.describe()}). "
                "Give a reason to promote it anyway.",
                comparison,
            )
        try:
            meta = store.add(folder)
        except (BrokenModel, UnknownVersion) as error:
            raise PromotionRefused(f"run {cand.name}'s model is refused: {error}") from error
    why = reason.strip() or "beats the champion"
    record = f"{'override: ' if overridden else ''}{why} ({comparison.describe()})"
    store.promote(cand.segment, meta.version, by=by, reason=record)
    tags = {"promoted_by": by, "promotion_reason": record, "override": str(overridden).lower()}
    registered = _register(client, meta, run_id, tags=tags)
    for key, value in tags.items():
        client.set_tag(run_id, key, value)
    return Promotion(cand.segment, meta.version, registered, comparison, overridden)


def serve_trained(meta: ModelMeta, *, settings: Settings, store: ModelStore, by: str, reason: str) -> str:
    """Serve a model just trained and tracked (`core.modelling.training.train`) for its segment, without
    the champion guard: in the model store and by the MLflow alias; returns the MLflow version."""
    store.promote(meta.segment, meta.version, by=by, reason=reason)
    return _register(
        mlflow_client(settings), meta, meta.mlflow_run_id or "", tags={"promoted_by": by, "promotion_reason": reason}
    )


def rollback(segment: str, *, settings: Settings, store: ModelStore, by: str, reason: str = "") -> str:
    """Serve the segment's previous champion again, and move the MLflow alias back to it; returns
    the version now served."""
    why = reason.strip() or "rollback"
    withdrawn = store.champion_version(segment)
    version = store.rollback(segment, by=by, reason=why)
    meta = store.meta(segment, version)
    client = mlflow_client(settings)
    for model_version in _model_versions(client, segment, withdrawn):
        client.set_model_version_tag(registered_model_name(segment), model_version, "withdrawn_by", by)
        client.set_model_version_tag(registered_model_name(segment), model_version, "withdrawn_reason", why)
    registrable = meta.mlflow_run_id is not None and _run_has_model(client, meta.mlflow_run_id)
    if registrable:
        _register(client, meta, meta.mlflow_run_id or "", tags={"restored_by": by, "restored_reason": why})
    else:
        # The model served has no MLflow run to register: the alias must not name the one withdrawn.
        _drop_alias(client, registered_model_name(segment))
    return version


def _run_has_model(client: Any, run_id: str) -> bool:
    from mlflow.exceptions import MlflowException

    try:
        return has_model(client, run_id)
    except MlflowException:
        return False


def _register(client: Any, meta: ModelMeta, run_id: str, *, tags: dict[str, str]) -> str:
    """Make sure the stored version is a version of its segment's registered model, tag it, and
    point the alias `champion` at it; returns the MLflow model version."""
    from mlflow.exceptions import MlflowException

    name = registered_model_name(meta.segment)
    try:
        client.get_registered_model(name)
    except MlflowException:
        client.create_registered_model(name, description=f"Champion models of the {meta.segment}-client segment")
    existing = _model_versions(client, meta.segment, meta.version)
    if existing:
        model_version = existing[0]
    else:
        source = f"{client.get_run(run_id).info.artifact_uri}/model"
        created = client.create_model_version(
            name, source, run_id=run_id, tags={"store_version": meta.version, "family": meta.family}
        )
        model_version = created.version
    for key, value in tags.items():
        client.set_model_version_tag(name, model_version, key, value)
    client.set_registered_model_alias(name, ALIAS, model_version)
    return str(model_version)


def _model_versions(client: Any, segment: str, store_version: str | None) -> list[str]:
    """The MLflow versions of the segment's registered model that hold a store version."""
    from mlflow.exceptions import MlflowException

    # The name is made from a known segment, so the filter holds no free text.
    try:
        found = client.search_model_versions(f"name='{registered_model_name(segment)}'")
    except MlflowException:
        return []
    return [str(mv.version) for mv in found if store_version and mv.tags.get("store_version") == store_version]


def _drop_alias(client: Any, name: str) -> None:
    from mlflow.exceptions import MlflowException

    # No registered model or no alias yet: then nothing names the withdrawn model anyway.
    with contextlib.suppress(MlflowException):
        client.delete_registered_model_alias(name, ALIAS)


def champion_alias(segment: str, *, settings: Settings) -> dict[str, str] | None:
    """The MLflow model version the alias `champion` names (its tags and number), if any."""
    from mlflow.exceptions import MlflowException

    try:
        mv = mlflow_client(settings).get_model_version_by_alias(registered_model_name(segment), ALIAS)
    except MlflowException:
        return None
    return {"model_version": str(mv.version), **mv.tags}
