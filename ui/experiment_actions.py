"""The serving actions of the experiments page, promote and roll back, each confirmed in a dialog
that says what will change. The user stays on the Champions tab and reads the outcome there."""

from __future__ import annotations

import streamlit as st

from core.modelling import champions
from core.modelling.features import SEGMENTS
from ui import cache, monitoring_data
from ui import experiment_cache as data
from ui.experiment_views import family_name, run_labels, segment_name
from ui.plain import plain
from ui.session import audit
from ui.texts import t

FLASH = "experiments_flash"
_ASKING = "experiments_asking"  # which action's dialog is open: "promote" or "rollback"
_USED_REASONS = "experiments_reasons_used"  # the reasons typed were recorded: clear them


def flash() -> None:
    """What the last action did, shown where it was done."""
    if FLASH in st.session_state:
        kind, text = st.session_state.pop(FLASH)
        (st.success if kind == "success" else st.error)(plain(text), icon=":material/info:")


def _close() -> None:
    st.session_state.pop(_ASKING, None)


def _champion_text(segment: str, lang: str) -> str:
    version = cache.store().champion_version(segment)
    return version or t("ui.exp.promote.none", lang)


def promote_section(runs, user_name: str, lang: str) -> None:
    """Choose a run with a saved model and promote it, after a confirmation."""
    st.subheader(t("ui.exp.promote", lang))
    promotable = runs[runs["model"] & ~runs["champion"]]
    labels = run_labels(promotable, lang)
    run = st.selectbox(
        t("ui.exp.promote.run", lang),
        list(labels),
        format_func=labels.get,
        index=None,
        placeholder=t("ui.choose" if labels else "ui.nothing_to_choose", lang),
        key="promote_run",
    )
    if st.session_state.pop(_USED_REASONS, False):  # a reason is given for one action, not the next
        st.session_state["promote_reason"] = st.session_state["rollback_reason"] = ""
    st.text_area(t("ui.exp.promote.reason", lang), key="promote_reason")
    if st.button(t("ui.exp.promote.button", lang), type="primary", disabled=run is None, key="promote"):
        st.session_state[_ASKING] = "promote"
    if st.session_state.get(_ASKING) == "promote" and run is not None:
        row = promotable.set_index("run_id").loc[run]
        dialog = st.dialog(t("ui.exp.promote.title", lang), on_dismiss=_close)(_confirm_promotion)
        dialog(run, row["run"], row["segment"], row["family"], user_name, lang)


def _confirm_promotion(run: str, name: str, segment: str, family: str, user_name: str, lang: str) -> None:
    body = t(
        "ui.exp.promote.body",
        lang,
        run=name,
        family=family_name(family, lang),
        segment=segment_name(segment, lang),
        champion=_champion_text(segment, lang),
    )
    st.text(body)
    left, right = st.columns(2)
    if right.button(t("ui.exp.cancel", lang), key="promote_cancel"):
        _close()
        st.rerun()
    if not left.button(t("ui.exp.promote.confirm", lang), type="primary", key="promote_confirm"):
        return
    reason = st.session_state.get("promote_reason", "")
    try:
        with st.spinner(t("ui.exp.promote.spinner", lang)):
            promotion = champions.promote(
                run, settings=cache.settings(), store=cache.store(), by=user_name, reason=reason
            )
    except (champions.PromotionRefused, champions.StaleData) as error:
        st.session_state[FLASH] = ("error", str(error))
    else:
        details = {"run": run, "override": promotion.overridden, "reason": reason}
        audit("champion_promoted", target=f"{promotion.segment}:{promotion.version}", details=details)
        data.clear()
        monitoring_data.refresh_in_background(promotion.segment)
        st.session_state[_USED_REASONS] = True
        done = t("ui.exp.promote.done", lang, version=promotion.version, segment=segment_name(promotion.segment, lang))
        st.session_state[FLASH] = ("success", done)
    _close()
    st.rerun()


def rollback_section(user_name: str, lang: str) -> None:
    """Serve a segment's previous champion again, after a confirmation."""
    st.subheader(t("ui.exp.rollback", lang))
    left, right = st.columns([1, 2])
    segment = left.selectbox(
        t("ui.exp.rollback.segment", lang),
        SEGMENTS,
        format_func=lambda s: segment_name(s, lang),
        key="rollback_segment",
    )
    right.text_input(t("ui.exp.rollback.reason", lang), key="rollback_reason")
    if st.button(t("ui.exp.rollback.button", lang), key="rollback"):
        st.session_state[_ASKING] = "rollback"
    if st.session_state.get(_ASKING) == "rollback":
        st.dialog(t("ui.exp.rollback.title", lang), on_dismiss=_close)(_confirm_rollback)(segment, user_name, lang)


def _confirm_rollback(segment: str, user_name: str, lang: str) -> None:
    st.text(t("ui.exp.rollback.body", lang, current=_champion_text(segment, lang), segment=segment_name(segment, lang)))
    left, right = st.columns(2)
    if right.button(t("ui.exp.cancel", lang), key="rollback_cancel"):
        _close()
        st.rerun()
    if not left.button(t("ui.exp.rollback.confirm", lang), type="primary", key="rollback_confirm"):
        return
    reason = st.session_state.get("rollback_reason", "")
    try:
        version = champions.rollback(
            segment, settings=cache.settings(), store=cache.store(), by=user_name, reason=reason
        )
    except (LookupError, champions.BrokenModel) as error:
        st.session_state[FLASH] = ("error", str(error))
    else:
        audit("champion_rolled_back", target=f"{segment}:{version}", details={"reason": reason})
        data.clear()
        monitoring_data.refresh_in_background(segment)
        st.session_state[_USED_REASONS] = True
        st.session_state[FLASH] = (
            "success",
            t("ui.exp.rollback.done", lang, version=version, segment=segment_name(segment, lang)),
        )
    _close()
    st.rerun()
