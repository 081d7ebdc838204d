"""The Policy page's read-only parts: a segment's rules, a simulation's tables and strategy
curve, the versions and the activation timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.decisions.policy_rules import Measured, SegmentPolicy
from core.decisions.policy_store import SYSTEM, Activation, PolicyVersionView
from core.decisions.simulation import BookComparison
from core.decisions.simulation_data import Simulation
from core.modelling.features import SEGMENTS
from ui import locale, palette
from ui.format import local_time
from ui.locale import money, number, share
from ui.texts import t


def rule_label(rule: Any, lang: str) -> str:
    """A knock-out rule as the risk team reads it: 'Monthly income at least 15,000 ₽'."""
    params = {k: money(v, lang) if k == "amount" else v for k, v in rule.params().items()}
    return t(f"ui.policy.rule.{rule.kind}", lang, **params)


def segment_rules(rules: SegmentPolicy, measurement: tuple[Measured | None, datetime | None], lang: str) -> None:
    """One segment's rules as the risk team reads them, with the cut-off as measured: when the
    version was written, later (time given), or not yet."""
    st.markdown(f"**{t('ui.policy.knockouts', lang)}**")
    lines = []
    for rule in rules.knockout_rules:
        told = getattr(rule.text, lang).format(**rule.params())
        lines.append(f"- {rule_label(rule, lang)} — _{told}_")
    st.markdown("\n".join(lines) or t("ui.policy.no_knockouts", lang))
    cut = rules.cutoff
    st.markdown(
        f"**{t('ui.policy.cutoff', lang)}:** {t(f'ui.policy.basis.{cut.basis}', lang)} "
        f"{share(cut.value, lang, digits=2)}"
        + (
            f" · {t('ui.policy.refer_band', lang)} {share(rules.refer_band, lang, digits=2)}"
            if rules.refer_band
            else ""
        )
    )
    st.caption(measured_text(*measurement, lang))
    st.markdown(f"**{t('ui.policy.limits', lang)}**")
    st.dataframe(limits_frame(rules, lang).map(lambda limit: money(int(limit), lang)))
    st.markdown(f"**{t('ui.policy.starter_limit', lang)}:** {money(rules.offer.starter_limit, lang)}")


def measured_text(measured: Measured | None, later: datetime | None, lang: str) -> str:
    """The cut-off's three forms as measured, and on which champion; or that it is not measured yet."""
    if measured is None:
        return t("ui.policy.not_measured", lang)
    figures = {
        "model": measured.model_version,
        "pd": share(measured.pd, lang, digits=2),
        "approval": share(measured.approval_rate, lang, digits=2),
        "bad": share(measured.bad_rate, lang, digits=2),
    }
    if later is None:
        return t("ui.policy.measured", lang, **figures)
    return t("ui.policy.measured_later", lang, time=local_time(later, lang), **figures)


def limits_frame(rules: SegmentPolicy, lang: str) -> pd.DataFrame:
    """The Premium limit matrix with its bands as row and column labels."""
    offer = rules.offer
    pd_edges = [0.0, *offer.pd_edges]
    rows = [
        f"PD {share(low, lang, digits=0)}–{share(high, lang, digits=0)}"
        for low, high in zip(pd_edges, offer.pd_edges, strict=False)
    ]
    rows.append(f"PD ≥ {share(pd_edges[-1], lang, digits=0)}")
    columns = [f"≥ {money(low, lang)}" for low in offer.income_edges]
    return pd.DataFrame(offer.limits, index=rows, columns=columns)


def comparison_table(book: BookComparison, lang: str) -> pd.DataFrame:
    """Active against proposed, one row per figure."""
    figures = ("cutoff", "approval_rate", "refer_rate", "knockout_rate", "bad_rate", "expected_loss", "approved_limits")

    def shown(name: str, value: float | None) -> str:
        if value is None:
            return "—"
        return (
            money(round(value), lang) if name in ("expected_loss", "approved_limits") else share(value, lang, digits=2)
        )

    return pd.DataFrame(
        {
            t("ui.policy.sim.figure", lang): [t(f"ui.policy.sim.{name}", lang) for name in figures],
            t("ui.policy.sim.active", lang): [shown(n, getattr(book.active, n)) for n in figures],
            t("ui.policy.sim.proposed", lang): [shown(n, getattr(book.proposed, n)) for n in figures],
        }
    )


def swap_table(book: BookComparison, lang: str) -> pd.DataFrame:
    """The swap set: counts and, where outcomes are known, bad rates."""
    s = book.swap
    rates = {"swapped_out": s.swapped_out_bad_rate, "swapped_in": s.swapped_in_bad_rate}
    names = ("kept", "swapped_out", "swapped_in", "declined_by_both")
    return pd.DataFrame(
        {
            t("ui.policy.swap", lang): [t(f"ui.policy.swap.{name}", lang) for name in names],
            t("ui.policy.swap.count", lang): [number(getattr(s, name), lang) for name in names],
            t("ui.policy.swap.bad_rate", lang): [
                "—" if rates.get(name) is None else share(rates[name], lang, digits=2)  # type: ignore[arg-type]
                for name in names
            ],
        }
    )


def strategy_chart(result: Simulation, lang: str) -> go.Figure:
    """Approval rate against bad rate over every cut-off, the active and proposed points marked."""
    curve, book = result.curve, result.labelled
    figure = go.Figure()
    figure.add_scatter(
        x=curve["approval_rate"],
        y=curve["bad_rate"],
        mode="lines",
        line={"color": palette.SERIES[0]},
        name=t("ui.policy.curve.all", lang),
        customdata=curve["cutoff"],
        hovertemplate="PD < %{customdata:.2%}: %{x:.1%} / %{y:.2%}<extra></extra>",
    )
    for name, stats, colour in (
        ("active", book.active, palette.CHAMPION),
        ("proposed", book.proposed, palette.SERIES[1]),
    ):
        figure.add_scatter(
            x=[stats.approval_rate],
            y=[stats.bad_rate],
            mode="markers",
            marker={"size": 13, "color": colour, "symbol": "diamond" if name == "proposed" else "circle"},
            name=t(f"ui.policy.sim.{name}", lang),
            hovertemplate="%{x:.1%} / %{y:.2%}<extra></extra>",
        )
    figure.update_layout(
        title={"text": t("ui.policy.curve.title", lang), "font": {"size": 15}},
        height=400,
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        xaxis={"tickformat": ".0%", "title": t("ui.policy.sim.approval_rate", lang)},
        yaxis={"tickformat": ".1%", "title": t("ui.policy.sim.bad_rate", lang), "rangemode": "tozero"},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},  # clear of the axis
        separators=locale.chart_separators(lang),
    )
    return figure


def simulation(result: Simulation, lang: str) -> None:
    """A simulation's tables and chart."""
    st.subheader(t("ui.policy.sim.title", lang, number=result.active_number))
    st.caption(t("ui.policy.sim.labelled", lang, rows=number(result.labelled.active.rows, lang)))
    st.dataframe(comparison_table(result.labelled, lang), hide_index=True)
    st.dataframe(swap_table(result.labelled, lang), hide_index=True)
    st.plotly_chart(strategy_chart(result, lang), key="policy_curve")
    if result.live is None:
        st.caption(t("ui.policy.sim.no_live", lang, days=result.live_days))
        return
    st.caption(t("ui.policy.sim.live", lang, days=result.live_days, rows=number(result.live.active.rows, lang)))
    st.dataframe(comparison_table(result.live, lang), hide_index=True)
    st.dataframe(swap_table(result.live, lang), hide_index=True)


def versions_table(views: Sequence[PolicyVersionView], lang: str) -> pd.DataFrame:
    """Every version: number, status, author, approver, when, each segment's cut-off, why."""
    segments = list(dict.fromkeys(name for v in views for name in v.body.segments))
    return pd.DataFrame(
        {
            t("ui.policy.versions.number", lang): [v.number for v in views],
            t("ui.policy.versions.status", lang): [t(f"ui.policy.status.{v.status}", lang) for v in views],
            t("ui.policy.versions.author", lang): [who(v.author, lang) for v in views],
            t("ui.policy.versions.created", lang): [local_time(v.created_at, lang) for v in views],
            t("ui.policy.versions.approver", lang): [who(v.approved_by, lang) for v in views],
            **{
                t(f"ui.segment.{name}", lang).capitalize(): [_cutoff(v, name, lang) for v in views] for name in segments
            },
            t("ui.policy.versions.reason", lang): [reason(v, lang) for v in views],
        }
    )


def versions_columns(lang: str) -> dict[str, Any]:
    """Widths that fit the versions table at 1366 px; a cut reason shows whole on a click."""
    widths = {"number": 64, "status": 90, "author": 110, "created": 125, "approver": 110, "reason": 120}
    columns = {t(f"ui.policy.versions.{name}", lang): st.column_config.Column(width=w) for name, w in widths.items()}
    segments = {t(f"ui.segment.{name}", lang).capitalize(): st.column_config.Column(width=140) for name in SEGMENTS}
    return columns | segments


def who(name: str | None, lang: str) -> str:
    """A member of staff by name; the product itself (version 1, written at the first start) in words."""
    if name == SYSTEM:
        return t("ui.policy.system", lang)
    return name or ""


def reason(view: PolicyVersionView, lang: str) -> str:
    """Why a version was written; version 1's reason is the product's, so it is translated."""
    return t("ui.policy.initial_reason", lang) if view.author == SYSTEM else view.reason


def _cutoff(view: PolicyVersionView, segment: str, lang: str) -> str:
    """A segment's cut-off in a few words, to fit a table's column: 'доля дефолтов ≤ 8,00 %'."""
    rules = view.body.segments.get(segment)
    if rules is None:
        return ""
    return f"{t(f'ui.policy.basis_short.{rules.cutoff.basis}', lang)} {share(rules.cutoff.value, lang, digits=2)}"


def timeline_table(events: Sequence[Activation], lang: str) -> pd.DataFrame:
    """Every activation, newest first."""
    return pd.DataFrame(
        {
            t("ui.policy.when", lang): [local_time(e.at, lang) for e in events],
            t("ui.policy.versions.number", lang): [e.number for e in events],
            t("ui.policy.event", lang): [t(f"ui.policy.kind.{e.kind}", lang) for e in events],
            t("ui.policy.by", lang): [who(e.by, lang) for e in events],
            t("ui.policy.versions.reason", lang): [
                t("ui.policy.kind.initial", lang) if e.by == SYSTEM else e.reason for e in events
            ],
        }
    )
