"""Plotly figures for the staff pages, in the product's one palette (`ui.palette`): `PALETTE` is
its colour-blind-safe sequence, `CHAMPION` the serving model's colour in every comparison,
`CHALLENGER` the model it is compared with."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import plotly.graph_objects as go

from core.data.orm import Application
from core.decisions.policy import PREMIUM
from ui import locale, palette
from ui.format import zone
from ui.texts import t

PALETTE, CHAMPION, CHALLENGER = palette.SERIES, palette.CHAMPION, palette.SERIES[0]
THRESHOLD = palette.NEUTRAL  # reference lines: grey, dotted
DECISION_COLOURS = {PREMIUM: PALETTE[2], "alternative": PALETTE[1], "referred": PALETTE[3]}

# Tick labels by zoom: times within a day, days beyond (a date never repeats along the axis).
DATE_TICKS = [
    {"dtickrange": [None, 86_400_000], "value": "%d.%m %H:%M"},
    {"dtickrange": [86_400_000, None], "value": "%d.%m.%Y"},
]


def pd_history(applications: Sequence[Application], lang: str) -> go.Figure:
    """A client's PD at each application, coloured by decision, with the threshold it was judged against."""
    times = [_local(a) for a in applications]
    figure = go.Figure()
    thresholds = {a.threshold for a in applications}
    threshold_name = t("ui.profile.threshold", lang)
    if len(thresholds) == 1:  # one policy all along: a line across the whole chart
        [value] = thresholds
        figure.add_hline(
            y=value,
            line={"dash": "dot", "color": THRESHOLD},
            annotation_text=f"{threshold_name} {locale.share(value, lang)}",
            annotation_position="top left",
        )
    else:  # the threshold changed: a step at each application, carried to the chart's edge
        figure.add_scatter(
            x=times,
            y=[a.threshold for a in applications],
            mode="lines+markers",
            marker={"size": 4, "color": THRESHOLD},
            line={"dash": "dot", "color": THRESHOLD, "shape": "hv"},
            name=threshold_name,
            hovertemplate="%{y:.1%}<extra></extra>",
        )
    for decision, colour in DECISION_COLOURS.items():
        rows = [i for i, a in enumerate(applications) if a.decision == decision]
        if not rows:
            continue
        figure.add_scatter(
            x=[times[i] for i in rows],
            y=[applications[i].pd for i in rows],
            mode="markers",
            marker={"size": 11, "color": colour},
            name=t(f"ui.decision.{decision}", lang),
            hovertemplate="%{x|%d.%m.%Y %H:%M}<br>PD %{y:.1%}<extra></extra>",
        )
    top = max([a.pd for a in applications] + list(thresholds))
    figure.update_layout(
        title={"text": t("ui.profile.chart_title", lang), "font": {"size": 15}},
        height=340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        yaxis={"tickformat": ".0%", "range": [0, min(1.0, top * 1.25 + 0.01)], "title": {"text": "PD"}},
        xaxis={"type": "date", "tickformatstops": DATE_TICKS, "nticks": 8},
        legend={"orientation": "h", "y": -0.15},
        separators=", " if lang == "ru" else ".,",
    )
    return figure


def _local(application: Application) -> datetime:
    """When it was submitted, in the visitor's zone."""
    moment = application.created_at
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone()).replace(tzinfo=None)  # plotly draws naive times as given
