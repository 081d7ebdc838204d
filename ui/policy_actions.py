"""The Policy page's actions: each change with its audit entry in one transaction, and a
simulation; their outcomes wait in the session's state for the next run to show."""

from __future__ import annotations

from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from core import staff
from core.decisions import policy_store
from core.decisions.cutoffs import CutoffUnavailable, measured_body
from core.decisions.policy_reports import drafted_body
from core.decisions.policy_rules import PolicyBody
from core.decisions.simulation_data import SimulationUnavailable, simulate
from ui import cache
from ui.texts import t

FLASH, RESULT = "policy_flash", "policy_sim"


def change(action: str, user: str, lang: str, **options: Any) -> None:
    """Save a draft (`draft`: active=, body=, reason=), approve one (`approve`: number=) or
    roll back (`rollback`), audited; a refusal is shown and nothing changes."""
    try:
        with Session(cache.engine()) as session, session.begin():
            if action == "draft":
                body = measured_body(drafted_body(options["active"], options["body"]), cache.store())
                view = policy_store.create_draft(session=session, author=user, reason=options["reason"], body=body)
            elif action == "approve":
                view = policy_store.approve(session=session, number=options["number"], approver=user)
            else:
                view = policy_store.rollback(session=session, by=user)
            staff.record_audit(
                session=session, user_name=user, action=f"policy_{action}", target=f"policy v{view.number}"
            )
        st.session_state[FLASH] = ("success", t(f"ui.policy.done.{action}", lang, number=view.number))
    except policy_store.PolicyError as refused:
        st.session_state[FLASH] = ("error", refused.message(lang))
    except CutoffUnavailable as error:
        st.session_state[FLASH] = ("error", t("ui.policy.unavailable", lang, error=str(error)))


def run_simulation(active: PolicyBody, body: dict[str, Any], segment: str, where: str, lang: str) -> None:
    """Simulate `body` against the active policy on `segment`; the result is shown under `where`."""
    settings = cache.settings()
    try:
        with Session(cache.engine()) as session, session.begin():  # keeps the decisions' inputs copied
            result = simulate(
                session=session,
                store=cache.store(),
                segment=segment,
                proposed=drafted_body(active, body),
                lgd=settings.loss_given_default,
                target_bad_rate=settings.target_bad_rate,
            )
        st.session_state[RESULT] = (where, result)
    except policy_store.PolicyError as refused:
        st.session_state[RESULT] = (where, refused.message(lang))
    except (SimulationUnavailable, CutoffUnavailable) as error:
        st.session_state[RESULT] = (where, t("ui.policy.unavailable", lang, error=str(error)))


def changed_segment(active: PolicyBody, draft: PolicyBody) -> str:
    """The first segment a draft changes (the one worth simulating), else the new-client one."""
    return next((name for name in draft.segments if draft.segments[name] != active.segments[name]), "new")
