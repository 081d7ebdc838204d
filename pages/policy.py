"""Credit policy (risk managers): the rules in force, a draft simulated against them, and
activation by a second risk manager, or a rollback."""

import streamlit as st
from sqlalchemy.orm import Session

from core.decisions import policy_store
from core.modelling.features import SEGMENTS
from ui import cache, policy_form, policy_views
from ui.answers import keep_answers, tabs
from ui.format import local_time
from ui.policy_actions import FLASH, RESULT, change, changed_segment, run_simulation
from ui.session import require
from ui.texts import language_switch, t

lang = language_switch()
me = require("policy")
state = st.session_state


def show_simulation(where: str) -> None:
    where_, result = state.get(RESULT) or (None, None)
    if where_ == where:
        (st.error if isinstance(result, str) else lambda r: policy_views.simulation(r, lang))(result)


st.title(t("ui.policy.title", lang))
with Session(cache.engine()) as session, session.begin():
    number = policy_store.ensure_initial(
        session=session, target_bad_rate=cache.settings().target_bad_rate, store=cache.store()
    )
    policy_store.measure_unmeasured(session=session, number=number, store=cache.store())
    views = policy_store.versions(session=session)
    events = policy_store.activations(session=session)
active = next(view for view in views if view.number == number)
when = local_time(active.approved_at, lang)
st.info(
    t(
        "ui.policy.active",
        lang,
        number=number,
        author=policy_views.who(active.author, lang),
        approver=policy_views.who(active.approved_by, lang),
        time=when,
    )
    + f" {policy_views.reason(active, lang)}",
    icon=":material/gavel:",
)
if flash := state.pop(FLASH, None):
    (st.success if flash[0] == "success" else st.error)(flash[1])

rules_tab, draft_tab, versions_tab = tabs(
    {name: t(f"ui.policy.tab.{name}", lang) for name in ("rules", "draft", "versions")}, key="policy_tab"
)
with rules_tab:
    for column, name in zip(st.columns(2), SEGMENTS, strict=True):
        with column:
            st.subheader(t(f"ui.segment.{name}", lang).capitalize())
            policy_views.segment_rules(active.body.segments[name], active.measurement(name), lang)
    repeat = active.body.repeat
    st.caption(t("ui.policy.repeat", lang, hours=repeat.identical_hours, days=repeat.reapply_days))

with draft_tab:
    keep_answers("policy", ["policy_segment", *(f"policy_{number}_{s}_basis" for s in SEGMENTS)], lang)
    segment = st.segmented_control(
        t("ui.policy.segment", lang),
        SEGMENTS,
        default="new",
        required=True,
        format_func=lambda s: t(f"ui.segment.{s}", lang),
        key="policy_segment",
    )
    key = f"policy_{number}_{segment}"  # a new active version starts a fresh form
    with st.form(key):
        edited = policy_form.segment_editor(active.body.segments[segment], segment, key, lang)
        reason = st.text_input(t("ui.policy.reason", lang), key=f"{key}_reason")
        left, right = st.columns(2)
        simulate_it = left.form_submit_button(t("ui.policy.simulate", lang), key="policy_simulate")
        save_it = right.form_submit_button(t("ui.policy.save", lang), type="primary", key="policy_save")
    body = policy_form.proposal(active.body, segment, edited)
    if (simulate_it or save_it) and (problems := edited[policy_form.PROBLEMS]):
        st.error(t("ui.policy.not_numbers", lang, fields="; ".join(problems)))
    elif simulate_it:
        run_simulation(active.body, body, segment, "draft", lang)
    elif save_it:
        change("draft", me.name, lang, active=active.body, body=body, reason=reason)
        st.rerun()
    show_simulation("draft")

with versions_tab:
    st.dataframe(
        policy_views.versions_table(views, lang), hide_index=True, column_config=policy_views.versions_columns(lang)
    )
    drafts = {view.number: view for view in views if view.status == "draft"}
    if not drafts:
        st.caption(t("ui.policy.no_drafts", lang))
    else:
        chosen = st.selectbox(t("ui.policy.draft_to_approve", lang), list(drafts), key="policy_draft_pick")
        draft, left, right = drafts[chosen], *st.columns(2)
        if draft.author == me.name:
            st.caption(t("ui.policy.own_draft", lang))
        if left.button(t("ui.policy.simulate_draft", lang), key="policy_simulate_draft"):
            draft_body = draft.body.model_dump(mode="json")
            run_simulation(active.body, draft_body, changed_segment(active.body, draft.body), "versions", lang)
        right.button(
            t("ui.policy.approve", lang),
            type="primary",
            disabled=draft.author == me.name,  # four eyes; the core refuses it too
            on_click=change,
            args=("approve", me.name, lang),
            kwargs={"number": chosen},
            key="policy_approve",
        )
        show_simulation("versions")
    st.markdown(f"**{t('ui.policy.timeline', lang)}**")
    st.dataframe(policy_views.timeline_table(events, lang), hide_index=True)
    if st.checkbox(t("ui.policy.rollback", lang), key="policy_rollback_ask"):
        st.button(
            t("ui.policy.rollback.confirm", lang),
            on_click=change,
            args=("rollback", me.name, lang),
            key="policy_rollback",
        )
