"""The pieces of the experiments page: the tuning form, a study's live progress, the runs table,
the comparison charts and the champions. They draw; the work is done in `core`."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import plotly.express as px
import streamlit as st

from core.modelling import champions, studies, workers
from core.modelling.estimators import FAMILIES
from core.modelling.features import SEGMENTS
from core.modelling.model_files import BrokenModel
from ui import cache
from ui import experiment_cache as data
from ui.format import local_time
from ui.plain import plain

OBJECTIVE_NAMES = {"pr_auc": "PR AUC", "auroc": "AUROC"}
_NUMBER = st.column_config.NumberColumn(format="%.4f")


def tune_form() -> studies.StudySpec | None:
    """The study to start, once the form is submitted with valid values."""
    with st.form("tune_form"):
        left, right = st.columns(2)
        segment = left.selectbox("Segment", SEGMENTS, format_func=lambda s: f"{s} clients", key="tune_segment")
        family = right.selectbox("Model family", FAMILIES, key="tune_family")
        objective = left.radio(
            "Objective", list(OBJECTIVE_NAMES), format_func=OBJECTIVE_NAMES.get, horizontal=True, key="tune_objective"
        )
        pruning = right.toggle("Stop poor trials early (pruning)", value=True, key="tune_pruning")
        trials = left.number_input("Trials (0: no limit)", min_value=0, max_value=2000, value=30, key="tune_trials")
        minutes = right.number_input(
            "Time budget, minutes (0: no limit)", min_value=0, max_value=1440, value=0, key="tune_minutes"
        )
        name = st.text_input("Study name: a new one, or an existing study's to join it", key="tune_name")
        started = st.form_submit_button("Start study", type="primary", icon=":material/play_arrow:", key="tune_start")
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


def study_panel(name: str, launch: workers.Launch | None) -> None:
    """A study's progress, live while a worker runs it, then its Optuna charts."""
    status = workers.study_status(name, data.storage())
    running = st.session_state.setdefault("experiments_running", set())
    if status is None or status.active:
        running.add(name)
        _live_progress(name, launch)
    else:
        if name in running:  # it finished since the last run: its trials are new runs
            running.discard(name)
            data.clear()
        _progress(status)
    if status is not None and status.complete:
        figures = data.study_figures(name, status.complete)
        left, right = st.columns(2)
        left.plotly_chart(figures["history"], key="study_history")
        if figures["importances"] is not None:
            right.plotly_chart(figures["importances"], key="study_importances")


@st.fragment(run_every=2)
def _live_progress(name: str, launch: workers.Launch | None) -> None:
    # Polls the study's storage, not the worker: any session sees any study, even after the tab
    # that started it has closed.
    status = workers.study_status(name, data.storage())
    if status is None:
        if launch is not None and launch.study == name and not launch.running:
            st.error("The study stopped before it began:", icon=":material/error:")
            st.code(launch.tail() or "(no output)")
        else:
            st.info(f"Starting study {plain(name)}…", icon=":material/hourglass_top:")
        return
    _progress(status)
    if launch is not None and launch.study == name and status.failed_workers and not launch.running:
        st.code(launch.tail() or "(no output)")
    if not status.active:
        data.clear()
        st.rerun()  # the whole page: new runs in the table, the study's charts


def _progress(status: workers.StudyStatus) -> None:
    done = status.complete + status.pruned + status.failed
    planned = f" of {status.planned}" if status.planned else ""
    st.progress(status.fraction, text=f"{done}{planned} trials done, {status.pruned} pruned, {status.running} running")
    best = f"{status.best_value:.4f}" if status.best_value is not None else "—"
    left, middle, right = st.columns(3)
    left.metric(f"Best {plain(OBJECTIVE_NAMES.get(status.objective, status.objective))}", best)
    middle.metric("Segment", status.segment)
    right.metric("Family", status.family)
    if status.failed_workers:
        st.warning(f"{status.failed_workers} worker(s) of this study stopped with an error.", icon=":material/warning:")
    if not status.active:
        st.success(
            f"Study {plain(status.name)} has finished: best {plain(status.objective)} {best}.", icon=":material/flag:"
        )
    if status.best_params:
        with st.expander("Best parameters"):
            st.json(status.best_params)


def runs_table(runs: pd.DataFrame) -> None:
    """The runs, sortable by any column."""
    st.dataframe(
        runs,
        hide_index=True,
        column_order=[
            "run",
            "kind",
            "segment",
            "family",
            "state",
            "pr_auc",
            "pr_auc_sd",
            "auroc",
            "auroc_sd",
            "oot_auroc",
            "ks",
            "brier",
            "threshold",
            "approval_rate",
            "model",
        ],
        column_config={
            "pr_auc": st.column_config.NumberColumn("PR AUC", format="%.4f"),
            "pr_auc_sd": st.column_config.NumberColumn(
                "± (folds)", format="%.4f", help="PR AUC's standard deviation over the folds"
            ),
            "auroc": st.column_config.NumberColumn("AUROC", format="%.4f"),
            "auroc_sd": st.column_config.NumberColumn(
                "± (folds)", format="%.4f", help="AUROC's standard deviation over the folds"
            ),
            "oot_auroc": st.column_config.NumberColumn(
                "AUROC, last month", format="%.4f", help="Fit on the earlier months, scored on the last (out of time)"
            ),
            "threshold": st.column_config.NumberColumn(
                "Cut-off", format="%.3f", help="PD cut-off at the target bad rate of the approved book"
            ),
            "approval_rate": st.column_config.NumberColumn(
                "Approves", format="percent", help="Share approved at that cut-off"
            ),
            "ks": st.column_config.NumberColumn("KS", format="%.4f"),
            "brier": st.column_config.NumberColumn("Brier", format="%.4f"),
            "model": st.column_config.CheckboxColumn("Saved model"),
        },
        key="runs_table",
    )


def run_labels(runs: pd.DataFrame) -> dict[str, str]:
    """Run id -> a readable label: name, segment, family and PR AUC."""
    return {
        row.run_id: f"{row.run} · {row.segment} · {row.family} · PR AUC {row.pr_auc:.4f}"
        if pd.notna(row.pr_auc)
        else f"{row.run} · {row.segment} · {row.family}"
        for row in runs.itertuples()
    }


def comparison(chosen: list[str], runs: pd.DataFrame) -> None:
    """ROC, PR and calibration curves of the chosen runs and the champion, and feature importance."""
    segment = runs.set_index("run_id").loc[chosen[0], "segment"]
    try:
        with st.spinner("Getting the champion's out-of-fold PDs on the same folds (a CV if it saw other data)…"):
            found = data.curves(tuple(chosen), cache.store().champion_version(segment))
    except ValueError as error:  # other segments mixed, or the data changed since (champions.StaleData)
        st.warning(plain(error), icon=":material/warning:")
        return
    for note in found.notes:
        st.caption(plain(note))
    st.dataframe(
        found.scores, hide_index=True, column_config=dict.fromkeys(("auroc", "pr_auc", "ks", "brier"), _NUMBER)
    )
    if not found.differences.empty:
        st.caption(
            "Each run minus the champion on the same rows, with a 95 % paired-bootstrap interval "
            "(1,000 resamples): an interval that includes 0 is no evidence of a real difference."
        )
        st.dataframe(
            found.differences,
            hide_index=True,
            column_config={
                "metric": st.column_config.TextColumn("Metric"),
                "difference": st.column_config.NumberColumn("Difference", format="%+.4f"),
                "low": st.column_config.NumberColumn("95 % CI from", format="%+.4f"),
                "high": st.column_config.NumberColumn("to", format="%+.4f"),
                "significant": st.column_config.CheckboxColumn("Real difference"),
            },
            key="differences_table",
        )
    diagonal = {"type": "line", "x0": 0, "y0": 0, "x1": 1, "y1": 1, "line": {"dash": "dot", "color": "grey"}}
    left, right = st.columns(2)
    roc = px.line(found.roc, x="fpr", y="tpr", color="model", title="ROC (out of fold)")
    roc.add_shape(**diagonal)
    left.plotly_chart(roc, key="roc_chart")
    right.plotly_chart(
        px.line(found.pr, x="recall", y="precision", color="model", title="Precision-recall (out of fold)"),
        key="pr_chart",
    )
    calibration = px.line(
        found.calibration, x="predicted", y="observed", color="model", markers=True, title="Calibration (deciles)"
    )
    calibration.add_shape(**diagonal)
    left.plotly_chart(calibration, key="calibration_chart")
    for run_id in chosen:
        shares = data.importance(run_id)
        if shares is not None:
            label = runs.set_index("run_id").loc[run_id, "run"]
            figure = px.bar(shares.iloc[::-1], orientation="h", title=f"Feature importance: {label}")
            right.plotly_chart(figure.update_layout(showlegend=False), key=f"importance_{run_id}")
            break


SCORES = {"auroc": "AUROC", "pr_auc": "PR AUC"}


def champions_panel() -> None:
    """Each segment's champion: version, family, who promoted it and why, and the MLflow alias."""
    store = cache.store()
    for segment in SEGMENTS:
        st.subheader(f"{segment.capitalize()}-client champion")
        try:
            history = store.champion_history(segment)
            current = history[-1] if history else None
            meta = store.meta(segment, current["version"]) if current else None
        except (BrokenModel, LookupError) as error:  # the page's banner says what is served instead
            st.warning(plain(error), icon=":material/warning:")
            continue
        if current is None or meta is None:
            st.info("No champion yet.")
            continue
        scores = ", ".join(f"{name} {meta.metrics[key]:.4f}" for key, name in SCORES.items() if key in meta.metrics)
        st.markdown(f"**{plain(meta.family)}** {plain(meta.version)}: {scores}")
        st.caption(
            f"{local_time(datetime.fromisoformat(current['at']))} by {plain(current['by'])}: {plain(current['reason'])}"
        )
        alias = champions.champion_alias(segment, settings=cache.settings())
        if alias is not None:
            name = champions.registered_model_name(segment)
            st.caption(f"MLflow: {name} version {plain(alias['model_version'])} @{champions.ALIAS}")
        with st.expander("History: every promotion and rollback, newest first"):
            st.dataframe(pd.DataFrame(history[::-1]), hide_index=True)
