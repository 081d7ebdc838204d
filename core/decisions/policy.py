"""The credit policy at decision time: knock-out rules, the PD threshold and the offer.

The premium card goes to applicants whose PD is below the segment's cut-off, which each
model carries (chosen at training time by `core.modelling.thresholds`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np

PREMIUM, ALTERNATIVE = "premium", "alternative"
# Referred: no automatic decision; an analyst decides (identity mismatch, repeat application).
REFERRED = "referred"
OFFERS = {PREMIUM: "premium_card", ALTERNATIVE: "starter_card", REFERRED: "review"}
# Why an application was referred (`Application.referral_reasons`); texts are `referral.<code>` in core.i18n.
IDENTITY_MISMATCH, REPEAT_APPLICATION = "identity_mismatch", "repeat_application"
REFERRAL_REASONS = (IDENTITY_MISMATCH, REPEAT_APPLICATION)


@dataclass(frozen=True)
class RepeatWindows:
    """How the policy treats applications from the same passport (core.decisions.repeats)."""

    # The same answers again within this window get the earlier decision back, not a new one.
    same_answers: timedelta = timedelta(hours=24)
    # Different answers within this window are referred to an analyst, the earlier ones linked.
    referral: timedelta = timedelta(days=30)


REPEAT_WINDOWS = RepeatWindows()
# The models learnt from applicants aged 21-72; outside that the premium card is not offered.
PREMIUM_MIN_AGE, PREMIUM_MAX_AGE = 21, 72


def knockouts(features: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rules that decide before the model does; each hit is a reason in the decision record."""
    hits = []
    if not PREMIUM_MIN_AGE <= features["age"] <= PREMIUM_MAX_AGE:
        hits.append({"code": "knockout.age", "params": {"min_age": PREMIUM_MIN_AGE, "max_age": PREMIUM_MAX_AGE}})
    return hits


def knocked_out(age: np.ndarray) -> np.ndarray:
    """The knock-out rules for many rows at once (batch scoring)."""
    return (age < PREMIUM_MIN_AGE) | (age > PREMIUM_MAX_AGE)


def decide(pd_: np.ndarray | float, threshold: float, knocked: np.ndarray | bool) -> np.ndarray:
    """PREMIUM where PD is below the threshold and no knock-out rule hit, else ALTERNATIVE."""
    return np.where((np.asarray(pd_) < threshold) & ~np.asarray(knocked), PREMIUM, ALTERNATIVE)
