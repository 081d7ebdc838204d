"""Replay: store a file of past applications (the real data's schema) as decisions, each dated by
its `app_date` and decided by today's champions as `score --segment auto` would, so that
monitoring has history to show before live traffic builds it up.

A replayed application has no person behind it: no name, passport or date of birth, only the
file's `client_id` as the application's external reference. Rows whose reference is already
stored are skipped, so replaying a file twice is harmless. Each row is also scored by its
segment's challenger when one is named (`core.decisions.shadow`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.data import orm
from core.decisions import policy
from core.decisions.scoring import _CARD, champion_or_fail, score_frame
from core.decisions.shadow import shadow_frame
from core.modelling.features import BANK_FEATURES, QUESTIONNAIRE_FEATURES
from core.modelling.registry import ModelStore

_CHUNK = 5_000
_NOON = time(12, tzinfo=UTC)  # a replayed decision is dated midday UTC, so its day is the same everywhere


@dataclass(frozen=True)
class ReplayResult:
    """What a replay did: decisions stored, rows skipped as already replayed, decisions by outcome."""

    stored: int
    skipped: int
    decisions: dict[str, int]


def replay_frame(frame: pd.DataFrame, *, session: Session, store: ModelStore) -> ReplayResult:
    """Score and store a checked replay frame (`core.data.dataset`, purpose `replay`); the caller commits."""
    refs = frame["client_id"].astype("int64").astype(str)
    known = set(session.scalars(select(orm.Application.external_ref).where(orm.Application.external_ref.in_(refs))))
    fresh = frame.loc[~refs.isin(known).to_numpy()].reset_index(drop=True)
    if fresh.empty:
        return ReplayResult(0, len(frame), {})
    scored = score_frame(fresh, store=store, segment="auto")
    # Batch scoring names the card offered; the decision record keeps the policy's decision.
    scored["decision"] = scored["decision"].map({card: name for name, card in _CARD.items()})
    thresholds = {name: champion_or_fail(store, name).meta for name in set(scored["segment"])}
    records = _records(fresh, scored, thresholds)
    ids: list[int] = []
    for start in range(0, len(records), _CHUNK):
        query = insert(orm.Application).returning(orm.Application.id, sort_by_parameter_order=True)
        ids += session.scalars(query, records[start : start + _CHUNK]).all()
    _store_shadow(fresh, scored, np.asarray(ids), session=session, store=store)
    return ReplayResult(len(fresh), len(frame) - len(fresh), scored["decision"].value_counts().to_dict())


def _reason(signed: str, features: dict[str, Any]) -> dict[str, Any]:
    """A batch reason code (`score_bki+`: the feature raised the PD, `education-`: lowered it) as a
    stored reason, with the applicant's value that the reason states in words."""
    code, sign = signed[:-1], signed[-1]
    return {"code": code, "direction": "up" if sign == "+" else "down", "value": features.get(code)}


def _records(frame: pd.DataFrame, scored: pd.DataFrame, metas: dict[str, Any]) -> list[dict[str, Any]]:
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    out = []
    for row, result in zip(rows, scored.itertuples(index=False), strict=True):
        names = QUESTIONNAIRE_FEATURES + (BANK_FEATURES if result.segment == "existing" else ())
        features = {name: _plain(row[name]) for name in names}
        codes = [code for code in str(result.reasons).split("; ") if code and not code.startswith("knockout.")]
        knockouts = policy.knockouts(features)
        reasons = knockouts + [_reason(code, features) for code in codes]
        meta = metas[result.segment]
        out.append(
            {
                "created_at": datetime.combine(row["app_date"].date(), _NOON),
                "external_ref": str(int(row["client_id"])),
                "idempotency_key": f"replay:{int(row['client_id'])}",
                "answers": {name: features[name] for name in QUESTIONNAIRE_FEATURES},
                "features": features,
                "segment": result.segment,
                "model_name": meta.name,
                "model_version": result.model_version,
                "pd": float(result.pd),
                "threshold": meta.threshold,
                "decision": result.decision,
                "offer": policy.OFFERS[result.decision],
                "knockout": knockouts[0]["code"] if knockouts else None,
                "reasons": reasons,
                "lang": "en",
            }
        )
    return out


def _store_shadow(
    frame: pd.DataFrame, scored: pd.DataFrame, ids: np.ndarray, *, session: Session, store: ModelStore
) -> None:
    for segment in ("new", "existing"):
        rows = np.flatnonzero(scored["segment"].to_numpy() == segment)
        shadow = shadow_frame(frame.iloc[rows], segment, store) if len(rows) else None
        if shadow is None:
            continue
        version, threshold, pds = shadow
        records = [
            {"application_id": int(i), "model_version": version, "pd": float(p), "threshold": threshold}
            for i, p in zip(ids[rows], pds, strict=True)
        ]
        for start in range(0, len(records), _CHUNK):
            session.execute(insert(orm.ShadowScore), records[start : start + _CHUNK])


def _plain(value: Any) -> Any:
    """A JSON-ready value: whole numbers as int, the rest as they are."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, np.generic):
        return value.item()
    return value
