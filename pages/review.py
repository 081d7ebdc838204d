"""Manual review: referred applications, oldest first; the analyst opens one, sees the whole
record and its linked applications, and approves (choosing the card), declines or asks for
documents, with a note."""

import streamlit as st
from sqlalchemy.orm import Session

from core.data import reviews
from core.decisions.review import OUTCOMES, REVIEW_OFFERS, ReviewError, decide
from ui import cache, locale
from ui.answers import keep_answers
from ui.decision_view import application_label, offer_label, queue_table, show_decision
from ui.format import review_label
from ui.session import require
from ui.texts import language_switch, t

PAGE_SIZE = 25

st.set_page_config(layout="wide")  # the record's tables are wide
lang = language_switch()
me = require("review")
state = st.session_state


def record_decision() -> None:
    """The analyst's decision, stored and audited in one transaction; the outcome shows on the next run."""
    application_id = state.get("review_open")
    outcome = state.get("review_outcome")
    try:
        with Session(cache.engine()) as session, session.begin():
            done = decide(
                session=session,
                application_id=application_id,
                reviewer=me.name,
                outcome=outcome,
                offer=state.get("review_offer") if outcome == "approved" else None,
                note=state.get("review_note", ""),
            )
            outcome_text = review_label(outcome, lang) + (f" · {offer_label(done.offer, lang)}" if done.offer else "")
    except ReviewError as refused:
        state["review_flash"] = ("error", refused.message(lang))
        return
    state["review_flash"] = ("success", t("ui.review.done", lang, id=application_id, outcome=outcome_text))
    state["review_note"] = ""
    if outcome != "documents":
        state.pop("review_open", None)  # it has left the queue


st.title(t("ui.review.title", lang))
if flash := state.pop("review_flash", None):
    (st.success if flash[0] == "success" else st.error)(flash[1])

page = state.get("review_page", 1)
with Session(cache.engine()) as session:
    queue, total = reviews.review_queue(session=session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    latest = reviews.latest_reviews(session=session, application_ids=[a.id for a in queue])
    table = queue_table(queue, latest, lang)
    labels = {a.id: application_label(a, lang) for a in queue}

if not total:
    st.info(t("ui.review.empty", lang), icon=":material/task_alt:")
    st.stop()
st.caption(t("ui.review.found", lang, n=locale.number(total, lang)))
st.dataframe(table, hide_index=True)
if total > PAGE_SIZE:
    st.pagination(-(-total // PAGE_SIZE), key="review_page", max_visible_pages=5)
if state.get("review_open") not in labels:
    state["review_open"] = next(iter(labels))  # the oldest waits longest: it comes first
keep_answers("review", ["review_open", "review_outcome", "review_offer"], lang)
chosen = st.selectbox(t("ui.review.open", lang), list(labels), format_func=labels.get, key="review_open")

case = show_decision(chosen, lang, key="review")
if case is None or not case.awaiting_review:
    st.stop()
with st.form("review_form", border=True):
    st.subheader(t("ui.review.form", lang))
    outcome_column, offer_column = st.columns(2)
    outcome_column.radio(
        t("ui.review.outcome", lang),
        OUTCOMES,
        format_func=lambda o: t(f"ui.review.outcome.{o}", lang),
        horizontal=True,
        key="review_outcome",
    )
    offer_column.selectbox(
        t("ui.review.offer", lang),
        REVIEW_OFFERS,
        format_func=lambda o: offer_label(o, lang),
        help=t("ui.review.offer.help", lang),
        key="review_offer",
    )
    st.text_area(
        t("ui.review.note", lang),
        placeholder=t("ui.review.note.placeholder", lang),
        max_chars=2000,
        key="review_note",
    )
    st.form_submit_button(t("ui.review.submit", lang), type="primary", on_click=record_decision, key="review_submit")
