"""Shadow scoring: every decision is also scored by its segment's challenger (when one is named,
`core.modelling.challengers`) and the challenger's PD stored beside the champion's. It never
changes the decision; Monitoring compares the two on live traffic.

A failing challenger must never cost an applicant their decision: its errors are logged and the
decision goes ahead without a shadow score.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from core.data import orm
from core.modelling.challengers import challenger
from core.modelling.features import encode_frame, encode_row
from core.modelling.registry import ModelStore

_log = logging.getLogger(__name__)


def shadow_score(features: Mapping[str, Any], segment: str, store: ModelStore) -> orm.ShadowScore | None:
    """The challenger's score of one decision's inputs, ready to store with it (its id set later)."""
    try:
        model = challenger(store, segment)
        if model is None:
            return None
        x = np.asarray([encode_row(features, model.meta.features)])
        pd_ = float(model.predictor.predict_pd(x)[0])
    except Exception:  # the shadow must never stop a decision
        _log.exception("shadow scoring failed for the %s-client segment", segment)
        return None
    return orm.ShadowScore(model_version=model.meta.version, pd=pd_, threshold=model.meta.threshold)


def shadow_frame(frame: pd.DataFrame, segment: str, store: ModelStore) -> tuple[str, float, np.ndarray] | None:
    """The challenger's PDs of many rows of one segment (replay): its version, cut-off and the PDs."""
    model = challenger(store, segment)
    if model is None:
        return None
    return (
        model.meta.version,
        model.meta.threshold,
        model.predictor.predict_pd(encode_frame(frame, model.meta.features)),
    )
