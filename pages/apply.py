"""The questionnaire: identity and the few answers the new-client model needs; the offer comes back at once."""

import hashlib
import logging
import uuid
from datetime import date

import streamlit as st

from core import DatabaseUnavailable, Decision, ModelUnavailable, score_application
from core.decisions.schema import (
    ADDRESS_CATEGORIES,
    EDUCATION_LEVELS,
    IDENTITY_FIELDS,
    QUESTIONNAIRE_FIELDS,
    ValidationError,
)
from ui import cache
from ui.startup import through_router
from ui.texts import language_switch, t

through_router()
lang = language_switch()


def submit() -> None:
    """Score the answers in the form's widgets; keep the decision or the problems for this screen."""
    raw = {name: st.session_state.get(f"apply_{name}") for name in IDENTITY_FIELDS + QUESTIONNAIRE_FIELDS}
    if raw["car"] is False and raw["car_type"] is None:
        raw["car_type"] = False  # the make is only asked of car owners
    try:
        outcome: object = score_application(
            raw, engine=cache.engine(), store=cache.store(), lang=lang, idempotency_key=submission_key(raw)
        )
    except ValidationError as problems:
        outcome = problems
    except ModelUnavailable:
        logging.getLogger(__name__).exception("no model to score with")
        outcome = "unavailable"
    except DatabaseUnavailable:
        logging.getLogger(__name__).exception("database unavailable; the applicant may press again")
        outcome = "db_unavailable"
    st.session_state["apply_outcome"] = outcome
    st.session_state["apply_submissions"] = st.session_state.get("apply_submissions", 0) + 1


def submission_key(raw: dict[str, object]) -> str:
    """This form's key for these answers: pressing again (a lost answer, a double click) returns
    the stored decision; changed answers are a new application."""
    form = st.session_state.setdefault("apply_form_id", uuid.uuid4().hex)
    answers = hashlib.sha256(repr(sorted(raw.items())).encode()).hexdigest()[:32]
    return f"form-{form}-{answers}"


def problem(name: str, problems: dict[str, str]) -> None:
    """The field's problem, right under the field."""
    if name in problems:
        st.error(problems[name], icon=":material/error:")


def yes_no(name: str, problems: dict[str, str], **options: object) -> None:
    st.radio(
        t(f"ui.apply.{name}", lang),
        (True, False),
        index=None,
        format_func=lambda answer: t("ui.yes" if answer else "ui.no", lang),
        horizontal=True,
        key=f"apply_{name}",
        **options,
    )
    problem(name, problems)


def show_answer(outcome: object, problems: dict[str, str]) -> None:
    """The decision with its reasons, or what to fix."""
    if problems:
        st.warning(t("ui.apply.fix_fields", lang), icon=":material/arrow_upward:")
    elif outcome == "unavailable":
        st.error(t("ui.apply.unavailable", lang), icon=":material/schedule:")
    elif outcome == "db_unavailable":
        st.warning(t("ui.apply.db_unavailable", lang), icon=":material/schedule:")
    elif isinstance(outcome, Decision):
        # A new container for each answer, so a previous answer never lingers while the next is computed.
        with st.container(border=True, key=f"apply_decision_{st.session_state['apply_submissions']}"):
            if outcome.approved:
                st.success(outcome.offer_text(lang), icon=":material/celebration:")
            else:
                st.info(outcome.offer_text(lang), icon=":material/credit_card:")
            st.markdown(t("ui.apply.approved_reasons" if outcome.approved else "ui.apply.declined_reasons", lang))
            st.markdown("\n".join(f"- {reason}" for reason in outcome.applicant_reasons(lang)))


st.title(t("ui.apply.title", lang))
st.caption(t("ui.apply.intro", lang))


@st.fragment
def questionnaire() -> None:
    """The form and its answer: a submission reruns this part of the screen only."""
    outcome = st.session_state.get("apply_outcome")
    problems = outcome.by_field(lang) if isinstance(outcome, ValidationError) else {}
    with st.form("apply_form", enter_to_submit=False):
        st.subheader(t("ui.apply.about_you", lang))
        st.text_input(
            t("ui.apply.full_name", lang),
            key="apply_full_name",
            help=t("ui.apply.full_name.help", lang),
            placeholder=t("ui.apply.full_name.placeholder", lang),
            autocomplete="name",
            max_chars=200,
        )
        problem("full_name", problems)
        left, right = st.columns(2)
        with left:
            today = date.today()
            st.date_input(
                t("ui.apply.birth_date", lang),
                value=None,
                min_value=date(today.year - 120, 1, 1),
                max_value=today,
                format="DD.MM.YYYY",
                key="apply_birth_date",
            )
            problem("birth_date", problems)
        with right:
            st.text_input(
                t("ui.apply.passport", lang),
                key="apply_passport",
                help=t("ui.apply.passport.help", lang),
                placeholder=t("ui.apply.passport.placeholder", lang),
                max_chars=20,
            )
            problem("passport", problems)
        st.selectbox(
            t("ui.apply.region", lang),
            cache.region_names(),
            index=None,
            placeholder=t("ui.choose", lang),
            key="apply_region",
        )
        problem("region", problems)
        st.selectbox(
            t("ui.apply.education", lang),
            EDUCATION_LEVELS,
            index=None,
            format_func=lambda level: t(f"ui.apply.education.{level}", lang),
            placeholder=t("ui.choose", lang),
            key="apply_education",
        )
        problem("education", problems)

        st.subheader(t("ui.apply.about_life", lang))
        st.number_input(
            t("ui.apply.income", lang), value=None, step=1_000, help=t("ui.apply.income.help", lang), key="apply_income"
        )
        problem("income", problems)
        yes_no("good_work", problems)
        left, right = st.columns(2)
        with left:
            yes_no("car", problems)
        with right:
            yes_no("car_type", problems, help=t("ui.apply.car_type.help", lang))
        yes_no("foreign_passport", problems)
        left, right = st.columns(2)
        for column, name in ((left, "home_address"), (right, "work_address")):
            with column:
                st.radio(
                    t(f"ui.apply.{name}", lang),
                    ADDRESS_CATEGORIES,
                    index=None,
                    format_func=lambda n: t("ui.apply.address.option", lang, n=n),
                    help=t("ui.apply.address.help", lang),
                    key=f"apply_{name}",
                )
                problem(name, problems)
        st.form_submit_button(
            t("ui.apply.submit", lang), type="primary", on_click=submit, key="apply_submit", width="stretch"
        )

    show_answer(outcome, problems)


questionnaire()
