"""What a credit policy version says, as typed data: per segment the knock-out rules, the
cut-off, the refer band and the offer; for everyone the repeat-application windows.

A version is stored as the JSON of `PolicyBody` (`core.decisions.policy_store`); pydantic
checks every field, so a bad draft is refused with a message naming the field, and nothing is
written. The rules are evaluated one applicant at a time (`SegmentPolicy.knockouts`, the
questionnaire) and on whole frames (`SegmentPolicy.knocked_out`, simulation); the tests check
that the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SEGMENT_NAMES = ("new", "existing")
CUTOFF_BASES = ("target_bad_rate", "approval_rate", "pd")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Strict):
    """What the applicant reads when a rule declines them, in both languages; `{name}` fills
    in the rule's own numbers (e.g. `{min_age}`)."""

    en: str = Field(min_length=1, max_length=300)
    ru: str = Field(min_length=1, max_length=300)


class _Rule(_Strict):
    code: ClassVar[str]  # the reason code in the decision record
    text: Texts
    # Rules on the bank's own data apply to known clients only (the existing-client segment).
    bank_data: ClassVar[bool] = False

    @model_validator(mode="after")
    def _texts_fill_in(self) -> _Rule:
        for lang in ("en", "ru"):
            try:
                getattr(self.text, lang).format(**self.params())
            except (KeyError, IndexError, ValueError) as error:
                raise ValueError(f"the {lang} text names an unknown value: {error}") from None
        return self

    def params(self) -> dict[str, Any]:
        """The rule's numbers, by name (for its text and the decision record)."""
        return self.model_dump(exclude={"kind", "text"})

    def hit(self, features: Mapping[str, Any]) -> bool:  # pragma: no cover - every rule overrides
        raise NotImplementedError

    def mask(self, frame: pd.DataFrame) -> np.ndarray:  # pragma: no cover - every rule overrides
        raise NotImplementedError


class AgeRange(_Rule):
    """Only applicants aged `min_age` to `max_age` (inclusive) may get the Premium card."""

    code = "knockout.age"
    kind: Literal["age_range"] = "age_range"
    min_age: int = Field(ge=18, le=100)
    max_age: int = Field(ge=18, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min_age > self.max_age:
            raise ValueError("min_age must not exceed max_age")
        return self

    def hit(self, features: Mapping[str, Any]) -> bool:
        return not self.min_age <= features["age"] <= self.max_age

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        age = frame["age"].to_numpy(dtype=float)
        return (age < self.min_age) | (age > self.max_age)


class MinIncome(_Rule):
    """A monthly income (roubles) below `amount` declines the Premium card."""

    code = "knockout.income"
    kind: Literal["min_income"] = "min_income"
    amount: int = Field(ge=0, le=10_000_000)

    def hit(self, features: Mapping[str, Any]) -> bool:
        return bool(features["income"] < self.amount)

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        return frame["income"].to_numpy(dtype=float) < self.amount


class MaxDeclinedApplications(_Rule):
    """A known client with more than `count` earlier declined applications is declined."""

    code = "knockout.declined_applications"
    kind: Literal["max_declined_applications"] = "max_declined_applications"
    count: int = Field(ge=0, le=1_000)
    bank_data = True

    def hit(self, features: Mapping[str, Any]) -> bool:
        return bool(features.get("decline_app_cnt", 0) > self.count)

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        return frame["decline_app_cnt"].to_numpy(dtype=float) > self.count


class MaxBureauRequests(_Rule):
    """A known client with more than `count` credit bureau enquiries is declined."""

    code = "knockout.bureau_requests"
    kind: Literal["max_bureau_requests"] = "max_bureau_requests"
    count: int = Field(ge=0, le=1_000)
    bank_data = True

    def hit(self, features: Mapping[str, Any]) -> bool:
        return bool(features.get("bki_request_cnt", 0) > self.count)

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        return frame["bki_request_cnt"].to_numpy(dtype=float) > self.count


Knockout = Annotated[AgeRange | MinIncome | MaxDeclinedApplications | MaxBureauRequests, Field(discriminator="kind")]
RULE_KINDS = ("age_range", "min_income", "max_declined_applications", "max_bureau_requests")


class Measured(_Strict):
    """A cut-off as measured on the champion's out-of-fold PDs when the version was made."""

    model_version: str
    pd: float
    approval_rate: float
    bad_rate: float


class Cutoff(_Strict):
    """The Premium card's cut-off, given one of three ways: the bad rate of the approved book,
    the approval rate, or the PD itself. For the first two the PD follows the serving champion."""

    basis: Literal["target_bad_rate", "approval_rate", "pd"]
    value: float = Field(gt=0, lt=1)
    measured: Measured | None = None


class Offer(_Strict):
    """Credit limits in roubles: the Premium card's by PD band (rows) and income band (columns),
    and the Starter card's."""

    pd_edges: list[float]  # upper edges of all PD bands but the last, ascending: [0.04, 0.08]
    income_edges: list[int]  # lower edges of the income bands, ascending from 0: [0, 30000, 70000]
    limits: list[list[int]]
    starter_limit: int = Field(ge=0, le=10_000_000)

    @field_validator("pd_edges")
    @classmethod
    def _pd_edges(cls, edges: list[float]) -> list[float]:
        if any(not 0 < e < 1 for e in edges) or sorted(set(edges)) != edges:
            raise ValueError("PD band edges must be ascending, each between 0 and 1")
        return edges

    @field_validator("income_edges")
    @classmethod
    def _income_edges(cls, edges: list[int]) -> list[int]:
        if not edges or edges[0] != 0 or sorted(set(edges)) != edges:
            raise ValueError("income band edges must start at 0 and ascend")
        return edges

    @model_validator(mode="after")
    def _shape(self) -> Offer:
        rows, columns = len(self.pd_edges) + 1, len(self.income_edges)
        if len(self.limits) != rows or any(len(row) != columns for row in self.limits):
            raise ValueError(f"the limit matrix must have {rows} rows (PD bands) of {columns} limits (income bands)")
        if any(not 0 < limit <= 10_000_000 for row in self.limits for limit in row):
            raise ValueError("every limit must be between 1 and 10,000,000 roubles")
        return self

    def premium_limit(self, pd_: np.ndarray | float, income: np.ndarray | float) -> np.ndarray:
        """The Premium card's limit for each (PD, income)."""
        row = np.searchsorted(self.pd_edges, pd_, side="right")
        column = np.searchsorted(self.income_edges, income, side="right") - 1
        return np.asarray(self.limits)[row, np.maximum(column, 0)]


class SegmentPolicy(_Strict):
    """The policy for one segment (new or existing clients)."""

    knockout_rules: list[Knockout] = Field(default_factory=list, max_length=20)
    cutoff: Cutoff
    refer_band: float = Field(default=0.0, ge=0, lt=0.5)  # PDs in [cut-off, cut-off + band) go to review
    offer: Offer

    def knockouts(self, features: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rules this applicant breaks, as reasons for the decision record."""
        return [
            {"code": rule.code, "params": rule.params(), "text": rule.text.model_dump()}
            for rule in self.knockout_rules
            if rule.hit(features)
        ]

    def knockout_codes(self, frame: pd.DataFrame) -> np.ndarray:
        """Each row's broken rules as '; '-joined reason codes, '' where none (batch scoring)."""
        out = np.full(len(frame), "", dtype=object)
        for rule in self.knockout_rules:
            hit = rule.mask(frame)
            out = np.where(hit, np.where(out == "", rule.code, out + "; " + rule.code), out)
        return out

    def knocked_out(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows of a frame some rule declines (simulation, batch scoring)."""
        hit = np.zeros(len(frame), dtype=bool)
        for rule in self.knockout_rules:
            hit |= rule.mask(frame)
        return hit


class RepeatWindows(_Strict):
    """How repeat applications are treated: an identical one within `identical_hours` gets the
    earlier decision; a changed one within `reapply_days` goes to review."""

    identical_hours: int = Field(default=24, ge=0, le=24 * 90)
    reapply_days: int = Field(default=30, ge=0, le=365)


class PolicyBody(_Strict):
    """One policy version: a `SegmentPolicy` for each segment and the repeat windows."""

    segments: dict[Literal["new", "existing"], SegmentPolicy]
    repeat: RepeatWindows = RepeatWindows()

    @model_validator(mode="after")
    def _complete(self) -> PolicyBody:
        if set(self.segments) != set(SEGMENT_NAMES):
            raise ValueError("a policy covers both segments, new and existing")
        for rule in self.segments["new"].knockout_rules:
            if rule.bank_data:
                raise ValueError(f"{rule.kind} uses the bank's data, which new clients do not have")
        return self
