"""Monitoring: a segment's decisions per week or month: volumes and rates, stability against the
champion's training data, realised and estimated performance, the shadow challenger, fairness."""

import streamlit as st

from core import staff
from core.modelling import challengers
from core.modelling.comparison import PromotionRefused
from core.modelling.features import SEGMENTS
from ui import cache, locale, monitoring_views
from ui import monitoring_data as data
from ui.answers import keep_answers, tabs
from ui.experiment_views import family_name
from ui.format import local_today, start_of_month
from ui.session import audit, require
from ui.texts import language_switch, t

lang = language_switch()
user = require("monitoring")
st.title(t("ui.monitoring.title", lang))

today = local_today()
keep_answers("monitoring", ["monitoring_segment", "monitoring_by"], lang)
with st.form("monitoring_filters"):
    segment_column, period_column, by_column = st.columns([1, 2, 1])
    segment = segment_column.selectbox(
        t("ui.monitoring.segment", lang),
        SEGMENTS,
        format_func=lambda s: t(f"ui.segment.{s}", lang),
        key="monitoring_segment",
    )
    period = period_column.date_input(
        t("ui.monitoring.period", lang),
        value=(start_of_month(today, months_back=3), today),
        format=locale.date_mask(lang),
        key="monitoring_period",
    )
    by = by_column.segmented_control(
        t("ui.monitoring.by", lang),
        ["week", "month"],
        default="month",
        required=True,
        format_func=lambda b: t(f"ui.monitoring.by.{b}", lang),
        key="monitoring_by",
    )
    st.form_submit_button(t("ui.monitoring.show", lang), key="monitoring_show")

first, last = (period[0], period[-1]) if period else (today, today)
result, found = data.monitoring(segment, first, last, by or "month")
if not result.periods:
    st.info(t("ui.monitoring.none", lang), icon=":material/filter_alt_off:")
    st.stop()
monitoring_views.alerts_banner(found, lang)
store = cache.store()
champion = store.champion_version(segment)
names = ("overview", "stability", "performance", "challenger", "fairness")
overview_tab, stability_tab, performance_tab, challenger_tab, fairness_tab = tabs(
    {name: t(f"ui.monitoring.tab.{name}", lang) for name in names}, key="monitoring_tab"
)
with overview_tab:
    monitoring_views.overview(result, lang)
with stability_tab:
    monitoring_views.stability(result, lang)
with performance_tab:
    monitoring_views.performance(result, cache.settings().target_bad_rate, lang)
with challenger_tab:
    entry = challengers.challenger_entry(store, segment)
    if entry is None:
        st.info(t("ui.monitoring.challenger.none", lang), icon=":material/info:")
    else:
        family = family_name(store.meta(segment, entry["version"]).family, lang)
        st.markdown(
            t("ui.monitoring.challenger.current", lang, version=entry["version"], family=family, by=entry["by"])
        )
        cut = store.meta(segment, champion).threshold if champion else 0.0
        monitoring_views.shadow(data.shadow(segment, first, last, by or "month"), cut, lang)
    if staff.may_open(user.role, "experiments"):  # data scientists and admins name challengers
        st.subheader(t("ui.monitoring.challenger.name", lang))
        versions = [m for m in reversed(store.versions(segment)) if m.version != champion]
        chosen = st.selectbox(
            t("ui.monitoring.challenger.version", lang),
            [m.version for m in versions],
            index=None,
            format_func=lambda v: f"{v} · {family_name(store.meta(segment, v).family, lang)}",
            placeholder=t("ui.choose" if versions else "ui.nothing_to_choose", lang),
            key="monitoring_challenger_version",
        )
        left, right = st.columns(2)
        if left.button(
            t("ui.monitoring.challenger.set", lang), disabled=chosen is None, key="monitoring_challenger_set"
        ):
            try:
                challengers.set_challenger(store, segment, chosen, by=user.name)
            except (PromotionRefused, LookupError) as error:
                st.error(str(error), icon=":material/block:")
            else:
                audit("challenger_named", target=f"{segment}:{chosen}")
                data.clear()
                st.rerun()
        if entry is not None and right.button(
            t("ui.monitoring.challenger.clear", lang), key="monitoring_challenger_clear"
        ):
            challengers.clear_challenger(store, segment)
            audit("challenger_cleared", target=f"{segment}:{entry['version']}")
            data.clear()
            st.rerun()
with fairness_tab:
    st.caption(t("ui.monitoring.fairness.note", lang))
    # One report under the other: side by side, their tables scrolled sideways at 1366 px.
    monitoring_views.fairness(
        data.history_fairness(segment, champion), t("ui.monitoring.fairness.history", lang), lang, "fairness_history"
    )
    monitoring_views.fairness(
        data.live_fairness(segment, first, last), t("ui.monitoring.fairness.live", lang), lang, "fairness_live"
    )
