"""The pieces of the experiments page: the tuning form, a study's live progress and the runs
table. They draw; the work is done in `core`. Charts are in `ui.experiment_charts`, the
serving actions in `ui.experiment_actions`."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.modelling import studies, workers
from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS
from ui import experiment_cache as data
from ui import locale, tables
from ui.format import zone
from ui.plain import plain
from ui.texts import t

OBJECTIVES = ("pr_auc", "auroc")
# What fits at 1366 px beside the menu (about 900 px): the rest of a run's record (parameters,
# KS, Brier, cut-off, approval, state) stays one click away, in the table's column menu.
RUN_ORDER = ["champion", "started", "run", "segment", "family", "pr_auc", "pr_auc_sd", "auroc", "auroc_sd", "oot_auroc"]
RUN_ORDER += ["duration_s"]
RUN_WIDTHS = {"champion": 32, "started": 122, "run": 122, "segment": 110, "family": 100, "pr_auc": 64}
RUN_WIDTHS |= {"pr_auc_sd": 62, "auroc": 64, "auroc_sd": 62, "oot_auroc": 90, "duration_s": 70}


def segment_name(segment: str, lang: str) -> str:
    """'new clients' / 'новые клиенты'."""
    return t(f"ui.exp.segment.{segment}", lang)


def family_name(family: str, lang: str) -> str:
    """'Logistic regression' for logreg, and so on."""
    return t(f"ui.exp.family.{family}", lang)


def tune_form(lang: str) -> studies.StudySpec | None:
    """The study to start, once the form is submitted with valid values."""
    with st.form("tune_form"):
        left, right = st.columns(2)
        segment = left.selectbox(
            t("ui.exp.form.segment", lang), SEGMENTS, format_func=lambda s: segment_name(s, lang), key="tune_segment"
        )
        family = right.selectbox(
            t("ui.exp.form.family", lang), FAMILIES, format_func=lambda f: family_name(f, lang), key="tune_family"
        )
        objective = left.radio(
            t("ui.exp.form.objective", lang),
            OBJECTIVES,
            format_func=lambda o: t(f"ui.exp.objective.{o}", lang),
            horizontal=True,
            key="tune_objective",
        )
        pruning = right.toggle(t("ui.exp.form.pruning", lang), value=True, key="tune_pruning")
        trials = left.number_input(t("ui.exp.form.trials", lang), 0, 2000, value=30, key="tune_trials")
        minutes = right.number_input(t("ui.exp.form.minutes", lang), 0, 1440, value=0, key="tune_minutes")
        name = st.text_input(t("ui.exp.form.name", lang), key="tune_name")
        started = st.form_submit_button(
            t("ui.exp.form.start", lang), type="primary", icon=":material/play_arrow:", key="tune_start"
        )
    if not started:
        return None
    try:
        return studies.StudySpec(
            name=name.strip() or studies.default_study_name(segment, family),
            segment=segment,
            family=family,
            objective=objective,
            n_trials=int(trials) or None,
            timeout=float(minutes) * 60 or None,
            pruning=pruning,
        )
    except ValueError as error:
        st.error(plain(error))
        return None


def study_panel(name: str, launch: workers.Launch | None, lang: str) -> workers.StudyStatus | None:
    """A study's progress, live while a worker runs it; returns its status."""
    status = workers.study_status(name, data.storage())
    running = st.session_state.setdefault("experiments_running", set())
    if status is None or status.active:
        running.add(name)
        _live_progress(name, launch, lang)
    else:
        if name in running:  # it finished since the last run: its trials are new runs
            running.discard(name)
            data.clear()
        _progress(status, lang)
    return status


@st.fragment(run_every=2)
def _live_progress(name: str, launch: workers.Launch | None, lang: str) -> None:
    # Polls the study's storage, not the worker: any session sees any study, even after the tab
    # that started it has closed.
    status = workers.study_status(name, data.storage())
    if status is None:
        if launch is not None and launch.study == name and not launch.running:
            st.error(t("ui.exp.stopped", lang), icon=":material/error:")
            st.code(launch.tail() or "(no output)")
        else:
            st.info(plain(t("ui.exp.starting", lang, name=name)), icon=":material/hourglass_top:")
        return
    _progress(status, lang)
    if launch is not None and launch.study == name and status.failed_workers and not launch.running:
        st.code(launch.tail() or "(no output)")
    if not status.active:
        data.clear()
        st.rerun()  # the whole page: new runs in the table, the study's charts


def _progress(status: workers.StudyStatus, lang: str) -> None:
    done = status.complete + status.pruned + status.failed
    planned = t("ui.exp.progress_of", lang, n=status.planned) if status.planned else ""
    text = t("ui.exp.progress", lang, done=done, planned=planned, pruned=status.pruned, running=status.running)
    st.progress(status.fraction, text=text)
    objective = t(f"ui.exp.objective.{status.objective}", lang)
    best = locale.number(status.best_value, lang, digits=4)
    left, middle, right = st.columns(3)
    left.metric(t("ui.exp.best", lang, objective=objective), best)
    middle.metric(t("ui.exp.form.segment", lang), segment_name(status.segment, lang))
    right.metric(t("ui.exp.form.family", lang), family_name(status.family, lang))
    if status.failed_workers:
        st.warning(t("ui.exp.failed_workers", lang, n=status.failed_workers), icon=":material/warning:")
    if not status.active:
        finished = t("ui.exp.finished", lang, name=status.name, objective=objective, best=best)
        st.success(plain(finished), icon=":material/flag:")
    if status.best_params:
        with st.expander(t("ui.exp.best_params", lang)):
            values = [_param(value, lang) for value in status.best_params.values()]
            frame = {t("ui.exp.param", lang): list(status.best_params), t("ui.exp.value", lang): values}
            st.dataframe(pd.DataFrame(frame), hide_index=True, key="best_params")


def runs_table(runs: pd.DataFrame, lang: str) -> None:
    """The runs, newest first and sortable by any column, in the page's language."""
    if runs.empty:
        st.info(t("ui.exp.no_runs", lang))
        return
    shown = runs.assign(
        started=[locale.moment(moment, lang, zone()) for moment in runs["started"]],
        kind=runs["kind"].map(lambda kind: t(f"ui.exp.kind.{kind}", lang)),
        segment=runs["segment"].map(lambda s: segment_name(s, lang) if s in SEGMENTS else s),
        family=runs["family"].map(lambda f: family_name(f, lang) if f in FAMILIES else f),
        state=runs["state"].map(lambda s: t(f"ui.exp.state.{s}", lang)),
        champion=runs["champion"].map(lambda serves: "★" if serves else ""),
        # A spread is read, not sorted by: as text, so a run without folds (a holdout) shows "—".
        auroc_sd=runs["auroc_sd"].map(lambda sd: _spread(sd, lang)),
        pr_auc_sd=runs["pr_auc_sd"].map(lambda sd: _spread(sd, lang)),
    )
    four = tables.digits(4, lang)
    figures = dict.fromkeys(("pr_auc", "auroc", "oot_auroc", "ks", "brier"), four)
    figures |= {"threshold": tables.digits(3, lang), "approval_rate": tables.share(lang)}
    figures["duration_s"] = tables.whole(lang)
    st.dataframe(
        tables.localized(shown, figures),
        hide_index=True,
        column_order=RUN_ORDER,
        column_config=_run_columns(lang),
        placeholder=tables.DASH,
        key="runs_table",
    )
    st.caption(t("ui.exp.more_columns", lang))


def _run_columns(lang: str) -> dict[str, Any]:
    """Headings, widths and help; number columns carry no format (`ui.tables` writes them)."""
    text, score = st.column_config.TextColumn, st.column_config.NumberColumn
    sd = {"help": t("ui.exp.col.sd_help", lang)}
    columns = {
        "champion": text("★", help=t("ui.exp.col.champion", lang)),
        "started": text(t("ui.exp.col.started", lang)),
        "run": text(t("ui.exp.col.run", lang)),
        "kind": text(t("ui.exp.col.kind", lang)),
        "segment": text(t("ui.exp.col.segment", lang)),
        "family": text(t("ui.exp.col.family", lang)),
        "state": text(t("ui.exp.col.state", lang)),
        "pr_auc": score("PR AUC"),
        "pr_auc_sd": text("±", **sd),
        "auroc": score("AUROC"),
        "auroc_sd": text("±", **sd),
        "oot_auroc": score(t("ui.exp.col.oot", lang), help=t("ui.exp.col.oot_help", lang)),
        "ks": score("KS"),
        "brier": score("Brier"),
        "threshold": score(t("ui.exp.col.threshold", lang), help=t("ui.exp.col.threshold_help", lang)),
        "approval_rate": score(t("ui.exp.col.approval", lang)),
        "params": text(t("ui.exp.col.params", lang), width="large"),
        "duration_s": score(t("ui.exp.col.duration", lang), help=t("ui.exp.col.duration_help", lang)),
        "model": st.column_config.CheckboxColumn(t("ui.exp.col.model", lang)),
    }
    for name, width in RUN_WIDTHS.items():
        columns[name]["width"] = width
    return columns


def _param(value: object, lang: str) -> str:
    """A tuned parameter's value as the page's language writes numbers ('0,0123' in Russian)."""
    if isinstance(value, float):
        return locale.decimal(value, lang)
    return str(value)


def _spread(sd: float | None, lang: str) -> str:
    return "—" if sd is None or pd.isna(sd) else "± " + locale.number(sd, lang, digits=4)


def run_labels(runs: pd.DataFrame, lang: str) -> dict[str, str]:
    """Run id -> a readable label: name, segment, family and PR AUC."""
    return {
        row.run_id: " · ".join(
            [row.run, segment_name(row.segment, lang), family_name(row.family, lang)]
            + ([f"PR AUC {locale.number(row.pr_auc, lang, digits=4)}"] if pd.notna(row.pr_auc) else [])
        )
        for row in runs.itertuples()
        if row.segment in SEGMENTS and row.family in FAMILIES
    }
