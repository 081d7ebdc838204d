"""The Policy page's draft editor: one segment's rules as widgets, read back as the policy's data.

It only collects what the risk manager typed; `core.decisions.policy_rules` checks it, so a
bad value is refused with a message and nothing is saved. Numbers are typed as the page's
language writes them ('8,5', '100 000' in Russian), in text fields: Streamlit's number fields
write every number the English way; what does not read as a number is listed under `PROBLEMS`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.decisions.policy_defaults import RULE_DEFAULTS
from core.decisions.policy_rules import CUTOFF_BASES, PolicyBody, SegmentPolicy
from ui import locale
from ui.policy_views import limits_frame, rule_label
from ui.texts import t

PROBLEMS = "problems"  # the labels of the fields that do not read as numbers

_PARAM_LABEL = {"min_age": "ui.policy.min_age", "max_age": "ui.policy.max_age", "amount": "ui.policy.amount"}


def segment_editor(rules: SegmentPolicy, segment: str, key: str, lang: str) -> dict[str, Any]:
    """Widgets for one segment's rules, prefilled with `rules`; returns what they now say, and
    under `PROBLEMS` the fields that do not read as numbers (then it is not a policy yet)."""
    problems: list[str] = []
    st.markdown(f"**{t('ui.policy.cutoff', lang)}**")
    left, middle, right = st.columns([2, 1, 1])
    basis = left.selectbox(
        t("ui.policy.basis", lang),
        CUTOFF_BASES,
        index=CUTOFF_BASES.index(rules.cutoff.basis),
        format_func=lambda b: t(f"ui.policy.basis.{b}", lang),
        key=f"{key}_basis",
    )
    value = _number(middle, "ui.policy.value", rules.cutoff.value * 100, f"{key}_value", lang, problems)
    band = _number(
        right,
        "ui.policy.refer_band",
        rules.refer_band * 100,
        f"{key}_band",
        lang,
        problems,
        help=t("ui.policy.refer_band.help", lang),
    )
    st.markdown(f"**{t('ui.policy.knockouts', lang)}**")
    knockouts = [
        rule for kind in RULE_DEFAULTS if (rule := _rule(rules, kind, segment, f"{key}_{kind}", lang, problems))
    ]
    st.markdown(f"**{t('ui.policy.limits', lang)}**")
    shown = limits_frame(rules, lang).map(lambda limit: locale.editable(limit, lang))
    limits = st.data_editor(shown, key=f"{key}_limits", disabled=False)
    starter = _number(st, "ui.policy.starter_limit", rules.offer.starter_limit, f"{key}_starter", lang, problems)
    offer = rules.offer.model_dump() | {
        "limits": _limits(limits, lang, problems),
        "starter_limit": round(starter or 0),
    }
    return {
        "knockout_rules": knockouts,
        "cutoff": {"basis": basis, "value": round((value or 0) / 100, 6)},
        "refer_band": round((band or 0) / 100, 6),
        "offer": offer,
        PROBLEMS: problems,
    }


def _number(
    container: Any, label: str, value: float, key: str, lang: str, problems: list[str], help: str | None = None
) -> float | None:
    """A number in a text field, as the page's language writes it; None (and its label in
    `problems`) when what was typed is not a number."""
    typed = container.text_input(t(label, lang), locale.editable(value, lang), key=key, help=help)
    number = locale.parse(typed, lang)
    if number is None:
        problems.append(t(label, lang))
    return number


def _rule(
    rules: SegmentPolicy, kind: str, segment: str, key: str, lang: str, problems: list[str]
) -> dict[str, Any] | None:
    default = RULE_DEFAULTS[kind]
    if default.bank_data and segment == "new":
        return None  # new clients have no bank data to apply it to
    current = next((rule for rule in rules.knockout_rules if rule.kind == kind), None)
    shown = current or default
    label = rule_label(shown, lang)
    with st.expander(label, expanded=False):
        on = st.checkbox(t("ui.policy.rule.on", lang), value=current is not None, key=f"{key}_on")
        params = {}
        for column, (name, number) in zip(st.columns(2), shown.params().items(), strict=False):
            label = _PARAM_LABEL.get(name, "ui.policy.count")
            params[name] = round(_number(column, label, number, f"{key}_{name}", lang, problems) or 0)
        text = {
            lang_: st.text_input(
                t(f"ui.policy.rule.text_{lang_}", lang), getattr(shown.text, lang_), key=f"{key}_{lang_}"
            )
            for lang_ in ("ru", "en")
        }
    return {"kind": kind, **params, "text": text} if on else None


def _limits(frame: pd.DataFrame, lang: str, problems: list[str]) -> list[list[int]]:
    read = [[locale.parse(str(cell or ""), lang) for cell in row] for row in frame.to_numpy().tolist()]
    if any(value is None for row in read for value in row):
        problems.append(t("ui.policy.limits", lang))
    return [[round(value or 0) for value in row] for row in read]


def proposal(active: PolicyBody, segment: str, edited: dict[str, Any]) -> dict[str, Any]:
    """The whole policy: the active version with one segment's rules as edited."""
    data = active.model_dump(mode="json")
    data["segments"][segment] = {name: value for name, value in edited.items() if name != PROBLEMS}
    return data
