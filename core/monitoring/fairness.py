"""Fairness: how the model and the cut-off treat groups of applicants.

On the labelled history (where `sex` is recorded, though never asked nor a feature) by sex, and
on live decisions by age band (the questionnaire does not ask for sex): per group, the approval
rate, mean PD, observed default rate (calibration: mean PD against it), AUROC, and the adverse
impact ratio (the lowest group's approval rate over the highest's), at the active cut-off and
at cut-offs around it.

On the history the rows are at hand and fairlearn's `MetricFrame` computes the per-group metrics.
Live decisions are not read row by row: the daily summaries (`daily`) count them per age band
(decisions, PD sum, outcomes, defaults, approvals at each cut-off tried), rates follow from the
counts, and the per-band AUROC ranks the decisions with outcomes in SQL (kept by `ranks`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame
from sklearn.metrics import roc_auc_score
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data import repository
from core.data.orm import DecisionInput
from core.modelling.features import encode_frame
from core.modelling.registry import ModelStore
from core.monitoring import daily, ranks
from core.monitoring.tallies import AGE_BANDS, CUTOFF_STEPS, band_days

FAIR_LINE = 0.8  # the customary line below which a ratio deserves a closer look


@dataclass(frozen=True)
class FairnessReport:
    """Per-group figures at the active cut-off, and approval rates and ratio at other cut-offs."""

    attribute: str  # sex or age_band
    threshold: float
    groups: pd.DataFrame  # group, n, approval_rate, mean_pd, observed_rate, auroc
    adverse_impact_ratio: float | None
    cutoffs: pd.DataFrame  # cutoff, one approval-rate column per group, adverse_impact_ratio


def group_report(
    frame: pd.DataFrame, *, attribute: str, threshold: float, knocked: np.ndarray | None = None
) -> FairnessReport:
    """The report of `frame` (columns: group, pd, default with -1 where unknown) at `threshold`."""
    knocked = np.zeros(len(frame), dtype=bool) if knocked is None else knocked
    y, p = frame["default"].to_numpy(), frame["pd"].to_numpy()

    def approval(y_true: np.ndarray, y_pred: np.ndarray, knocked: np.ndarray) -> float:
        return float(np.mean((y_pred < threshold) & ~knocked))

    metrics = {"n": lambda y_true, y_pred: len(y_true), "approval_rate": approval, "mean_pd": _mean_pd}
    metrics |= {"observed_rate": _observed_rate, "auroc": _auroc}
    frame_ = MetricFrame(
        metrics=metrics,
        y_true=y,
        y_pred=p,
        sensitive_features=frame["group"].rename(attribute),
        sample_params={"approval_rate": {"knocked": knocked}},
    )
    groups = frame_.by_group.reset_index().rename(columns={attribute: "group"})
    rows = []
    for step in CUTOFF_STEPS:
        cut = threshold * step
        rates = pd.Series(p < cut).where(~knocked, False).groupby(frame["group"].to_numpy()).mean()
        rows.append({"cutoff": cut, **rates.to_dict(), "adverse_impact_ratio": _ratio(rates)})
    return FairnessReport(
        attribute, threshold, groups, _ratio(groups.set_index("group")["approval_rate"]), pd.DataFrame(rows)
    )


def history_fairness(*, session: Session, store: ModelStore, segment: str) -> FairnessReport | None:
    """By sex, on the labelled history the champion learnt from (its out-of-fold PDs when kept)."""
    version = store.champion_version(segment)
    frame = repository.history_frame(session=session)
    if version is None or frame.empty:
        return None
    model = store.load(segment, version)
    oof_path = store.oof_path(segment, version)
    pds = None
    if oof_path.exists():
        oof = pd.read_parquet(oof_path, columns=["client_id", "pd"]).set_index("client_id")["pd"]
        pds = frame["client_id"].map(oof)
    if pds is None or pds.isna().any():
        pds = pd.Series(model.predictor.predict_pd(encode_frame(frame, model.meta.features)), index=frame.index)
    data = pd.DataFrame({"group": frame["sex"], "pd": pds.to_numpy(), "default": frame["default"].to_numpy()})
    age = frame["age"].to_numpy()
    return group_report(data, attribute="sex", threshold=model.meta.threshold, knocked=(age < 21) | (age > 72))


def live_fairness(
    *, session: Session, store: ModelStore, segment: str, first: date, last: date
) -> FairnessReport | None:
    """By age band, on the segment's decisions from `first` to `last`, with outcomes where recorded."""
    days = daily.prepare(session=session, store=store, segment=segment, first=first, last=last)
    threshold = days.threshold
    if threshold is None:  # no champion: the cut-off of the period's latest decision, counted directly
        where = daily.scope(segment, first, last)
        latest = select(DecisionInput.threshold).where(*where)
        threshold = session.scalar(latest.order_by(DecisionInput.created_at.desc()).limit(1))
        if threshold is None:
            return None
        bands = daily.total(band_days(session, where, threshold).values()).get("bands", {})
    else:
        bands = days.between(first, last + timedelta(days=1)).get("bands", {})
    if not bands:
        return None
    [aurocs] = ranks.ranked(session=session, segment=segment, kind="band", ranges=[(first, last)])
    return counts_report(bands, {b: figures["auroc"] for b, figures in aurocs.items()}, threshold)


def counts_report(bands: dict[str, list[float]], aurocs: dict[int, float | None], threshold: float) -> FairnessReport:
    """The live report from per-band counts (n, PD sum, known outcomes, defaults, approvals at each
    of `CUTOFF_STEPS`) and per-band AUROC: rates of counts need no per-row metric."""
    labels = {i: f"{a}–{b - 1}" if b < 200 else f"{a}+" for i, (a, b) in enumerate(itertools.pairwise(AGE_BANDS))}
    rows, approvals = [], {}
    for band, (n, pd_sum, known, bads, *approved) in bands.items():
        group = labels.get(int(band), "nan")
        auroc = aurocs.get(int(band))
        rows.append(
            {
                "group": group,
                "n": float(n),
                "approval_rate": approved[CUTOFF_STEPS.index(1.0)] / n,
                "mean_pd": pd_sum / n,
                "observed_rate": bads / known if known else float("nan"),
                "auroc": float("nan") if auroc is None else float(auroc),
            }
        )
        approvals[group] = [a / n for a in approved]
    groups = pd.DataFrame(rows).sort_values("group", ignore_index=True)
    groups["group"] = groups["group"].astype(str)
    order = sorted(approvals)
    cutoffs = []
    for i, step in enumerate(CUTOFF_STEPS):
        rates = pd.Series({group: approvals[group][i] for group in order}, dtype=float)
        cutoffs.append({"cutoff": threshold * step, **rates.to_dict(), "adverse_impact_ratio": _ratio(rates)})
    ratio = _ratio(groups.set_index("group")["approval_rate"])
    return FairnessReport("age_band", threshold, groups, ratio, pd.DataFrame(cutoffs))


def _mean_pd(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.mean(y_pred))


def _observed_rate(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    known = y_true >= 0
    return float(np.mean(y_true[known])) if known.any() else float("nan")


def _auroc(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    known = y_true >= 0
    if len(np.unique(y_true[known])) < 2:
        return float("nan")
    return float(roc_auc_score(y_true[known], y_pred[known]))


def _ratio(rates: pd.Series) -> float | None:
    rates = rates.dropna()
    return float(rates.min() / rates.max()) if len(rates) > 1 and rates.max() > 0 else None
