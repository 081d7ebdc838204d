"""The stored reasons in words: what the applicant is told, and what staff see.

Each reason an applicant reads states their own answer in words ("You have a passport for
travel abroad", "Monthly income of 20,000 ₽ or less") and its effect on the decision. The
words are chosen by the value, never by the direction of the contribution, so a reason can
never contradict an answer. The bank's own data on a known client is told in the general
words a bank discloses ("your credit history as reported by the credit bureau"), never as
raw values. Staff see every feature's value and contribution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from core.data.columns import BANK_FEATURES, QUESTIONNAIRE_FEATURES
from core.decisions.reasons import OVERALL
from core.i18n import t

# Monthly income bands (roubles) an applicant is told their income fell in; the bank's
# thresholds, not the model's split points, so the wording stays stable across models.
INCOME_BANDS = (20_000, 50_000, 100_000)
_YES_NO = ("good_work", "car", "car_type", "foreign_passport")


def value_key(code: str, value: Any) -> str:
    """The message key that states this feature's value in words (`reason.value.*` in core.i18n)."""
    if code in _YES_NO:
        return f"reason.value.{code}.{'yes' if value else 'no'}"
    if code in ("education", "home_address", "work_address"):
        return f"reason.value.{code}.{value}"
    if code == "income":
        band = next((i for i, limit in enumerate(INCOME_BANDS) if value <= limit), len(INCOME_BANDS))
        return f"reason.value.income.{band}"
    if code == "decline_app_cnt":
        return f"reason.value.decline_app_cnt.{'some' if value else 'none'}"
    return f"reason.value.{code}"  # age, region_rating and the bank's general words


def value_text(code: str, value: Any, lang: str = "en", **params: Any) -> str:
    """The applicant's value of one feature in words."""
    if code == "region_rating" and "region" not in params:
        return t("reason.value.region_rating.unnamed", lang)
    words = {"age": value} if code == "age" else {}
    if code == "income":
        words = {"low": f"{INCOME_BANDS[0]:,}", "mid": f"{INCOME_BANDS[1]:,}", "high": f"{INCOME_BANDS[2]:,}"}
        words = {k: v.replace(",", " " if lang == "ru" else ",") for k, v in words.items()}
    return t(value_key(code, value), lang, **(words | params))


def reason_text(reason: Mapping[str, Any], lang: str = "en") -> str:
    """One stored reason as the applicant reads it: their value in words and its effect."""
    code = reason["code"]
    if code.startswith("knockout."):
        return t(f"reason.{code}", lang, **reason.get("params", {}))
    if code == OVERALL:
        return t("reason.overall.up", lang)
    what = value_text(code, reason.get("value"), lang, **reason.get("params", {}))
    return t(f"reason.effect.{reason['direction']}", lang, what=what)


def applicant_reasons(reasons: Sequence[Mapping[str, Any]], lang: str = "en") -> list[str]:
    """What an applicant is told: every principal reason, the bank's data in general words."""
    return [reason_text(r, lang) for r in reasons if _explainable(r)] or [t("reason.overall", lang)]


def staff_reason_text(reason: Mapping[str, Any], lang: str = "en") -> str:
    """One stored reason as staff read it: the feature, its raw value and its contribution."""
    code = reason["code"]
    if code.startswith("knockout.") or code == OVERALL:
        return reason_text(reason, lang)
    value = reason.get("params", {}).get("region", reason.get("value")) if code == "region_rating" else None
    shown = f"{reason.get('value')} ({value})" if value is not None else reason.get("value")
    return t("reason.staff", lang, feature=t(f"feature.{code}", lang), value=shown, contribution=reason["contribution"])


def staff_contributions(
    features: Mapping[str, Any], contributions: Mapping[str, float] | None, lang: str = "en"
) -> list[tuple[str, Any, float]]:
    """Every feature of a decision as staff see it: name, value and contribution to the log-odds of
    default (positive raises the risk), largest effect first."""
    rows = [(t(f"feature.{k}", lang), features.get(k), float(c)) for k, c in (contributions or {}).items()]
    return sorted(rows, key=lambda row: -abs(row[2]))


def _explainable(reason: Mapping[str, Any]) -> bool:
    code = reason["code"]
    return code.startswith("knockout.") or code == OVERALL or code in QUESTIONNAIRE_FEATURES + BANK_FEATURES
