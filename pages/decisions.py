"""Recent decisions: what was decided, when and by which model, filtered by period, decision and segment."""

from datetime import timedelta

import streamlit as st
from sqlalchemy.orm import Session

from core.data import repository
from core.decisions.policy import OFFERS
from core.modelling.features import SEGMENTS
from ui import cache, locale
from ui.answers import keep_answers
from ui.format import day_bounds, decisions_table, local_today
from ui.session import require
from ui.texts import language_switch, t

PAGE_SIZE = 50
ANY = ""  # the "any" choice of a filter: a value, unlike None, so that a language switch keeps it

lang = language_switch()
require("decisions")
st.title(t("ui.decisions.title", lang))


def restart() -> None:
    st.session_state.pop("decisions_page", None)  # back to the first page


today = local_today()
keep_answers("decisions", ["decisions_decision", "decisions_segment"], lang)  # "Any" in the new language
with st.form("decisions_filters"):
    period_column, decision_column, segment_column = st.columns([2, 1, 1])
    period = period_column.date_input(
        t("ui.decisions.period", lang),
        value=(today - timedelta(days=6), today),
        format=locale.date_mask(lang),
        key="decisions_period",
    )
    decision = (
        decision_column.selectbox(
            t("ui.decisions.decision", lang),
            [ANY, *OFFERS],
            format_func=lambda d: t("ui.any", lang) if d == ANY else t(f"ui.decision.{d}", lang),
            key="decisions_decision",
        )
        or None
    )  # ANY: no filter
    segment = (
        segment_column.selectbox(
            t("ui.decisions.segment", lang),
            [ANY, *SEGMENTS],
            format_func=lambda s: t("ui.any", lang) if s == ANY else t(f"ui.segment.{s}", lang),
            key="decisions_segment",
        )
        or None
    )
    st.form_submit_button(t("ui.decisions.show", lang), on_click=restart, key="decisions_show")

first, last = (period[0], period[-1]) if period else (today, today)
since, until = day_bounds(first, last)
page = st.session_state.get("decisions_page", 1)
with Session(cache.engine()) as session:
    rows, total = repository.recent_decisions(
        session=session,
        since=since,
        until=until,
        decision=decision,
        segment=segment,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    table = decisions_table(rows, lang)

if not total:
    st.info(t("ui.decisions.none", lang), icon=":material/filter_alt_off:")
    st.stop()
period_shown = f"{locale.day(first, lang)} – {locale.day(last, lang)}"
st.caption(f"{t('ui.decisions.found', lang, n=locale.number(total, lang))} · {period_shown}")
st.dataframe(table, hide_index=True)
if total > PAGE_SIZE:
    st.pagination(-(-total // PAGE_SIZE), key="decisions_page", max_visible_pages=5)
