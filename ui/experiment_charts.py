"""The experiments page's charts and champions: ROC, precision-recall, calibration and feature
importance of chosen runs against the champion (always drawn, always in the champion's colour),
the study's Optuna charts, and each segment's champion with its history."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.modelling import champions
from core.modelling.features import SEGMENTS
from core.modelling.model_files import BrokenModel
from ui import cache, locale, monitoring_views, palette, tables
from ui import experiment_cache as data
from ui.experiment_views import family_name, segment_name
from ui.format import zone
from ui.plain import plain
from ui.texts import t

_LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0, "title": {"text": ""}}
_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 10}


def _layout(figure: go.Figure, title: str, x: str, y: str, **axes: dict) -> go.Figure:
    return figure.update_layout(
        title={"text": title, "font": {"size": 15}},
        xaxis={"title": {"text": x}, **axes.get("xaxis", {})},
        yaxis={"title": {"text": y}, **axes.get("yaxis", {})},
        legend=_LEGEND,
        margin=_MARGIN,
        height=430,
    )


def _lines(points: pd.DataFrame, x: str, y: str, colours: dict[str, str], *, markers: bool = False) -> go.Figure:
    figure = go.Figure()
    for model, rows in points.groupby("model", sort=False):
        figure.add_scatter(
            x=rows[x],
            y=rows[y],
            name=str(model),
            mode="lines+markers" if markers else "lines",
            line={"color": colours[str(model)], "width": 3 if colours[str(model)] == palette.CHAMPION else 2},
        )
    return figure


def comparison(chosen: list[str], runs: pd.DataFrame, lang: str) -> None:
    """Scores, differences from the champion, and the curves of the chosen runs and the champion."""
    segment = runs.set_index("run_id").loc[chosen[0], "segment"]
    try:
        with st.spinner(t("ui.exp.compare.spinner", lang)):
            found = data.curves(tuple(chosen), cache.store().champion_version(segment))
    except ValueError as error:  # other segments mixed, or the data changed since (champions.StaleData)
        st.warning(plain(error), icon=":material/warning:")
        return
    for note in found.notes:
        st.caption(plain(note))
    champion = next((label for label in found.scores["model"] if label.startswith("champion ")), None)
    colours = palette.colours(list(found.scores["model"]), champion)
    scores = dict.fromkeys(("auroc", "pr_auc", "ks", "brier"), tables.digits(4, lang))
    st.dataframe(
        tables.localized(found.scores, scores),
        hide_index=True,
        column_config={
            "model": t("ui.exp.col.model_name", lang),
            **{name: t(f"ui.exp.objective.{name}", lang) for name in ("auroc", "pr_auc")},
            "ks": "KS",
            "brier": "Brier",
        },
        placeholder=tables.DASH,
        key="scores_table",
    )
    if not found.differences.empty:
        st.caption(t("ui.exp.compare.differences", lang))
        differences = found.differences.assign(
            metric=found.differences["metric"].map(lambda m: t(f"ui.exp.objective.{m}", lang))
        )
        signed = tables.digits(4, lang, signed=True)
        st.dataframe(
            tables.localized(differences, dict.fromkeys(("difference", "low", "high"), signed)),
            hide_index=True,
            column_config={
                "model": t("ui.exp.col.model_name", lang),
                "metric": t("ui.exp.compare.metric", lang),
                "difference": st.column_config.NumberColumn(t("ui.exp.compare.difference", lang)),
                "low": st.column_config.NumberColumn(t("ui.exp.compare.low", lang)),
                "high": st.column_config.NumberColumn(t("ui.exp.compare.high", lang)),
                "significant": st.column_config.CheckboxColumn(t("ui.exp.compare.real", lang)),
            },
            placeholder=tables.DASH,
            key="differences_table",
        )
    diagonal = {"type": "line", "x0": 0, "y0": 0, "x1": 1, "y1": 1, "line": {"dash": "dot", "color": palette.NEUTRAL}}
    left, right = st.columns(2)
    roc = _lines(found.roc, "fpr", "tpr", colours).add_shape(**diagonal)
    text = {name: t(f"ui.exp.chart.{name}", lang) for name in ("roc", "fpr", "tpr", "pr", "recall", "precision")}
    unit = {"range": [0, 1]}
    left.plotly_chart(_layout(roc, text["roc"], text["fpr"], text["tpr"], xaxis=unit, yaxis=unit), key="roc_chart")
    pr = _lines(found.pr, "recall", "precision", colours)
    right.plotly_chart(_layout(pr, text["pr"], text["recall"], text["precision"], xaxis=unit), key="pr_chart")
    left, right = st.columns(2)
    top = 1.1 * float(max(found.calibration["predicted"].max(), found.calibration["observed"].max()))
    calibration = _lines(found.calibration, "predicted", "observed", colours, markers=True)
    calibration.add_shape(**{**diagonal, "x1": top, "y1": top})
    fit = {"range": [0, top], "tickformat": ".0%"}
    left.plotly_chart(
        _layout(
            calibration,
            t("ui.exp.chart.calibration", lang),
            t("ui.exp.chart.predicted", lang),
            t("ui.exp.chart.observed", lang),
            xaxis=fit,
            yaxis=fit,
        ),
        key="calibration_chart",
    )
    right.plotly_chart(_importance(chosen, runs, champion, colours, lang), key="importance_chart")


def _importance(
    chosen: list[str], runs: pd.DataFrame, champion: str | None, colours: dict[str, str], lang: str
) -> go.Figure:
    """Feature importance of the chosen runs and the champion, side by side per feature."""
    figure = go.Figure()
    names = runs.set_index("run_id")
    shares: dict[str, pd.Series] = {}
    for run_id in chosen:
        found = data.importance(run_id)
        if found is not None:
            label = next((label for label in colours if label.startswith(f"{names.loc[run_id, 'run']} (")), run_id)
            shares[label] = found
    champion_shares = data.champion_importance(names.loc[chosen[0], "segment"])
    if champion is not None and champion_shares is not None:
        shares[champion] = champion_shares
    order = pd.concat(shares.values(), axis=1).mean(axis=1).sort_values().index if shares else []
    for label, series in shares.items():
        figure.add_bar(
            y=[t(f"ui.exp.feature.{name}", lang) for name in order],
            x=series.reindex(order).fillna(0).to_numpy(),
            name=label,
            orientation="h",
            marker={"color": colours.get(label, palette.NEUTRAL)},
        )
    figure.update_layout(barmode="group", height=520)
    return _layout(
        figure, t("ui.exp.chart.importance", lang), t("ui.exp.chart.share", lang), "", xaxis={"tickformat": ".0%"}
    ).update_yaxes(automargin=True)


def study_charts(name: str, complete: int, lang: str) -> None:
    """Optuna's optimisation history and parameter importances, titled and labelled."""
    figures = data.study_figures(name, complete)
    left, right = st.columns(2)
    if figures["history"] is not None:
        history = figures["history"].update_layout(
            title={"text": t("ui.exp.chart.history", lang)}, legend=_LEGEND, margin=_MARGIN, colorway=palette.SERIES
        )
        history.update_xaxes(title={"text": t("ui.exp.chart.trial", lang)})
        left.plotly_chart(history, key="study_history")
    if figures["importances"] is not None:
        importances = figures["importances"].update_layout(
            title={"text": t("ui.exp.chart.param_importance", lang)}, margin=_MARGIN, colorway=palette.SERIES
        )
        right.plotly_chart(importances.update_yaxes(automargin=True), key="study_importances")


def champions_panel(lang: str) -> None:
    """Each segment's champion: version, family, scores, who promoted it and why, the MLflow alias,
    and the whole history of promotions and rollbacks."""
    store = cache.store()
    for segment in SEGMENTS:
        st.subheader(t("ui.exp.champion_of", lang, segment=segment_name(segment, lang)))
        try:
            history = store.champion_history(segment)
            current = history[-1] if history else None
            meta = store.meta(segment, current["version"]) if current else None
        except (BrokenModel, LookupError) as error:  # the page's banner says what is served instead
            st.warning(plain(error), icon=":material/warning:")
            continue
        if current is None or meta is None:
            st.info(t("ui.exp.no_champion", lang))
            continue
        scores = ", ".join(
            f"{t(f'ui.exp.objective.{key}', lang)} {locale.number(meta.metrics[key], lang, digits=4)}"
            for key in ("auroc", "pr_auc")
            if key in meta.metrics
        )
        st.text(f"{family_name(meta.family, lang)} {meta.version}: {scores}")
        when = locale.moment(datetime.fromisoformat(current["at"]), lang, zone())
        by, why = who(current["by"], lang), reason_text(current["reason"], lang)
        st.caption(plain(t("ui.exp.promoted_by", lang, time=when, by=by, reason=why) if why else f"{when}, {by}"))
        alias = champions.champion_alias(segment, settings=cache.settings())
        if alias is not None:
            name = champions.registered_model_name(segment)
            mlflow = t("ui.exp.mlflow", lang, name=name, version=alias["model_version"], alias=champions.ALIAS)
            st.caption(plain(mlflow))
        with st.expander(t("ui.exp.history", lang)):
            st.dataframe(_history(history, lang), hide_index=True)
        monitoring_views.live_evidence(segment, meta.threshold, lang)


def who(by: str, lang: str) -> str:
    """Who served a champion: a member of staff by name, the product's commands in words."""
    return t(f"ui.exp.by.{by}", lang) if by in ("train", "cli") else by


def reason_text(reason: str, lang: str) -> str:
    """Why a champion serves: the product's own reasons in the page's language, staff's as written."""
    if reason == "rollback":  # the registry's word for a rollback given no reason
        return ""
    if reason == "the segment's first model":
        return t("ui.exp.why.first", lang)
    if found := re.fullmatch(r"replaces the demo model (\S+) \(trained on synthetic data\)", reason):
        return t("ui.exp.why.demo", lang, version=found[1])
    return reason


def _history(history: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("ui.exp.col.at", lang): [locale.moment(datetime.fromisoformat(e["at"]), lang, zone()) for e in history],
            t("ui.exp.col.event", lang): [t(f"ui.exp.event.{e['event']}", lang) for e in history],
            t("ui.exp.col.version", lang): [e["version"] for e in history],
            t("ui.exp.col.by", lang): [who(e["by"], lang) for e in history],
            t("ui.exp.col.reason", lang): [reason_text(e["reason"], lang) for e in history],
        }
    ).iloc[::-1]
