"""The applicant's outcome: the application number, the offer, the reasons, what happens next,
and on a decline the button that accepts the Starter card."""

from __future__ import annotations

import streamlit as st

from core import Decision
from core.decisions.offers import OfferNotAcceptable, accept_offer
from ui import cache
from ui.texts import t


def show_decision(decision: Decision, lang: str, key: str) -> None:
    """One decision as the applicant reads it, in its own bordered container."""
    with st.container(border=True, key=key):
        st.markdown(f"**{t('application.number', lang, number=decision.number)}**")
        if decision.referred:
            st.info(decision.offer_text(lang), icon=":material/schedule:")
        elif decision.approved:
            st.success(decision.offer_text(lang), icon=":material/celebration:")
        else:
            st.info(decision.offer_text(lang), icon=":material/credit_card:")
        if not decision.referred:
            st.markdown(t("ui.apply.approved_reasons" if decision.approved else "ui.apply.declined_reasons", lang))
            st.markdown("\n".join(f"- {reason}" for reason in decision.applicant_reasons(lang)))
        if decision.offer == "starter_card" and decision.offer_accepted_at is not None:
            st.success(t("offer.accepted", lang), icon=":material/check_circle:")
        else:
            st.caption(t(f"next.{decision.decision}", lang))
        if decision.offer == "starter_card" and decision.offer_accepted_at is None:
            st.button(t("ui.apply.accept_starter", lang), key="apply_accept", on_click=_accept, args=(decision.id,))


def _accept(application_id: int) -> None:
    try:
        st.session_state["apply_outcome"] = accept_offer(engine=cache.engine(), application_id=application_id)
    except OfferNotAcceptable:
        st.session_state["apply_outcome"] = "not_acceptable"
