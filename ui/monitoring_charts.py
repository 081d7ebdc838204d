"""Plotly figures of the Monitoring page: every chart has a title and named axes."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from core.monitoring.alerts import BAD_RATE_TOLERANCE
from core.monitoring.report import PeriodReport
from core.monitoring.stability import ACT, WATCH
from ui.texts import t

_BLUE, _GREY, _GREEN, _ORANGE, _RED = "#1565c0", "#9e9e9e", "#2e7d32", "#ef6c00", "#c62828"


def _layout(figure: go.Figure, title: str, x: str, y: str, *, height: int = 340, **axes: dict) -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": 15}},
        height=height,
        margin={"l": 10, "r": 10, "t": 45, "b": 10},
        xaxis={"title": {"text": x}, **axes.get("xaxis", {})},
        yaxis={"title": {"text": y}, **axes.get("yaxis", {})},
        legend={"orientation": "h", "y": -0.25},
    )
    return figure


def _labels(periods: Sequence[PeriodReport]) -> list[str]:
    return [p.period.strftime("%d.%m.%Y") for p in periods]


def volumes(periods: Sequence[PeriodReport], lang: str) -> go.Figure:
    """Decisions per period (bars) and the approval rate (line, right axis)."""
    x = _labels(periods)
    figure = go.Figure()
    figure.add_bar(x=x, y=[p.n for p in periods], name=t("ui.monitoring.axis.decisions", lang), marker_color=_GREY)
    figure.add_scatter(
        x=x,
        y=[p.approval_rate for p in periods],
        name=t("ui.monitoring.approval_rate", lang),
        yaxis="y2",
        mode="lines+markers",
        line={"color": _GREEN},
    )
    figure.update_layout(
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "tickformat": ".0%",
            "rangemode": "tozero",
            "title": {"text": t("ui.monitoring.approval_rate", lang)},
        }
    )
    return _layout(
        figure,
        t("ui.monitoring.chart.volumes", lang),
        t("ui.monitoring.axis.period", lang),
        t("ui.monitoring.axis.decisions", lang),
    )


def distribution(
    labels: Sequence[str],
    reference: Sequence[float],
    current: Sequence[float],
    *,
    title: str,
    period: str,
    x: str,
    lang: str,
    height: int = 300,
) -> go.Figure:
    """A reference distribution and a period's side by side, as shares per bin."""
    keep = [i for i, (r, c) in enumerate(zip(reference, current, strict=True)) if r > 0 or c > 0]
    figure = go.Figure()
    figure.add_bar(
        x=[labels[i] for i in keep],
        y=[reference[i] for i in keep],
        name=t("ui.monitoring.reference", lang),
        marker_color=_GREY,
    )
    figure.add_bar(x=[labels[i] for i in keep], y=[current[i] for i in keep], name=period, marker_color=_BLUE)
    figure.update_layout(barmode="group")
    return _layout(
        figure,
        title,
        x,
        t("ui.monitoring.axis.share", lang),
        height=height,
        xaxis={"type": "category"},
        yaxis={"tickformat": ".0%"},
    )


def psi_lines(periods: Sequence[PeriodReport], names: Sequence[str], lang: str) -> go.Figure:
    """PSI per period of the score and the given inputs, with the watch and act lines."""
    x = _labels(periods)
    figure = go.Figure()
    for name in names:
        label = t("ui.monitoring.score", lang) if name == "score" else name
        figure.add_scatter(x=x, y=[p.psi.get(name) for p in periods], name=label, mode="lines+markers")
    for level, colour in ((WATCH, _ORANGE), (ACT, _RED)):
        figure.add_hline(y=level, line={"dash": "dot", "color": colour})
    return _layout(
        figure,
        t("ui.monitoring.chart.psi", lang),
        t("ui.monitoring.axis.period", lang),
        t("ui.monitoring.axis.psi", lang),
        yaxis={"rangemode": "tozero"},
    )


def auroc(periods: Sequence[PeriodReport], lang: str) -> go.Figure:
    """Realised AUROC by vintage beside the estimate from PDs."""
    x = _labels(periods)
    figure = go.Figure()
    figure.add_scatter(
        x=x,
        y=[p.auroc for p in periods],
        name=t("ui.monitoring.col.auroc", lang),
        mode="lines+markers",
        line={"color": _BLUE},
    )
    figure.add_scatter(
        x=x,
        y=[p.estimated_auroc for p in periods],
        name=t("ui.monitoring.col.estimated_auroc", lang),
        mode="lines+markers",
        line={"color": _ORANGE, "dash": "dash"},
    )
    return _layout(
        figure,
        t("ui.monitoring.chart.auroc", lang),
        t("ui.monitoring.axis.period", lang),
        t("ui.monitoring.axis.auroc", lang),
    )


def bad_rate(periods: Sequence[PeriodReport], target: float, lang: str) -> go.Figure:
    """The realised and estimated bad rate of the approved against the target and its tolerance."""
    x = _labels(periods)
    figure = go.Figure()
    figure.add_scatter(
        x=x,
        y=[target + BAD_RATE_TOLERANCE] * len(x),
        mode="lines",
        line={"width": 0},
        showlegend=False,
        hoverinfo="skip",
    )
    figure.add_scatter(
        x=x,
        y=[target - BAD_RATE_TOLERANCE] * len(x),
        mode="lines",
        line={"width": 0},
        fill="tonexty",
        fillcolor="rgba(46,125,50,0.12)",
        name=t("ui.monitoring.tolerance", lang),
    )
    figure.add_scatter(
        x=x,
        y=[target] * len(x),
        mode="lines",
        line={"dash": "dot", "color": _GREEN},
        name=t("ui.monitoring.target", lang),
    )
    figure.add_scatter(
        x=x,
        y=[p.bad_rate for p in periods],
        name=t("ui.monitoring.col.bad_rate", lang),
        mode="lines+markers",
        line={"color": _BLUE},
    )
    figure.add_scatter(
        x=x,
        y=[p.estimated_bad_rate for p in periods],
        mode="lines+markers",
        name=t("ui.monitoring.col.estimated_bad_rate", lang),
        line={"color": _ORANGE, "dash": "dash"},
    )
    return _layout(
        figure,
        t("ui.monitoring.chart.bad_rate", lang),
        t("ui.monitoring.axis.period", lang),
        t("ui.monitoring.axis.rate", lang),
        yaxis={"tickformat": ".0%", "rangemode": "tozero"},
    )


def calibration(points: Sequence[dict], lang: str) -> go.Figure:
    """Mean PD against the observed default rate per score bin, with the diagonal."""
    top = max([0.05, *(max(p["mean_pd"], p["observed"]) for p in points)])
    figure = go.Figure()
    figure.add_scatter(
        x=[0, top],
        y=[0, top],
        mode="lines",
        line={"dash": "dot", "color": _GREY},
        name=t("ui.monitoring.perfect", lang),
    )
    figure.add_scatter(
        x=[p["mean_pd"] for p in points],
        y=[p["observed"] for p in points],
        mode="lines+markers",
        marker={"size": [6 + min(p["n"], 2000) / 200 for p in points], "color": _BLUE},
        name=t("ui.monitoring.col.observed", lang),
        text=[f"n={p['n']:,}" for p in points],
    )
    return _layout(
        figure,
        t("ui.monitoring.chart.calibration", lang),
        t("ui.monitoring.axis.mean_pd", lang),
        t("ui.monitoring.axis.observed", lang),
        xaxis={"tickformat": ".0%"},
        yaxis={"tickformat": ".0%"},
    )
