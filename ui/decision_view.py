"""One application as staff see it: the whole decision record, the staff decisions on it, and
the applications linked to it. Recent decisions, the review queue and a client's profile all
open an application with `show_decision`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from sqlalchemy.orm import Session

from core.data.orm import Application, ApplicationReview
from core.data.reviews import latest_reviews
from core.decisions.explanations import reason_text, staff_contributions
from core.decisions.review import Case, ReviewError, identity_text, referral_texts, review_case, review_state
from core.i18n import MESSAGES
from ui import cache, locale, tables
from ui.answers import tabs
from ui.format import local_time, passport, percent, review_label
from ui.plain import plain
from ui.session import audit
from ui.texts import UI, t


def referral_label(code: str, lang: str) -> str:
    """A referral reason in a few words, for tables."""
    key = f"ui.referral.{code}"
    return t(key, lang) if key in UI else code


def offer_label(offer: str | None, lang: str) -> str:
    """A card by its name."""
    return t(f"ui.offer.{offer}", lang) if offer else ""


def application_label(a: Application, lang: str) -> str:
    """An application in one line, for choosing it from a list."""
    parts = [f"№ {a.id}", local_time(a.created_at, lang), a.full_name, t(f"ui.decision.{a.decision}", lang)]
    return " · ".join(part for part in parts if part)  # a replayed demo application has no name


def linked_table(applications: Sequence[Application], states: Mapping[int, str | None], lang: str) -> Styler:
    """Applications with their decision and where their review stands."""
    frame = pd.DataFrame(
        {
            t("ui.col.application", lang): [a.id for a in applications],
            t("ui.col.time", lang): [local_time(a.created_at, lang) for a in applications],
            t("ui.col.name", lang): [a.full_name or "" for a in applications],
            t("ui.col.birth_date", lang): [locale.day(a.birth_date, lang) for a in applications],
            t("ui.col.passport", lang): [passport(a.passport) for a in applications],
            t("ui.col.decision", lang): [t(f"ui.decision.{a.decision}", lang) for a in applications],
            t("ui.col.pd", lang): [a.pd for a in applications],
            t("ui.col.review", lang): [review_label(states.get(a.id), lang) for a in applications],
        }
    )
    return tables.localized(frame, {t("ui.col.pd", lang): tables.share(lang)})


def queue_table(queue: Sequence[Application], latest: Mapping[int, ApplicationReview], lang: str) -> Styler:
    """The review queue: when each application came, whose it is, why it was referred, where it stands."""
    frame = pd.DataFrame(
        {
            t("ui.col.application", lang): [a.id for a in queue],
            t("ui.col.received", lang): [local_time(a.created_at, lang) for a in queue],
            t("ui.col.name", lang): [a.full_name or "" for a in queue],
            t("ui.col.passport", lang): [passport(a.passport) for a in queue],
            t("ui.col.why", lang): [", ".join(referral_label(c, lang) for c in a.referral_reasons) for a in queue],
            t("ui.col.review", lang): [review_label(review_state(a, latest.get(a.id)), lang) for a in queue],
            t("ui.col.pd", lang): [a.pd for a in queue],
        }
    )
    return tables.localized(frame, {t("ui.col.pd", lang): tables.share(lang)})


def show_decision(application_id: int, lang: str, *, key: str) -> Case | None:
    """Draw application `application_id` whole (viewing it is audited once per opening); returns its case."""
    with Session(cache.engine()) as session:
        try:
            case = review_case(session=session, application_id=application_id)
        except ReviewError as missing:
            st.warning(missing.message(lang))
            return None
        states = {a.id: review_state(a, None) for a in case.linked}
        for linked_id, latest in latest_reviews(session=session, application_ids=list(states)).items():
            states[linked_id] = latest.outcome
    if st.session_state.get(f"{key}_viewed") != application_id:
        audit("view_decision", target=str(application_id))
        st.session_state[f"{key}_viewed"] = application_id
    a = case.application
    with st.container(border=True, key=f"{key}_detail"):
        st.subheader(t("ui.detail.title", lang, id=a.id))
        st.caption(t("ui.detail.received", lang, time=local_time(a.created_at, lang)))
        _outcome(case, lang)
        _identity_and_model(a, lang)
        _referral(a, lang)
        _reviews(case.reviews, lang)
        reasons, answers, features, linked = tabs(
            {
                "reasons": t("ui.detail.tab.reasons", lang),
                "answers": t("ui.detail.tab.answers", lang),
                "features": t("ui.detail.tab.features", lang),
                "linked": t("ui.detail.tab.linked", lang, n=len(case.linked)),
            },
            key=f"{key}_tabs",
        )
        with reasons:
            _reasons(a, lang)
        with answers:
            st.dataframe(_answers_table(a.answers, lang), hide_index=True, key=f"{key}_answers")
        with features:
            st.dataframe(_pairs(a.features, lang), hide_index=True, key=f"{key}_features")
        with linked:
            if case.linked:
                st.dataframe(linked_table(case.linked, states, lang), hide_index=True, key=f"{key}_linked")
            else:
                st.caption(t("ui.detail.no_linked", lang))
    return case


def _outcome(case: Case, lang: str) -> None:
    a = case.application
    pd_column, automatic_column, final_column = st.columns([1, 1, 1])
    delta = (a.pd - a.threshold) * 100
    pd_column.metric(
        f"{t('ui.detail.pd', lang)} · {t('ui.profile.threshold', lang)} {percent(a.threshold, lang)}",
        percent(a.pd, lang),
        delta=t("ui.detail.pd_delta", lang, delta=("+" if delta > 0 else "") + locale.number(delta, lang, digits=1)),
        delta_color="inverse",
    )
    automatic = t(f"ui.decision.{a.decision}", lang)
    card = offer_label(a.offer, lang)
    if a.decision != "referred" and card.casefold() not in automatic.casefold():  # 'Premium card' once
        automatic += f"  \n{card}"
    automatic_column.markdown(f"**{t('ui.detail.automatic', lang)}**  \n{automatic}")
    if case.final is not None:
        card = f" · {offer_label(case.final.offer, lang)}" if case.final.offer else ""
        final = f"{review_label(case.final.outcome, lang).capitalize()}{card}"
        final += f"  \n{plain(case.final.reviewer)} · {local_time(case.final.decided_at, lang)}"
    elif case.awaiting_review:
        final = t("ui.detail.awaiting", lang)
    else:
        final = automatic
    final_column.markdown(f"**{t('ui.detail.final', lang)}**  \n{final}")


def _identity_and_model(a: Application, lang: str) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('ui.detail.applicant', lang)}**")
        client = t("ui.detail.client", lang, id=a.client_id) if a.client_id else t("ui.detail.not_client", lang)
        identity = " · ".join(part for part in (locale.day(a.birth_date, lang), passport(a.passport)) if part)
        st.markdown("  \n".join(line for line in (plain(a.full_name), plain(identity), client) if line))
    with right:
        st.markdown(f"**{t('ui.detail.model', lang)}**")
        lines = [f"{t(f'ui.segment.{a.segment}', lang)} · {_model_name(a.model_name, lang)}", plain(a.model_version)]
        if version := getattr(a, "policy_version", None):
            lines.append(t("ui.detail.policy_version", lang, version=plain(version)))
        if a.knockout:
            lines.append(t("ui.detail.knockout", lang, rule=_knockout_text(a, lang)))
        st.markdown("  \n".join(lines))


def _model_name(name: str | None, lang: str) -> str:
    """'existing-client catboost' as the family's name in the language ('CatBoost'); another name as it is."""
    family = (name or "").rsplit(" ", 1)[-1]
    return t(f"ui.exp.family.{family}", lang) if f"ui.exp.family.{family}" in UI else plain(name)


def _referral(a: Application, lang: str) -> None:
    if a.decision == "referred" or a.referral_reasons:
        body = "\n".join(f"- {text}" for text in referral_texts(a, lang))
        st.warning(f"**{t('ui.detail.referred', lang)}**\n\n{body}", icon=":material/assignment_ind:")
    if a.identity_check:  # also when the client was matched despite a difference, e.g. no patronymic
        st.caption(f"{t('ui.detail.identity_check', lang)}: {identity_text(a.identity_check, lang)}")


def _reviews(reviews: Sequence[ApplicationReview], lang: str) -> None:
    if not reviews:
        return
    st.markdown(f"**{t('ui.detail.reviews', lang)}**")
    for r in reviews:
        outcome = review_label(r.outcome, lang).capitalize()
        if r.offer:
            outcome += f" · {offer_label(r.offer, lang)}"
        line = t(
            "ui.detail.review_line",
            lang,
            step=r.step,
            outcome=outcome,
            reviewer=plain(r.reviewer),
            time=local_time(r.decided_at, lang),
        )
        note = "  \n".join(plain(part) for part in r.note.splitlines() if part.strip())  # shown as typed
        st.markdown(f"{line}  \n{note}")


def _reasons(a: Application, lang: str) -> None:
    rows = [
        {
            t("ui.col.reason", lang): reason_text(r, lang),
            t("ui.col.value", lang): _value(r.get("value", ""), lang),
            t("ui.col.contribution", lang): _signed(r.get("contribution"), lang),
        }
        for r in a.reasons
    ]
    reasons = pd.DataFrame(rows)
    if any(row[t("ui.col.contribution", lang)] for row in rows):
        st.caption(t("ui.detail.contributions", lang))  # what the contribution column means
    else:  # the replayed history has none
        reasons = reasons.drop(columns=t("ui.col.contribution", lang), errors="ignore")
    # The reason is the sentence staff read: it gets the room, the figures beside it are short.
    widths = {t("ui.col.reason", lang): 620, t("ui.col.value", lang): 110, t("ui.col.contribution", lang): 110}
    config = {name: st.column_config.Column(width=width) for name, width in widths.items() if name in reasons}
    st.dataframe(reasons, hide_index=True, column_config=config, key=f"reasons_{a.id}")
    everything = staff_contributions(a.features, a.contributions, lang)
    codes = {_feature(code, lang): code for code in a.features}  # the inputs' names back to their codes
    if everything:
        st.dataframe(
            pd.DataFrame(
                {
                    t("ui.col.feature", lang): [name for name, _, _ in everything],
                    t("ui.col.value", lang): [
                        _input(codes.get(name, ""), value, lang) for name, value, _ in everything
                    ],
                    t("ui.col.contribution", lang): [_signed(c, lang) for _, _, c in everything],
                }
            ),
            hide_index=True,
            height="content",
            key=f"contributions_{a.id}",
        )


_YES_NO = ("good_work", "car", "car_type", "foreign_passport")


def _feature(code: str, lang: str) -> str:
    return t(f"feature.{code}", lang) if f"feature.{code}" in MESSAGES else ""


def _answers_table(answers: Mapping[str, Any], lang: str) -> pd.DataFrame:
    def label(name: str) -> str:
        return t(f"ui.apply.{name}", lang) if f"ui.apply.{name}" in UI else _feature(name, lang) or name

    def value(name: str, raw: Any) -> str:
        if isinstance(raw, bool) or (name in _YES_NO and raw in (0, 1)):  # the replayed history's are 0 and 1
            return t("ui.yes" if raw else "ui.no", lang)
        if name == "education" and f"ui.apply.education.{raw}" in UI:
            return t(f"ui.apply.education.{raw}", lang)
        if name == "birth_date" and isinstance(raw, str):
            return locale.day(date.fromisoformat(raw), lang)
        return _value(raw, lang)

    return pd.DataFrame(
        {
            t("ui.col.question", lang): [label(name) for name in answers],
            t("ui.col.answer", lang): [value(name, raw) for name, raw in answers.items()],
        }
    )


def _pairs(values: Mapping[str, Any], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("ui.col.feature", lang): [_feature(name, lang) or name for name in values],
            t("ui.col.value", lang): [_input(name, v, lang) for name, v in values.items()],
        }
    )


def _input(name: str, raw: Any, lang: str) -> str:
    """A model input as the model saw it, a code read in words beside it: 'Высшее (GRD)', 'да (1)'."""
    if name == "education" and f"ui.apply.education.{raw}" in UI:
        return f"{t(f'ui.apply.education.{raw}', lang)} ({raw})"
    if name in _YES_NO and raw in (0, 1) and not isinstance(raw, float):
        return f"{t('ui.yes' if raw else 'ui.no', lang).lower()} ({int(raw)})"
    return _value(raw, lang)


def _signed(contribution: float | None, lang: str) -> str:
    """A contribution to the log-odds with its sign: '+0,1234' (ru), '-0.05' (en)."""
    if contribution is None:
        return ""
    return ("+" if contribution > 0 else "") + locale.decimal(contribution, lang)


def _value(raw: Any, lang: str) -> str:
    if isinstance(raw, float):
        return locale.decimal(raw, lang)
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) >= 10_000:
        return locale.number(raw, lang)
    return "" if raw is None else str(raw)


def _knockout_text(a: Application, lang: str) -> str:
    hit = next((r for r in a.reasons if r["code"] == a.knockout), None)
    return reason_text(hit, lang).rstrip(".") if hit is not None else str(a.knockout)
