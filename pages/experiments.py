"""Experiments: tune a model family with Optuna, compare runs with the champion, promote or roll back."""

import streamlit as st

from core.modelling import studies, workers
from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS
from ui import cache, experiment_actions, experiment_charts, experiment_views
from ui import experiment_cache as data
from ui.answers import ANY, keep_answers, tabs
from ui.plain import plain
from ui.session import audit, require
from ui.texts import language_switch, t

WATCHED, LAUNCHED = "experiments_watched", "experiments_launch"

lang = language_switch()  # above the page's notices, as on every staff page
user = require("experiments")
st.title(t("ui.exp.title", lang))
CHOICES = ["tune_segment", "tune_family", "tune_objective", "runs_segment", "runs_family", "compare_runs"]
keep_answers("experiments", [*CHOICES, "promote_run", "rollback_segment"], lang)
tune_tab, runs_tab, compare_tab, champion_tab = tabs(
    {name: t(f"ui.exp.tab.{name}", lang) for name in ("tune", "runs", "compare", "champions")}, key="experiments_tab"
)

with tune_tab:
    spec = experiment_views.tune_form(lang)
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
    watched = st.selectbox(t("ui.exp.study", lang), names, key="watch_study") if names else None
    if not names:
        st.caption(t("ui.exp.no_study", lang))
    status = experiment_views.study_panel(watched, st.session_state.get(LAUNCHED), lang) if watched else None
    if status is not None and status.complete:
        experiment_charts.study_charts(status.name, status.complete, lang)

with runs_tab:
    left, right = st.columns(2)
    any_ = t("ui.exp.any", lang)
    segment = left.selectbox(
        t("ui.exp.form.segment", lang),
        [ANY, *SEGMENTS],
        format_func=lambda s: experiment_views.segment_name(s, lang) if s else any_,
        key="runs_segment",
    )
    family = right.selectbox(
        t("ui.exp.form.family", lang),
        [ANY, *FAMILIES],
        format_func=lambda f: experiment_views.family_name(f, lang) if f else any_,
        key="runs_family",
    )
    runs = data.runs(segment or None, family or None)
    experiment_views.runs_table(runs, lang)

with compare_tab:
    finished = runs[runs["state"] == "complete"]
    labels = experiment_views.run_labels(finished, lang)
    chosen = st.multiselect(
        t("ui.exp.compare.choose", lang),
        list(labels),
        format_func=labels.get,
        max_selections=6,
        placeholder=t("ui.choose" if labels else "ui.nothing_to_choose", lang),
        key="compare_runs",
    )
    if chosen:
        experiment_charts.comparison(chosen, runs, lang)

with champion_tab:
    experiment_actions.flash()
    experiment_charts.champions_panel(lang)
    experiment_actions.promote_section(runs, user.name, lang)
    experiment_actions.rollback_section(user.name, lang)
