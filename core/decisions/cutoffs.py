"""A policy's cut-off in PD terms, and what it means on labelled out-of-fold PDs.

The risk team gives a cut-off one of three ways (`core.decisions.policy_rules.Cutoff`): the
bad rate of the approved book, the approval rate, or the PD. Whatever the basis, the
scoring core needs a PD, and the team wants to see all three; both come from the serving
champion's out-of-fold PDs (`oof.parquet` in the model store), on which no model saw its own
training rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.decisions.policy_rules import Cutoff, Measured, PolicyBody
from core.modelling.registry import LoadedModel, ModelStore
from core.modelling.thresholds import choose_threshold


class CutoffUnavailable(LookupError):
    """The cut-off cannot be put in PD terms: the champion has no out-of-fold PDs to measure it on."""


def cutoff_pd(basis: str, value: float, y: np.ndarray, pd_: np.ndarray) -> float:
    """The PD cut-off (approve PD < cut-off) that `basis` = `value` means on these labelled PDs."""
    if basis == "pd":
        return float(value)
    if basis == "target_bad_rate":
        return choose_threshold(y, pd_, value).threshold
    ordered = np.sort(pd_)
    k = int(np.floor(value * len(ordered)))  # approve the k lowest PDs
    if k <= 0:
        return float(ordered[0])
    if k >= len(ordered):
        return float(np.nextafter(ordered[-1], 1.0))
    return float((ordered[k - 1] + ordered[k]) / 2)


def measure(cutoff: float, y: np.ndarray, pd_: np.ndarray) -> tuple[float, float]:
    """(approval rate, bad rate of the approved) at a PD cut-off."""
    approved = pd_ < cutoff
    n = int(approved.sum())
    return n / max(len(pd_), 1), float(y[approved].mean()) if n else 0.0


def measured(basis: str, value: float, oof: pd.DataFrame, model_version: str) -> Measured:
    """All three forms of a cut-off, as measured on a champion's out-of-fold PDs."""
    y, pd_ = oof["default"].to_numpy(dtype=float), oof["pd"].to_numpy(dtype=float)
    cut = cutoff_pd(basis, value, y, pd_)
    approval, bad = measure(cut, y, pd_)
    return Measured(model_version=model_version, pd=cut, approval_rate=approval, bad_rate=bad)


def read_oof(store: ModelStore, segment: str, version: str) -> pd.DataFrame | None:
    """A model's out-of-fold PDs (client_id, fold, default, pd), or None if it has none."""
    path = store.oof_path(segment, version)
    return pd.read_parquet(path) if path.exists() else None


def resolve(cutoff: Cutoff, model: LoadedModel, store: ModelStore) -> float:
    """The PD cut-off to serve with `model`: the given PD; the model's own threshold when it was
    chosen for the same target bad rate; else measured on the model's out-of-fold PDs; else
    the PD measured when the version was made."""
    meta = model.meta
    if cutoff.basis == "pd":
        return cutoff.value
    if cutoff.basis == "target_bad_rate" and meta.extra.get("target_bad_rate") == cutoff.value:
        return meta.threshold
    oof = read_oof(store, meta.segment, meta.version)
    if oof is not None:
        return measured(cutoff.basis, cutoff.value, oof, meta.version).pd
    if cutoff.measured is not None:
        return cutoff.measured.pd
    raise CutoffUnavailable(f"the {meta.segment}-client champion {meta.version} has no out-of-fold PDs")


def measured_now(cutoff: Cutoff, segment: str, store: ModelStore) -> Measured | None:
    """A cut-off's three forms on `segment`'s serving champion's out-of-fold PDs; None without a
    champion or without out-of-fold PDs."""
    model = store.champion(segment)
    oof = read_oof(store, segment, model.meta.version) if model else None
    if model is None or oof is None:
        return None
    return measured(cutoff.basis, cutoff.value, oof, model.meta.version)


def measured_body(body: PolicyBody, store: ModelStore) -> PolicyBody:
    """`body` with each segment's cut-off measured on its champion's out-of-fold PDs, as a new
    version stores it (kept as it was where a segment has no champion or no out-of-fold PDs)."""
    segments = dict(body.segments)
    for name, rules in body.segments.items():
        found = measured_now(rules.cutoff, name, store)
        if found is not None:
            segments[name] = rules.model_copy(update={"cutoff": rules.cutoff.model_copy(update={"measured": found})})
    return body.model_copy(update={"segments": segments})
