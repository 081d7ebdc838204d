"""The Monitoring page's panels: alerts, volumes, stability, performance, the challenger, fairness."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

import pandas as pd
import streamlit as st

from core.data.columns import EDUCATION_CODES
from core.modelling import challengers
from core.monitoring.alerts import Alert
from core.monitoring.challenger import ShadowComparison
from core.monitoring.fairness import FAIR_LINE, FairnessReport
from core.monitoring.reference import Bins
from core.monitoring.report import Monitoring, PeriodReport
from core.monitoring.stability import band
from ui import cache, locale, tables
from ui import monitoring_charts as charts
from ui import monitoring_data as data
from ui.format import local_today, percent
from ui.texts import UI, t

YES_NO_INPUTS = ("good_work", "car", "car_type", "foreign_passport")
_SHOWN_ALERTS = 5
_DISTRIBUTIONS = 6  # inputs whose distributions are drawn, highest PSI first
LIVE_DAYS = 90  # the live evidence shown when promoting
# The performance table's ten columns in the page's 900 px at 1366: period, counts, AUROC, KS, rates.
_PERFORMANCE_WIDTHS = (96, 72, 72, 84, 90, 56, 112, 112, 104, 100)


def _date(period: PeriodReport, lang: str) -> str:
    return locale.day(period.period, lang)


def _share(value: float | None, lang: str) -> str:
    return "—" if value is None or pd.isna(value) else percent(value, lang)


def _number(value: float | None, lang: str, digits: int = 3) -> str:
    return "—" if value is None or pd.isna(value) else locale.number(value, lang, digits=digits)


def _figures(values: Iterable[float | None]) -> pd.Series:
    """Figures as numbers, so the table sorts by them (`_show` writes them in the language)."""
    return pd.Series([float("nan") if v is None else float(v) for v in values], dtype=float)


def _show(
    table: pd.DataFrame,
    lang: str,
    key: str,
    *,
    shares: Iterable[str] = (),
    counts: Iterable[str] = (),
    widths: Mapping[str, int] | None = None,
) -> None:
    """A table whose figures sort as numbers and read as the language writes them: `shares` as
    percentages, `counts` whole, every other number column to three decimals. Columns given
    `widths` (to fit the page) tell their whole heading on hover."""
    formats: dict[str, tables.Formatter] = {
        column: tables.digits(3, lang) for column in table.columns if pd.api.types.is_float_dtype(table[column])
    }
    formats |= dict.fromkeys(shares, tables.share(lang)) | dict.fromkeys(counts, tables.whole(lang))
    config = {name: st.column_config.Column(width=width, help=name) for name, width in (widths or {}).items()}
    st.dataframe(
        tables.localized(table, formats), hide_index=True, column_config=config, placeholder=tables.DASH, key=key
    )


def alerts_banner(found: Sequence[Alert], lang: str) -> None:
    """A banner of the alerts (worst first), when there are any."""
    if not found:
        return
    lines = [
        t(
            f"ui.monitoring.alert.{a.kind}",
            lang,
            period=locale.day(a.period, lang),
            subject=charts.input_name(a.subject, lang),
            value=_share(a.value, lang) if a.kind == "bad_rate" else _number(a.value, lang, digits=2),
            limit=_share(a.limit, lang),
        )
        for a in found[:_SHOWN_ALERTS]
    ]
    if len(found) > _SHOWN_ALERTS:
        lines.append(t("ui.monitoring.more_alerts", lang, n=len(found) - _SHOWN_ALERTS))
    severe = any(a.kind != "psi_watch" for a in found)
    text = f"**{t('ui.monitoring.alerts', lang)}**  \n" + "  \n".join(lines)
    (st.error if severe else st.warning)(text, icon=":material/notification_important:")


def overview(result: Monitoring, lang: str) -> None:
    """Headline figures, volumes and rates per period, and the PD distribution against the reference."""
    periods = result.periods
    n = sum(p.n for p in periods)
    approved = sum((p.approval_rate or 0) * p.n for p in periods) / n
    mean_pd = sum((p.mean_pd or 0) * p.n for p in periods) / n
    cols = st.columns(4)
    cols[0].metric(t("ui.monitoring.metric.decisions", lang), locale.number(n, lang))
    cols[1].metric(t("ui.monitoring.metric.approval", lang), percent(approved, lang))
    cols[2].metric(t("ui.monitoring.metric.mean_pd", lang), percent(mean_pd, lang))
    cols[3].metric(t("ui.monitoring.metric.psi", lang), _number(periods[-1].psi.get("score"), lang))
    left, right = st.columns(2)
    left.plotly_chart(charts.volumes(periods, lang), key="monitoring_volumes")
    if result.reference is not None:
        last = periods[-1]
        figure = charts.distribution(
            _pd_labels(result.reference.score, lang),
            result.reference.score.shares,
            last.distributions["score"],
            title=t("ui.monitoring.chart.pd_distribution", lang),
            period=_date(last, lang),
            x=t("ui.monitoring.axis.pd_bin", lang),
            lang=lang,
            height=380,  # beside the volumes chart, the same height
        )
        right.plotly_chart(figure, key="monitoring_pd_distribution")
    rates = {
        "approval": [p.approval_rate for p in periods],
        "refer": [p.refer_rate for p in periods],
        "knockout": [p.knockout_rate for p in periods],
        "mean_pd": [p.mean_pd for p in periods],
    }
    shares = {t(f"ui.monitoring.col.{name}", lang): _figures(values) for name, values in rates.items()}
    table = pd.DataFrame(
        {
            t("ui.monitoring.col.period", lang): [_date(p, lang) for p in periods],
            t("ui.monitoring.col.n", lang): [p.n for p in periods],
            **shares,
        }
    )
    _show(table, lang, "monitoring_volumes_table", shares=shares, counts=[t("ui.monitoring.col.n", lang)])


def stability(result: Monitoring, lang: str) -> None:
    """PSI per period, the inputs ranked by PSI in the last period, and their distributions."""
    ref = result.reference
    if ref is None:
        st.info(t("ui.monitoring.no_reference", lang), icon=":material/info:")
        return
    periods, last = result.periods, result.periods[-1]
    st.caption(t("ui.monitoring.psi_note", lang, n=locale.number(ref.n_rows, lang)))
    ranked = sorted((k for k in last.psi if k != "score"), key=lambda k: -(last.psi[k] or 0))
    st.plotly_chart(charts.psi_lines(periods, ["score", *ranked[:4]], lang), key="monitoring_psi_lines")
    st.subheader(t("ui.monitoring.ranked", lang, period=_date(last, lang)))
    names = ["score", *ranked]
    table = pd.DataFrame(
        {
            t("ui.monitoring.col.input", lang): [charts.input_name(k, lang) for k in names],
            t("ui.monitoring.col.psi", lang): _figures(last.psi.get(k) for k in names),
            t("ui.monitoring.col.band", lang): [t(f"ui.monitoring.band.{band(last.psi.get(k))}", lang) for k in names],
            **{_date(p, lang): _figures(p.psi.get(k) for k in names) for p in periods[-6:-1]},
        }
    )
    _show(table, lang, "monitoring_psi_table")
    columns = st.columns(3)
    for i, name in enumerate(ranked[:_DISTRIBUTIONS]):
        bins = ref.inputs[name]
        figure = charts.distribution(  # a third of the page: the title names the input, the legend the rest
            bin_labels(name, bins.labels, lang),
            bins.shares,
            last.distributions[name],
            period=f"{_date(last, lang)} · PSI {_number(last.psi[name], lang)}",
            x=t("ui.monitoring.axis.bin", lang),
            title=charts.input_name(name, lang),
            lang=lang,
        )
        columns[i % 3].plotly_chart(figure, key=f"monitoring_distribution_{name}")


def performance(result: Monitoring, target: float, lang: str) -> None:
    """Realised performance by vintage beside the estimate, the bad rate against the target, calibration."""
    periods = result.periods
    st.caption(t("ui.monitoring.estimate_note", lang))
    if not any(p.n_outcomes for p in periods):
        st.info(t("ui.monitoring.no_outcomes", lang), icon=":material/hourglass_top:")
    rates = {
        "bad_rate": [p.bad_rate for p in periods],
        "estimated_bad_rate": [p.estimated_bad_rate for p in periods],
        "mean_pd_outcomes": [p.mean_pd_outcomes for p in periods],
        "observed": [p.observed_rate for p in periods],
    }
    shares = {t(f"ui.monitoring.col.{name}", lang): _figures(values) for name, values in rates.items()}
    table = pd.DataFrame(
        {
            t("ui.monitoring.col.period", lang): [_date(p, lang) for p in periods],
            t("ui.monitoring.col.n", lang): [p.n for p in periods],
            t("ui.monitoring.col.n_outcomes", lang): [p.n_outcomes for p in periods],
            t("ui.monitoring.col.auroc", lang): _figures(p.auroc for p in periods),
            t("ui.monitoring.col.estimated_auroc", lang): _figures(p.estimated_auroc for p in periods),
            t("ui.monitoring.col.ks", lang): _figures(p.ks for p in periods),
            **shares,
        }
    )
    counts = [t(f"ui.monitoring.col.{name}", lang) for name in ("n", "n_outcomes")]
    widths = dict(zip(table.columns, _PERFORMANCE_WIDTHS, strict=True))
    _show(table, lang, "monitoring_performance_table", shares=shares, counts=counts, widths=widths)
    left, right = st.columns(2)
    left.plotly_chart(charts.auroc(periods, lang), key="monitoring_auroc")
    right.plotly_chart(charts.bad_rate(periods, target, lang), key="monitoring_bad_rate")
    if result.calibration:
        left.plotly_chart(charts.calibration(result.calibration, lang), key="monitoring_calibration")


def shadow(comparison: ShadowComparison, cut: float, lang: str) -> None:
    """Champion against challenger on live traffic."""
    if not comparison.n:
        st.info(t("ui.monitoring.challenger.no_scores", lang), icon=":material/hourglass_top:")
        return
    cols = st.columns(4)
    cols[0].metric(t("ui.monitoring.challenger.n", lang), locale.number(comparison.n, lang))
    cols[1].metric(t("ui.monitoring.challenger.correlation", lang), _number(comparison.correlation, lang))
    cols[2].metric(t("ui.monitoring.challenger.swap_in", lang), locale.number(comparison.challenger_only, lang))
    cols[3].metric(t("ui.monitoring.challenger.swap_out", lang), locale.number(comparison.champion_only, lang))
    st.caption(t("ui.monitoring.challenger.swap_note", lang, cut=_share(cut, lang)))
    rows = comparison.periods
    shares = {
        t(f"ui.monitoring.challenger.col.{who}_pd", lang): _figures(r[f"{who}_mean_pd"] for r in rows)
        for who in ("champion", "challenger")
    }
    table = pd.DataFrame(
        {
            t("ui.monitoring.col.period", lang): [locale.day(r["period"], lang) for r in rows],
            t("ui.monitoring.col.n", lang): [r["n"] for r in rows],
            **shares,
            t("ui.monitoring.challenger.col.champion_auroc", lang): _figures(r.get("champion_auroc") for r in rows),
            t("ui.monitoring.challenger.col.challenger_auroc", lang): _figures(r.get("challenger_auroc") for r in rows),
        }
    )
    _show(table, lang, "monitoring_shadow_table", shares=shares, counts=[t("ui.monitoring.col.n", lang)])


def live_evidence(segment: str, cut: float, lang: str) -> None:
    """The segment's shadow challenger against its champion on live traffic, if one is named:
    the live evidence beside the out-of-fold comparison when promoting."""
    entry = challengers.challenger_entry(cache.store(), segment)
    if entry is None:
        return
    today = local_today()
    comparison = data.shadow(segment, today - timedelta(days=LIVE_DAYS), today, "month")
    with st.expander(t("ui.monitoring.challenger.evidence", lang, version=entry["version"], days=LIVE_DAYS)):
        shadow(comparison, cut, lang)


def fairness(report: FairnessReport | None, title: str, lang: str, key: str) -> None:
    """One fairness report: per-group figures, the adverse impact ratio, and other cut-offs."""
    st.subheader(title)
    if report is None:
        st.info(t("ui.monitoring.fairness.none", lang), icon=":material/info:")
        return
    groups = report.groups
    air = report.adverse_impact_ratio
    st.metric(t("ui.monitoring.fairness.air", lang), _number(air, lang, digits=2))
    if air is not None and air < FAIR_LINE:
        st.warning(t("ui.monitoring.fairness.below", lang), icon=":material/balance:")
    rates = {"approval": "approval_rate", "mean_pd": "mean_pd", "observed": "observed_rate"}
    shares = {t(f"ui.monitoring.col.{name}", lang): _figures(groups[column].tolist()) for name, column in rates.items()}
    table = pd.DataFrame(
        {
            t("ui.monitoring.fairness.col.group", lang): [group_name(g, lang) for g in groups["group"]],
            t("ui.monitoring.fairness.col.n", lang): groups["n"].astype(int).tolist(),
            **shares,
            "AUROC": _figures(groups["auroc"].tolist()),
        }
    )
    _show(table, lang, f"{key}_groups", shares=shares, counts=[t("ui.monitoring.fairness.col.n", lang)])
    st.caption(t("ui.monitoring.fairness.cutoffs", lang, cut=_share(report.threshold, lang)))
    air_name = t("ui.monitoring.fairness.air", lang)
    names = {"cutoff": t("ui.monitoring.fairness.col.cutoff", lang), "adverse_impact_ratio": air_name}
    cutoffs = report.cutoffs.rename(columns=lambda column: names.get(column) or group_name(column, lang))
    cutoffs = cutoffs.apply(lambda column: _figures(column.tolist()))
    shares = [column for column in cutoffs.columns if column != air_name]
    _show(cutoffs, lang, f"{key}_cutoffs", shares=shares)


def bin_labels(name: str, labels: Sequence[str], lang: str) -> list[str]:
    """An input's bins as staff read them: education by its level ('Высшее', not its code 2),
    a yes/no input as yes and no; other bins (ranges, categories 1-3) as they are."""
    words = {}
    if name == "education":
        words = {str(code): t(f"ui.apply.education.{level}", lang) for level, code in EDUCATION_CODES.items()}
    elif name in YES_NO_INPUTS:
        words = {"0": t("ui.no", lang).lower(), "1": t("ui.yes", lang).lower()}
    return [words.get(label, label) for label in labels]


def group_name(group: object, lang: str) -> str:
    """A fairness group in words: the sexes by name ('Женщины', not 'F'); age bands as they are."""
    key = f"ui.monitoring.fairness.group.{group}"
    return t(key, lang) if key in UI else str(group)


def _pd_labels(bins: Bins, lang: str) -> list[str]:
    """The PD bins' names as the page's language writes shares ('< 5,1 %', '5,1 %–7,1 %'); the
    reference stores them once, in no particular language."""
    if not bins.labels or not bins.labels[0].startswith("<"):
        return list(bins.labels)  # a few distinct PDs, each its own bin: named by value
    bounds = [locale.share(edge, lang) for edge in bins.edges]
    inner = [f"{low}–{high}" for low, high in itertools.pairwise(bounds)]
    return [f"< {bounds[0]}", *inner, f"≥ {bounds[-1]}", *bins.labels[len(bounds) + 1 :]]
