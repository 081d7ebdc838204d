"""Training: cross-validate, choose the decision threshold, fit on all rows, save, track, serve.

`train` is what `python -m core train` and the first start run: one MLflow run per segment,
the model saved in the store and (by default) served through `core.modelling.champions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from core.config import Settings
from core.modelling.champions import serve_trained
from core.modelling.estimators import DEFAULT_PARAMS, make_estimator
from core.modelling.features import SEGMENT_FEATURES, SEGMENTS, encode_frame
from core.modelling.judging import cv_summary, out_of_time
from core.modelling.registry import ModelMeta, ModelStore, new_version
from core.modelling.validation import (
    FOLDS,
    SEED,
    CVResult,
    Progress,
    cross_validate,
    fingerprint,
    folds_of,
    oof_frame,
    quiet,
)


def fit_segment(
    frame: pd.DataFrame,
    segment: str,
    *,
    family: str = "catboost",
    params: dict[str, Any] | None = None,
    folds: int = FOLDS,
    target_bad_rate: float,
    progress: Progress = quiet,
) -> tuple[Any, ModelMeta, CVResult]:
    """Cross-validate, choose the threshold on out-of-fold PDs, then fit on all rows."""
    features = list(SEGMENT_FEATURES[segment])
    params = {**DEFAULT_PARAMS[family], **(params or {})}
    X, y = encode_frame(frame, features), frame["default"].to_numpy(dtype=int)

    def on_fold(i: int, metrics: dict[str, float]) -> None:
        progress((i + 1) / (folds + 1), f"{segment}: fold {i + 1}/{folds}, AUROC {metrics['auroc']:.3f}")

    cv = cross_validate(
        X, y, family=family, params=params, features=features, folds=folds_of(y, folds), on_fold=on_fold
    )
    progress(folds / (folds + 1), f"{segment}: out-of-time check and final fit on {len(y):,} rows")
    estimator, meta = fit_final(
        frame, segment, family=family, params=params, cv=cv, folds=folds, target_bad_rate=target_bad_rate
    )
    return estimator, meta, cv


def fit_final(
    frame: pd.DataFrame,
    segment: str,
    *,
    family: str,
    params: dict[str, Any],
    cv: CVResult,
    folds: int,
    target_bad_rate: float,
    extra: dict[str, Any] | None = None,
) -> tuple[Any, ModelMeta]:
    """Choose the threshold on the out-of-fold PDs `cv`, check the model out of time (fit on all
    months but the last, score the last), fit on all rows, describe the model."""
    features = list(SEGMENT_FEATURES[segment])
    X, y = encode_frame(frame, features), frame["default"].to_numpy(dtype=int)
    judged, choice = cv_summary(y, cv, target_bad_rate)
    oot = out_of_time(frame, segment, family=family, params=params)
    oot_month = oot.pop("oot_month", None)
    estimator = make_estimator(family, params, features=features, random_state=SEED).fit(X, y)
    print_ = fingerprint(frame)
    meta = ModelMeta(
        segment=segment,
        family=family,
        version=new_version(print_),
        features=features,
        params=params,
        metrics={**judged, **oot},
        threshold=choice.threshold,
        reference=np.nanmedian(X, axis=0).tolist(),
        fingerprint=print_,
        n_rows=len(y),
        default_rate=float(y.mean()),
        trained_at=datetime.now(UTC).isoformat(),
        extra={
            "folds": folds,
            "seed": SEED,
            "target_bad_rate": target_bad_rate,
            "oot_month": oot_month,
            **(extra or {}),
        },
    )
    return estimator, meta


def train(
    frame: pd.DataFrame,
    *,
    settings: Settings,
    store: ModelStore,
    segments: Sequence[str] = SEGMENTS,
    family: str = "catboost",
    params: dict[str, Any] | None = None,
    folds: int = FOLDS,
    promote: bool = True,
    progress: Progress = quiet,
) -> list[ModelMeta]:
    """Train, track in MLflow, save and (by default) promote one model per segment."""
    import mlflow

    from core.modelling.tracking import TRAINING_EXPERIMENT, mlflow_run

    saved = []
    for n, segment in enumerate(segments):

        def step(fraction: float, message: str, n: int = n) -> None:
            progress((n + fraction) / len(segments), message)

        tags = {"segment": segment, "family": family, "kind": "training"}
        with mlflow_run(settings, experiment=TRAINING_EXPERIMENT, run_name=f"{segment}-{family}", tags=tags) as run:
            estimator, meta, cv = fit_segment(
                frame,
                segment,
                family=family,
                params=params,
                folds=folds,
                target_bad_rate=settings.target_bad_rate,
                progress=step,
            )
            oof = oof_frame(frame, cv.oof, folds_of(frame["default"].to_numpy(dtype=int), folds))
            meta = store.save(estimator, ModelMeta(**{**asdict(meta), "mlflow_run_id": run.info.run_id}), oof=oof)
            mlflow.log_params({**meta.params, "family": family, "folds": folds, "n_rows": meta.n_rows})
            mlflow.log_metrics(_tracked_metrics(meta.metrics) | {"threshold": meta.threshold})
            mlflow.log_dict({"features": meta.features}, "features.json")
            mlflow.set_tags({"version": meta.version, "fingerprint": meta.fingerprint})
            mlflow.log_artifacts(str(store.root / segment / meta.version), "model")
        if promote:
            serve_trained(meta, settings=settings, store=store, by="train", reason="trained by python -m core train")
        saved.append(meta)
        step(1.0, f"{segment}: AUROC {meta.metrics['auroc']:.3f}, PR AUC {meta.metrics['pr_auc']:.3f}")
    return saved


def _tracked_metrics(metrics: dict[str, float]) -> dict[str, float]:
    """Metrics under their MLflow names: cross-validated ones prefixed `cv_`, out-of-time ones as they are."""
    return {(k if k.startswith("oot_") else f"cv_{k}"): v for k, v in metrics.items()}
