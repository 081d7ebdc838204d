"""The Policy page's draft editor: one segment's rules as widgets, read back as the policy's data.

It only collects what the risk manager typed; `core.decisions.policy_rules` checks it, so a
bad value is refused with a message and nothing is saved.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.decisions.policy_defaults import RULE_DEFAULTS
from core.decisions.policy_rules import CUTOFF_BASES, PolicyBody, SegmentPolicy
from ui.policy_views import limits_frame, rule_label
from ui.texts import t

_PARAM_LABEL = {"min_age": "ui.policy.min_age", "max_age": "ui.policy.max_age", "amount": "ui.policy.amount"}


def segment_editor(rules: SegmentPolicy, segment: str, key: str, lang: str) -> dict[str, Any]:
    """Widgets for one segment's rules, prefilled with `rules`; returns what they now say."""
    st.markdown(f"**{t('ui.policy.cutoff', lang)}**")
    left, middle, right = st.columns([2, 1, 1])
    basis = left.selectbox(
        t("ui.policy.basis", lang),
        CUTOFF_BASES,
        index=CUTOFF_BASES.index(rules.cutoff.basis),
        format_func=lambda b: t(f"ui.policy.basis.{b}", lang),
        key=f"{key}_basis",
    )
    value = middle.number_input(
        t("ui.policy.value", lang), 0.01, 99.99, round(rules.cutoff.value * 100, 2), 0.5, "%.2f", key=f"{key}_value"
    )
    band = right.number_input(
        t("ui.policy.refer_band", lang),
        0.0,
        49.0,
        round(rules.refer_band * 100, 2),
        0.5,
        "%.2f",
        help=t("ui.policy.refer_band.help", lang),
        key=f"{key}_band",
    )
    st.markdown(f"**{t('ui.policy.knockouts', lang)}**")
    knockouts = [rule for kind in RULE_DEFAULTS if (rule := _rule(rules, kind, segment, f"{key}_{kind}", lang))]
    st.markdown(f"**{t('ui.policy.limits', lang)}**")
    limits = st.data_editor(limits_frame(rules, lang), key=f"{key}_limits", disabled=False)
    starter = st.number_input(
        t("ui.policy.starter_limit", lang), 0, 10_000_000, rules.offer.starter_limit, 5_000, key=f"{key}_starter"
    )
    offer = rules.offer.model_dump() | {"limits": _limits(limits), "starter_limit": int(starter)}
    return {
        "knockout_rules": knockouts,
        "cutoff": {"basis": basis, "value": round(value / 100, 6)},
        "refer_band": round(band / 100, 6),
        "offer": offer,
    }


def _rule(rules: SegmentPolicy, kind: str, segment: str, key: str, lang: str) -> dict[str, Any] | None:
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
            params[name] = int(
                column.number_input(
                    t(_PARAM_LABEL.get(name, "ui.policy.count"), lang), 0, 10_000_000, int(number), key=f"{key}_{name}"
                )
            )
        text = {
            lang_: st.text_input(
                t(f"ui.policy.rule.text_{lang_}", lang), getattr(shown.text, lang_), key=f"{key}_{lang_}"
            )
            for lang_ in ("ru", "en")
        }
    return {"kind": kind, **params, "text": text} if on else None


def _limits(frame: pd.DataFrame) -> list[list[int]]:
    return [[int(value) for value in row] for row in frame.fillna(0).to_numpy().tolist()]


def proposal(active: PolicyBody, segment: str, edited: dict[str, Any]) -> dict[str, Any]:
    """The whole policy: the active version with one segment's rules as edited."""
    data = active.model_dump(mode="json")
    data["segments"][segment] = edited
    return data
