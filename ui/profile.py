"""A client's profile as staff see it: identity, the bank's data, applications and PD over time."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from core.data import orm, repository, reviews
from core.decisions.review import review_state
from core.decisions.schema import age_on
from ui import cache, locale
from ui.charts import pd_history
from ui.decision_view import application_label, show_decision
from ui.format import application_cards, local_today, passport
from ui.plain import plain
from ui.texts import t

_BANK_FIELDS = ("decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time")
SHOWN_APPLICATIONS = 10  # newest first; the chart shows them all


def show_client(client_id: int, lang: str) -> None:
    """Draw the profile of client `client_id`."""
    with Session(cache.engine()) as session:
        client = session.get(orm.Client, client_id)
        if client is None:
            return
        applications = repository.client_applications(session=session, client_id=client_id, passport=client.passport)
        shown = applications[::-1][:SHOWN_APPLICATIONS]
        latest = reviews.latest_reviews(session=session, application_ids=[a.id for a in shown])
        cards = application_cards(shown, lang, {a.id: review_state(a, latest.get(a.id)) for a in shown})
        labels = {a.id: application_label(a, lang) for a in shown}
        chart = pd_history(applications, lang) if applications else None

    with st.container(border=True, key="client_profile"):
        st.subheader(plain(client.full_name))
        st.caption(t("ui.profile.client_no", lang, id=client.id))
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('ui.profile.identity', lang)}**")
            age = t("ui.profile.age", lang, age=age_on(client.birth_date, local_today()))
            st.markdown(f"{locale.day(client.birth_date, lang)} · {age}  \n{plain(passport(client.passport))}")
        with right:
            st.markdown(f"**{t('ui.col.region', lang)}**")
            st.markdown(
                f"{plain(client.region.name)}  \n{t('ui.profile.region_rating', lang, rating=client.region.rating)}"
            )
        st.markdown(f"**{t('ui.profile.bank_data', lang)}**")
        with st.container(horizontal=True):
            for name in _BANK_FIELDS:
                value = getattr(client, name)
                shown = locale.number(value, lang, digits=2 if isinstance(value, float) else 0)
                st.metric(t(f"ui.profile.{name}", lang), shown)

    st.subheader(t("ui.profile.applications", lang))
    if chart is None:
        st.caption(t("ui.profile.no_applications", lang))
        return
    st.plotly_chart(chart, key="client_pd_chart")
    if len(applications) > SHOWN_APPLICATIONS:
        st.caption(t("ui.profile.newest", lang, shown=SHOWN_APPLICATIONS, total=len(applications)))
    st.caption(t("ui.profile.arrows", lang))
    for heading, details in cards:
        with st.container(border=True):
            st.markdown(heading)
            st.caption(details)
    if st.session_state.get("profile_open") not in labels:
        st.session_state.pop("profile_open", None)  # another client's application
    chosen = st.selectbox(
        t("ui.profile.open", lang),
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder=t("ui.choose", lang),
        key="profile_open",
    )
    if chosen is not None:
        show_decision(chosen, lang, key="profile")
