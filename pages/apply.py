"""The questionnaire: identity and the few answers the new-client model needs; the offer comes back at once."""

import hashlib
import logging
import uuid
from datetime import date

import streamlit as st

from core import DatabaseUnavailable, Decision, ModelUnavailable, score_application
from core.decisions.consent import CONSENT_VERSION, consent_text
from core.decisions.schema import (
    ADDRESS_CATEGORIES,
    CONSENT_FIELD,
    EDUCATION_LEVELS,
    IDENTITY_FIELDS,
    QUESTIONNAIRE_FIELDS,
    ValidationError,
)
from ui import cache, locale
from ui.answers import keep_answers
from ui.outcome import show_decision
from ui.startup import through_router
from ui.texts import language_switch, t

through_router()
lang = language_switch()


def submit() -> None:
    """Score the answers in the widgets; keep the decision or the problems for this screen."""
    fields = IDENTITY_FIELDS + QUESTIONNAIRE_FIELDS + (CONSENT_FIELD,)
    raw = {name: st.session_state.get(f"apply_{name}") for name in fields}
    if raw["car"] is not True:
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


def group_income() -> None:
    """Show the income as typed with thousands separators (85 000), once it reads as a number."""
    typed = str(st.session_state.get("apply_income") or "")
    digits = typed.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", "")
    if digits.isascii() and digits.isdigit():
        st.session_state["apply_income"] = locale.number(int(digits), lang)


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
    """The decision with its number, reasons and next step, or what to fix."""
    if problems:
        st.warning(t("ui.apply.fix_fields", lang), icon=":material/arrow_upward:")
    elif outcome == "unavailable":
        st.error(t("ui.apply.unavailable", lang), icon=":material/schedule:")
    elif outcome == "db_unavailable":
        st.warning(t("ui.apply.db_unavailable", lang), icon=":material/schedule:")
    elif isinstance(outcome, Decision):
        # A new container for each answer, so a previous answer never lingers while the next is computed.
        show_decision(outcome, lang, key=f"apply_decision_{st.session_state['apply_submissions']}")


st.title(t("ui.apply.title", lang))
st.caption(t("ui.apply.intro", lang))


@st.fragment
def questionnaire() -> None:
    """The questions and the answer: answering or submitting reruns this part of the screen only."""
    outcome = st.session_state.get("apply_outcome")
    problems = outcome.by_field(lang) if isinstance(outcome, ValidationError) else {}
    keep_answers("apply", [f"apply_{name}" for name in IDENTITY_FIELDS + QUESTIONNAIRE_FIELDS], lang)
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
    st.text_input(
        t("ui.apply.income", lang),
        key="apply_income",
        help=t("ui.apply.income.help", lang),
        placeholder=t("ui.apply.income.placeholder", lang),
        on_change=group_income,
        max_chars=20,
    )
    problem("income", problems)
    yes_no("good_work", problems)
    yes_no("car", problems)
    if st.session_state.get("apply_car") is True:
        yes_no("car_type", problems)  # asked only of car owners
    yes_no("foreign_passport", problems)
    for name in ("home_address", "work_address"):
        st.radio(
            t(f"ui.apply.{name}", lang),
            ADDRESS_CATEGORIES,
            index=None,
            format_func=lambda n: t("ui.apply.address.option", lang, n=n),
            help=t("ui.apply.address.help", lang),
            horizontal=True,
            key=f"apply_{name}",
        )
        problem(name, problems)
    st.caption(f"{consent_text(lang)} ({t('ui.apply.consent_version', lang, version=CONSENT_VERSION)})")
    st.checkbox(t("ui.apply.consent", lang), key="apply_consent")
    problem(CONSENT_FIELD, problems)
    st.button(t("ui.apply.submit", lang), type="primary", on_click=submit, key="apply_submit", width="stretch")

    show_answer(outcome, problems)


questionnaire()
