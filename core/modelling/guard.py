"""The promotion guard for a model just trained (`python -m core train`, the first start): the
same rule as the Experiments page. The first model of a segment is served; after that a new
model is served only if it beats the champion on the same validation data (the same rows and
folds, `core.modelling.comparison`), or when forced with a written reason. A champion trained
on the synthetic demo data never blocks a model trained on real data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.config import Settings
from core.modelling.champions import serve_trained
from core.modelling.comparison import compare
from core.modelling.registry import ModelMeta, ModelStore


@dataclass(frozen=True)
class Outcome:
    """Whether a trained model was promoted, and why (a sentence)."""

    promoted: bool
    why: str


def serve_if_better(
    meta: ModelMeta, frame: pd.DataFrame, *, settings: Settings, store: ModelStore, force_reason: str = ""
) -> Outcome:
    """Serve `meta` for its segment by the guard's rule; `force_reason` overrides a lost comparison."""
    current = store.champion_version(meta.segment)
    if current is None:
        return _serve(meta, settings, store, "the segment's first model")
    champion = store.meta(meta.segment, current)
    if champion.is_demo and not meta.is_demo:
        return _serve(meta, settings, store, f"replaces the demo model {current} (trained on synthetic data)")
    comparison = compare(meta.mlflow_run_id or "", settings=settings, store=store, frame=frame)
    if comparison.beats_champion:
        return _serve(meta, settings, store, f"beats the champion: {comparison.describe()}")
    if force_reason.strip():
        return _serve(meta, settings, store, f"override: {force_reason.strip()} ({comparison.describe()})")
    return Outcome(
        False,
        f"not promoted: it does not beat the champion ({comparison.describe()}). It is saved as {meta.version}; "
        'to serve it anyway, train with --force --reason "why", or promote its run later',
    )


def _serve(meta: ModelMeta, settings: Settings, store: ModelStore, why: str) -> Outcome:
    serve_trained(meta, settings=settings, store=store, by="train", reason=why)
    return Outcome(True, f"promoted: {why}")
