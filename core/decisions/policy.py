"""The credit policy at decision time: the outcomes, and the rule that turns a PD into one.

The premium card goes to applicants whose PD is below the segment's cut-off and who break no
knock-out rule; a PD just above the cut-off (the refer band) goes to manual review. The
rules themselves are versioned data (`core.decisions.policy_rules`, `policy_store`); the
constants below are version 1's age range, kept for batch scoring and older records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np

PREMIUM, ALTERNATIVE, REFERRED = "premium", "alternative", "referred"
OFFERS = {PREMIUM: "premium_card", ALTERNATIVE: "starter_card", REFERRED: "manual_review"}
REFER_BAND_REASON = "refer_band"
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

    @classmethod
    def of(cls, repeat: Any) -> RepeatWindows:
        """The windows of a policy version's `repeat` rules (`core.decisions.policy_rules.RepeatWindows`)."""
        return cls(same_answers=timedelta(hours=repeat.identical_hours), referral=timedelta(days=repeat.reapply_days))


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


def decide(
    pd_: np.ndarray | float, threshold: float, knocked: np.ndarray | bool, refer_band: float = 0.0
) -> np.ndarray:
    """PREMIUM where PD is below the threshold and no knock-out rule hit; REFERRED where the PD
    is within `refer_band` above the threshold (and no rule hit); else ALTERNATIVE."""
    pd_, fine = np.asarray(pd_), ~np.asarray(knocked)
    referred = fine & (pd_ >= threshold) & (pd_ < threshold + refer_band)
    return np.where((pd_ < threshold) & fine, PREMIUM, np.where(referred, REFERRED, ALTERNATIVE))
