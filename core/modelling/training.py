"""Training: cross-validate, choose the decision threshold, fit on all rows, save, track, serve.

`train` is what `python -m core train` and the first start run: one MLflow run per segment,
the model saved in the store and (by default) served through `core.modelling.champions`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from core.config import Settings
from core.modelling.estimators import DEFAULT_PARAMS, make_estimator
from core.modelling.features import SEGMENT_FEATURES, SEGMENTS, encode_frame
from core.modelling.guard import Outcome, serve_if_better
from core.modelling.history import canonical
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
    holdout: bool = False,
    target_bad_rate: float,
    progress: Progress = quiet,
) -> tuple[Any, ModelMeta, CVResult]:
    """Cross-validate (or, with `holdout`, validate on the first of the folds only: one fit instead
    of `folds`, for the demo models of the first start), choose the threshold on the validation
    PDs, then fit on all rows."""
    features = list(SEGMENT_FEATURES[segment])
    params = {**DEFAULT_PARAMS[family], **(params or {})}
    X, y = encode_frame(frame, features), frame["default"].to_numpy(dtype=int)
    splits = folds_of(y, folds)[:1] if holdout else folds_of(y, folds)
    steps = len(splits) + 1

    def on_fold(i: int, metrics: dict[str, float]) -> None:
        progress((i + 1) / steps, f"{segment}: validation fit {i + 1}/{len(splits)}, AUROC {metrics['auroc']:.3f}")

    cv = cross_validate(X, y, family=family, params=params, features=features, folds=splits, on_fold=on_fold)
    progress(
        len(splits) / steps, f"{segment}: {'' if holdout else 'out-of-time check and '}final fit on {len(y):,} rows"
    )
    extra = {"validation": f"holdout (1 of {folds} folds)"} if holdout else {}
    estimator, meta = fit_final(
        frame,
        segment,
        family=family,
        params=params,
        cv=cv,
        folds=folds,
        target_bad_rate=target_bad_rate,
        extra=extra,
        out_of_time_check=not holdout,  # the first start's demo models: one fit less
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
    out_of_time_check: bool = True,
) -> tuple[Any, ModelMeta]:
    """Choose the threshold on the validation PDs `cv`, check the model out of time (fit on all
    months but the last, score the last; unless `out_of_time_check` is off), fit on all rows,
    describe the model."""
    features = list(SEGMENT_FEATURES[segment])
    X, y = encode_frame(frame, features), frame["default"].to_numpy(dtype=int)
    judged, choice = cv_summary(y, cv, target_bad_rate)
    oot = out_of_time(frame, segment, family=family, params=params) if out_of_time_check else {}
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
    holdout: bool = False,
    promote: bool = True,
    force_reason: str = "",
    source: dict[str, Any] | None = None,
    progress: Progress = quiet,
    on_outcome: Callable[[ModelMeta, Outcome], None] | None = None,
) -> list[ModelMeta]:
    """Train, track in MLflow, save and (by default) promote one model per segment.

    `source` says what `frame` is (`{"source": "demo" | "database" | "file", "path": ...}`), kept
    in each model's metadata. Promotion follows the guard (`core.modelling.guard`): the first
    model of a segment is served, a later one only if it beats the champion on the same
    validation data, or with `force_reason`; `on_outcome` hears what happened.
    """
    import mlflow

    from core.modelling.tracking import TRAINING_EXPERIMENT, mlflow_run

    frame = canonical(frame)  # the shared folds are drawn over rows in canonical order
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
                holdout=holdout,
                target_bad_rate=settings.target_bad_rate,
                progress=step,
            )
            # After a holdout most rows have no validation PD: keep no out-of-fold file, so a later
            # comparison recomputes the champion's on the shared folds.
            oof = None if holdout else oof_frame(frame, cv.oof, folds_of(frame["default"].to_numpy(dtype=int), folds))
            trained_on = {**(source or {"source": "in-memory"}), "rows": meta.n_rows, "fingerprint": meta.fingerprint}
            meta = ModelMeta(**{**asdict(meta), "mlflow_run_id": run.info.run_id, "trained_on": trained_on})
            meta = store.save(estimator, meta, oof=oof)
            mlflow.log_params({**meta.params, "family": family, "folds": folds, "n_rows": meta.n_rows})
            mlflow.log_metrics(_tracked_metrics(meta.metrics) | {"threshold": meta.threshold})
            mlflow.log_dict({"features": meta.features}, "features.json")
            mlflow.set_tags(
                {"version": meta.version, "fingerprint": meta.fingerprint, "trained_on": trained_on["source"]}
            )
            mlflow.log_artifacts(str(store.root / segment / meta.version), "model")
        if promote:
            outcome = serve_if_better(meta, frame, settings=settings, store=store, force_reason=force_reason)
            if on_outcome is not None:
                on_outcome(meta, outcome)
        saved.append(meta)
        step(1.0, f"{segment}: AUROC {meta.metrics['auroc']:.3f}, PR AUC {meta.metrics['pr_auc']:.3f}")
    return saved


def _tracked_metrics(metrics: dict[str, float]) -> dict[str, float]:
    """Metrics under their MLflow names: cross-validated ones prefixed `cv_`, out-of-time ones as they are."""
    return {(k if k.startswith("oot_") else f"cv_{k}"): v for k, v in metrics.items()}
