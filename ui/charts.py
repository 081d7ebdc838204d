"""Plotly figures for the staff pages."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from core.data.orm import Application
from core.decisions.policy import PREMIUM
from ui.format import local_time
from ui.texts import t

_COLOURS = {PREMIUM: "#2e7d32", "alternative": "#ef6c00", "referred": "#1565c0"}


def pd_history(applications: Sequence[Application], lang: str) -> go.Figure:
    """A client's PD at each application, coloured by decision, with the threshold it was judged against."""
    times = [local_time(a.created_at, "%Y-%m-%d %H:%M") for a in applications]
    figure = go.Figure()
    figure.add_scatter(
        x=times,
        y=[a.threshold for a in applications],
        mode="lines",
        line={"dash": "dot", "color": "#757575", "shape": "hv"},
        name=t("ui.profile.threshold", lang),
        hovertemplate="%{y:.1%}<extra></extra>",
    )
    for decision, colour in _COLOURS.items():
        rows = [i for i, a in enumerate(applications) if a.decision == decision]
        figure.add_scatter(
            x=[times[i] for i in rows],
            y=[applications[i].pd for i in rows],
            mode="markers",
            marker={"size": 11, "color": colour},
            name=t(f"ui.decision.{decision}", lang),
            hovertemplate="%{x}<br>PD %{y:.1%}<extra></extra>",
        )
    figure.update_layout(
        title={"text": t("ui.profile.chart_title", lang), "font": {"size": 15}},
        height=320,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        yaxis={"tickformat": ".0%", "rangemode": "tozero"},
        xaxis={"type": "date", "tickformat": "%d.%m.%Y"},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure
