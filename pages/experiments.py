"""Experiments: tune a model family with Optuna, compare runs with the champion, promote or roll back."""

import streamlit as st

from core.modelling import champions, studies, workers
from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS
from ui import cache, experiment_views
from ui import experiment_cache as data
from ui.plain import plain
from ui.session import audit, require

WATCHED, LAUNCHED, FLASH = "experiments_watched", "experiments_launch", "experiments_flash"

user = require("experiments")
st.title("Experiments")
if FLASH in st.session_state:
    st.success(plain(st.session_state.pop(FLASH)), icon=":material/check_circle:")
tune_tab, runs_tab, compare_tab, champion_tab = st.tabs(["Tune", "Runs", "Compare", "Champions"])

with tune_tab:
    spec = experiment_views.tune_form()
    problem = studies.conflict(spec, data.storage()) if spec is not None else None
    if problem:
        st.error(plain(problem), icon=":material/error:")
    elif spec is not None:
        # The study runs in its own process; the session only remembers which study it watches.
        st.session_state[LAUNCHED] = workers.launch(spec, settings=cache.settings())
        st.session_state[WATCHED] = st.session_state["watch_study"] = spec.name
        audit("study_started", target=spec.name, details={"segment": spec.segment, "family": spec.family})
    names = data.study_list()["study"].tolist()
    if st.session_state.get(WATCHED) not in (None, *names):
        names.insert(0, st.session_state[WATCHED])
    watched = st.selectbox("Study", names, key="watch_study", placeholder="No study yet") if names else None
    if watched:
        experiment_views.study_panel(watched, st.session_state.get(LAUNCHED))

with runs_tab:
    left, right = st.columns(2)
    segment = left.selectbox("Segment", [None, *SEGMENTS], format_func=lambda s: s or "Any", key="runs_segment")
    family = right.selectbox("Family", [None, *FAMILIES], format_func=lambda f: f or "Any", key="runs_family")
    runs = data.runs(segment, family)
    experiment_views.runs_table(runs)

with compare_tab:
    finished = runs[runs["state"].isin(["complete", "finished"])]
    chosen = st.multiselect(
        "Runs to compare with their segment's champion (filtered on the Runs tab)",
        finished["run_id"].tolist(),
        format_func=experiment_views.run_labels(finished).get,
        max_selections=6,
        key="compare_runs",
    )
    if chosen:
        experiment_views.comparison(chosen, runs)

with champion_tab:
    experiment_views.champions_panel()
    promotable = runs[runs["model"] & ~runs["champion"]]
    st.subheader("Promote a run")
    run = st.selectbox(
        "Run with a saved model (a study's best trial, or a training run)",
        promotable["run_id"].tolist(),
        format_func=experiment_views.run_labels(promotable).get,
        index=None,
        key="promote_run",
    )
    reason = st.text_area("Reason (required when it does not beat the champion)", key="promote_reason")
    if st.button("Promote to champion", type="primary", disabled=run is None, key="promote"):
        try:
            with st.spinner("Comparing with the champion on the same folds…"):
                promotion = champions.promote(
                    run, settings=cache.settings(), store=cache.store(), by=user.name, reason=reason
                )
        except (champions.PromotionRefused, champions.StaleData) as error:
            st.error(plain(error), icon=":material/block:")
        else:
            details = {"run": run, "override": promotion.overridden, "reason": reason}
            audit("champion_promoted", target=f"{promotion.segment}:{promotion.version}", details=details)
            data.clear()
            del st.session_state["promote_reason"]  # a reason is given for one promotion, not the next
            st.session_state[FLASH] = f"{promotion.version} now serves {promotion.segment} clients."
            st.rerun()

    st.subheader("Roll back")
    left, right = st.columns([1, 2])
    back_segment = left.selectbox("Segment", SEGMENTS, key="rollback_segment")
    back_reason = right.text_input("Reason", key="rollback_reason")
    if st.button("Serve the previous champion again", key="rollback"):
        try:
            version = champions.rollback(
                back_segment, settings=cache.settings(), store=cache.store(), by=user.name, reason=back_reason
            )
        except (LookupError, champions.BrokenModel) as error:
            st.error(plain(error))
        else:
            audit("champion_rolled_back", target=f"{back_segment}:{version}", details={"reason": back_reason})
            data.clear()
            st.session_state[FLASH] = f"{version} serves {back_segment} clients again."
            st.rerun()
