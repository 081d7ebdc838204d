"""The client profile's chart, in the product's one palette (`ui.palette`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import plotly.graph_objects as go

from core.data.orm import Application
from ui import locale, palette
from ui.format import zone
from ui.texts import t

# Tick labels by zoom: times within a day, days beyond (a date never repeats along the axis), in
# the order of `ui.locale`'s dates (plotly formats dates itself, in English month names only).
DAY = {"ru": "%d.%m.%Y", "en": "%d %b %Y"}
DAY_AND_TIME = {"ru": "%d.%m %H:%M", "en": "%d %b, %H:%M"}


def date_ticks(lang: str) -> list[dict]:
    return [
        {"dtickrange": [None, 86_400_000], "value": DAY_AND_TIME.get(lang, DAY_AND_TIME["en"])},
        {"dtickrange": [86_400_000, None], "value": DAY.get(lang, DAY["en"])},
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
            line={"dash": "dot", "color": palette.NEUTRAL},
            annotation_text=f"{threshold_name} {locale.share(value, lang)}",
            annotation_position="top left",
        )
    else:  # the threshold changed: a step at each application, carried to the chart's edge
        figure.add_scatter(
            x=times,
            y=[a.threshold for a in applications],
            mode="lines+markers",
            marker={"size": 4, "color": palette.NEUTRAL},
            line={"dash": "dot", "color": palette.NEUTRAL, "shape": "hv"},
            name=threshold_name,
            hovertemplate="%{y:.1%}<extra></extra>",
        )
    for decision, colour in palette.DECISIONS.items():
        rows = [i for i, a in enumerate(applications) if a.decision == decision]
        if not rows:
            continue
        figure.add_scatter(
            x=[times[i] for i in rows],
            y=[applications[i].pd for i in rows],
            mode="markers",
            marker={"size": 11, "color": colour},
            name=t(f"ui.decision.{decision}", lang),
            hovertemplate=f"%{{x|{DAY.get(lang, DAY['en'])} %H:%M}}<br>PD %{{y:.1%}}<extra></extra>",
        )
    top = max([a.pd for a in applications] + list(thresholds))
    figure.update_layout(
        title={"text": t("ui.profile.chart_title", lang), "font": {"size": 15}},
        height=340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        yaxis={"tickformat": ".0%", "range": [0, min(1.0, top * 1.25 + 0.01)], "title": {"text": "PD"}},
        xaxis={"type": "date", "tickformatstops": date_ticks(lang), "nticks": 8},
        legend={"orientation": "h", "y": -0.15},
        separators=locale.chart_separators(lang),
    )
    return figure


def _local(application: Application) -> datetime:
    """When it was submitted, in the visitor's zone."""
    moment = application.created_at
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone()).replace(tzinfo=None)  # plotly draws naive times as given
