"""Plotly figures of the Monitoring page: every chart has a title and named axes."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from core.i18n import MESSAGES
from core.monitoring.alerts import BAD_RATE_TOLERANCE
from core.monitoring.report import PeriodReport
from core.monitoring.stability import ACT, WATCH
from ui import locale, palette
from ui.texts import t

# The champion's realised figures in the product's first series colour, estimates in its second.
_REALISED, _ESTIMATED = palette.SERIES[0], palette.SERIES[1]


def input_name(name: str, lang: str) -> str:
    """A model input in words ('Ежемесячный доход' for income), the score as the score; an input
    the catalogue does not know (a bank's own column) by its name."""
    if name == "score":
        return t("ui.monitoring.score", lang)
    return t(f"feature.{name}", lang) if f"feature.{name}" in MESSAGES else name


def _layout(figure: go.Figure, title: str, x: str, y: str, lang: str, *, height: int = 380, **axes: dict) -> go.Figure:
    rows = _legend_rows(figure)
    figure.update_layout(
        separators=locale.chart_separators(lang),
        title={"text": title, "font": {"size": 15}, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 10}},
        height=height + 22 * (rows - 1),
        margin={"l": 10, "r": 10, "t": 44 + 22 * rows, "b": 10},
        xaxis={"title": {"text": x}, **axes.get("xaxis", {})},
        yaxis={"title": {"text": y}, **axes.get("yaxis", {})},
        # Above the plot, under the title: below it, the legend ran into slanted tick labels and the axis name.
        legend={
            "orientation": "h",
            **{"x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},
            **{"entrywidth": 1 / _per_row(figure), "entrywidthmode": "fraction"},
        },
    )
    return figure


def _legend_names(figure: go.Figure) -> list[str]:
    return [trace.name for trace in figure.data if trace.name and trace.showlegend is not False]


def _per_row(figure: go.Figure) -> int:
    """Legend entries a row of a half-page chart: two short ones, or one long one (cut off when two)."""
    return 2 if max(map(len, _legend_names(figure)), default=0) <= 20 else 1


def _legend_rows(figure: go.Figure) -> int:
    """The legend's rows: the margin above the plot holds them and the title."""
    return max(1, -(-len(_legend_names(figure)) // _per_row(figure)))


def _by_period(figure: go.Figure, chart: str, axis: str, lang: str, **axes: dict) -> go.Figure:
    """The layout of a chart over the report's periods: `chart` and `axis` name its title and y axis."""
    return _layout(
        figure,
        t(f"ui.monitoring.chart.{chart}", lang),
        t("ui.monitoring.axis.period", lang),
        t(f"ui.monitoring.axis.{axis}", lang),
        lang,
        **axes,
    )


def _line(figure: go.Figure, x: list[str], y: list, name: str, colour: str, *, dash: str | None = None) -> None:
    figure.add_scatter(x=x, y=y, name=name, mode="lines+markers", line={"color": colour, "dash": dash})


def _labels(periods: Sequence[PeriodReport], lang: str) -> list[str]:
    return [locale.day(p.period, lang) for p in periods]


def volumes(periods: Sequence[PeriodReport], lang: str) -> go.Figure:
    """Decisions per period (bars) and the approval rate (line, right axis)."""
    x = _labels(periods, lang)
    figure = go.Figure()
    figure.add_bar(
        x=x, y=[p.n for p in periods], name=t("ui.monitoring.axis.decisions", lang), marker_color=palette.NEUTRAL
    )
    figure.add_scatter(
        x=x,
        y=[p.approval_rate for p in periods],
        name=t("ui.monitoring.approval_rate", lang),
        yaxis="y2",
        mode="lines+markers",
        line={"color": palette.GOOD},
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
    return _by_period(figure, "volumes", "decisions", lang)


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
        marker_color=palette.NEUTRAL,
    )
    figure.add_bar(x=[labels[i] for i in keep], y=[current[i] for i in keep], name=period, marker_color=_REALISED)
    figure.update_layout(barmode="group")
    return _layout(
        figure,
        title,
        x,
        t("ui.monitoring.axis.share", lang),
        lang,
        height=height,
        xaxis={"type": "category"},
        yaxis={"tickformat": ".0%"},
    )


def psi_lines(periods: Sequence[PeriodReport], names: Sequence[str], lang: str) -> go.Figure:
    """PSI per period of the score and the given inputs, with the watch and act lines."""
    x = _labels(periods, lang)
    figure = go.Figure()
    for name, colour in zip(names, palette.SERIES * 2, strict=False):
        _line(figure, x, [p.psi.get(name) for p in periods], input_name(name, lang), colour)
    for level, colour in ((WATCH, palette.WARN), (ACT, palette.BAD)):
        figure.add_hline(y=level, line={"dash": "dot", "color": colour})
    return _by_period(figure, "psi", "psi", lang, yaxis={"rangemode": "tozero"})


def auroc(periods: Sequence[PeriodReport], lang: str) -> go.Figure:
    """Realised AUROC by vintage beside the estimate from PDs."""
    x = _labels(periods, lang)
    figure = go.Figure()
    _line(figure, x, [p.auroc for p in periods], t("ui.monitoring.col.auroc", lang), _REALISED)
    estimated = [p.estimated_auroc for p in periods]
    _line(figure, x, estimated, t("ui.monitoring.col.estimated_auroc", lang), _ESTIMATED, dash="dash")
    return _by_period(figure, "auroc", "auroc", lang)


def bad_rate(periods: Sequence[PeriodReport], target: float, lang: str) -> go.Figure:
    """The realised and estimated bad rate of the approved against the target and its tolerance."""
    x = _labels(periods, lang)
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
        fillcolor="rgba(0,158,115,0.12)",  # palette.GOOD, faint
        name=t("ui.monitoring.tolerance", lang),
    )
    figure.add_scatter(
        x=x,
        y=[target] * len(x),
        mode="lines",
        line={"dash": "dot", "color": palette.GOOD},
        name=t("ui.monitoring.target", lang),
    )
    _line(figure, x, [p.bad_rate for p in periods], t("ui.monitoring.col.bad_rate", lang), _REALISED)
    estimated = [p.estimated_bad_rate for p in periods]
    _line(figure, x, estimated, t("ui.monitoring.col.estimated_bad_rate", lang), _ESTIMATED, dash="dash")
    return _by_period(figure, "bad_rate", "rate", lang, yaxis={"tickformat": ".0%", "rangemode": "tozero"})


def calibration(points: Sequence[dict], lang: str) -> go.Figure:
    """Mean PD against the observed default rate per score bin, with the diagonal."""
    top = max([0.05, *(max(p["mean_pd"], p["observed"]) for p in points)])
    figure = go.Figure()
    figure.add_scatter(
        x=[0, top],
        y=[0, top],
        mode="lines",
        line={"dash": "dot", "color": palette.NEUTRAL},
        name=t("ui.monitoring.perfect", lang),
    )
    figure.add_scatter(
        x=[p["mean_pd"] for p in points],
        y=[p["observed"] for p in points],
        mode="lines+markers",
        marker={"size": [6 + min(p["n"], 2000) / 200 for p in points], "color": _REALISED},
        name=t("ui.monitoring.col.observed", lang),
        text=[f"n={locale.number(p['n'], lang)}" for p in points],
    )
    return _layout(
        figure,
        t("ui.monitoring.chart.calibration", lang),
        t("ui.monitoring.axis.mean_pd", lang),
        t("ui.monitoring.axis.observed", lang),
        lang,
        xaxis={"tickformat": ".0%"},
        yaxis={"tickformat": ".0%"},
    )
