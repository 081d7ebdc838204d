"""Recent decisions: what was decided, when and by which model, filtered by period, outcome,
segment, passport, name and PD; any row opens the whole decision record."""

from datetime import timedelta

import streamlit as st
from sqlalchemy.orm import Session

from core.data import repository, reviews
from core.decisions.review import review_state
from core.modelling.features import SEGMENTS
from ui import cache, locale
from ui.answers import ANY, keep_answers
from ui.decision_view import application_label, show_decision
from ui.format import day_bounds, decisions_columns, decisions_table, local_today
from ui.session import require
from ui.texts import language_switch, t

PAGE_SIZE = 50
# Each outcome the filter offers, as (automatic decision, reviewed) for the query.
OUTCOMES = {
    "premium": ("premium", None),
    "alternative": ("alternative", None),
    "referred": ("referred", None),
    "awaiting_review": (None, False),
    "reviewed": (None, True),
}

lang = language_switch()
require("decisions")
st.title(t("ui.decisions.title", lang))


def restart() -> None:
    st.session_state.pop("decisions_page", None)  # back to the first page


today = local_today()
keep_answers("decisions", ["decisions_outcome", "decisions_segment", "decisions_open"], lang)
with st.form("decisions_filters"):
    period_column, outcome_column, segment_column = st.columns([2, 1, 1])
    period = period_column.date_input(
        t("ui.decisions.period", lang),
        value=(today - timedelta(days=6), today),
        format=locale.date_mask(lang),
        key="decisions_period",
    )
    outcome = outcome_column.selectbox(
        t("ui.decisions.outcome", lang),
        [ANY, *OUTCOMES],
        format_func=lambda o: t(f"ui.decisions.outcome.{o}", lang) if o else t("ui.any", lang),
        key="decisions_outcome",
    )
    segment = segment_column.selectbox(
        t("ui.decisions.segment", lang),
        [ANY, *SEGMENTS],
        format_func=lambda s: t(f"ui.segment.{s}", lang) if s else t("ui.any", lang),
        key="decisions_segment",
    )
    passport_column, name_column, pd_column = st.columns([1, 1, 2])
    passport = passport_column.text_input(
        t("ui.decisions.passport", lang), max_chars=20, placeholder="0000 000000", key="decisions_passport"
    )
    name = name_column.text_input(t("ui.decisions.name", lang), max_chars=200, key="decisions_name")
    pd_low, pd_high = pd_column.slider(
        t("ui.decisions.pd_range", lang), 0, 100, (0, 100), format="%d %%", key="decisions_pd"
    )
    st.form_submit_button(t("ui.decisions.show", lang), on_click=restart, key="decisions_show")

first, last = (period[0], period[-1]) if period else (today, today)
since, until = day_bounds(first, last)
decision, reviewed = OUTCOMES[outcome] if outcome else (None, None)
page = st.session_state.get("decisions_page", 1)
with Session(cache.engine()) as session:
    rows, total = repository.recent_decisions(
        session=session,
        since=since,
        until=until,
        decision=decision,
        segment=segment or None,
        passport=passport.strip() or None,
        name=name.strip() or None,
        pd_range=None if (pd_low, pd_high) == (0, 100) else (pd_low / 100, pd_high / 100),
        reviewed=reviewed,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    latest = reviews.latest_reviews(session=session, application_ids=[a.id for a in rows])
    table = decisions_table(rows, lang, {a.id: review_state(a, latest.get(a.id)) for a in rows})
    labels = {a.id: application_label(a, lang) for a in rows}

if not total:
    st.info(t("ui.decisions.none", lang), icon=":material/filter_alt_off:")
    st.stop()
period_shown = f"{locale.day(first, lang)} – {locale.day(last, lang)}"
st.caption(f"{t('ui.decisions.found', lang, n=locale.number(total, lang))} · {period_shown}")
st.dataframe(table, hide_index=True, column_config=decisions_columns(lang))
if total > PAGE_SIZE:
    st.pagination(-(-total // PAGE_SIZE), key="decisions_page", max_visible_pages=5)
if st.session_state.get("decisions_open") not in labels:
    st.session_state.pop("decisions_open", None)  # the filters changed: it is not on this page
chosen = st.selectbox(
    t("ui.decisions.open", lang),
    list(labels),
    index=0 if total == 1 else None,
    format_func=labels.get,
    placeholder=t("ui.choose", lang),
    key="decisions_open",
)
if chosen is not None:
    show_decision(chosen, lang, key="decisions")
