"""How records read on screen: times in the visitor's time zone, and tables with translated headings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from core.data.orm import Application, AuditEntry, Client, StaffAccount
from core.decisions.explanations import staff_reason_text
from core.i18n import MESSAGES
from core.staff import locked_until
from ui import locale, tables
from ui.plain import plain
from ui.texts import UI, t


def zone() -> tzinfo:
    """The browser's time zone (UTC when it is unknown)."""
    try:
        return ZoneInfo(st.context.timezone) if st.context.timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_time(moment: datetime | None, lang: str = "ru") -> str:
    """A stored (UTC) time as the visitor's local time, to the minute, as `lang` writes it."""
    return locale.moment(moment, lang, zone())


def local_day(moment: datetime | None, lang: str) -> str:
    """The visitor's local day of a stored (UTC) time, as `lang` writes it."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return locale.day(aware.astimezone(zone()).date(), lang)


def local_today() -> date:
    """Today in the visitor's time zone."""
    return datetime.now(zone()).date()


def start_of_month(day: date, *, months_back: int = 0) -> date:
    """The first day of the month `months_back` months before `day`'s."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants from the start of `first` to the end of `last`, local days."""
    since = datetime.combine(first, time(), zone())
    until = datetime.combine(last + timedelta(days=1), time(), zone())
    return since.astimezone(UTC), until.astimezone(UTC)


def passport(number: str | None) -> str:
    """'4510 123456'; nothing for an application without one (the demo history's replayed ones)."""
    return f"{number[:4]} {number[4:]}" if number else ""


def percent(value: float, lang: str = "ru") -> str:
    """0.1234 as '12,3 %' (ru) or '12.3%' (en)."""
    return locale.share(value, lang)


def clients_table(clients: Sequence[Client], lang: str) -> pd.DataFrame:
    """Search results: one row per client."""
    return pd.DataFrame(
        {
            t("ui.col.id", lang): [c.id for c in clients],
            t("ui.col.name", lang): [c.full_name for c in clients],
            t("ui.col.birth_date", lang): [locale.day(c.birth_date, lang) for c in clients],
            t("ui.col.passport", lang): [passport(c.passport) for c in clients],
            t("ui.col.region", lang): [c.region.name for c in clients],
        }
    )


def application_cards(
    applications: Sequence[Application], lang: str, reviews: Mapping[int, str | None] | None = None
) -> list[tuple[str, str]]:
    """Each application as a heading (number, when, decision, where its review stands, PD against
    the threshold) and details (reasons in words, the bank's data included: staff only; the model),
    as Markdown in which only the product's own words are formatted."""
    reviews = reviews or {}
    cards = []
    for a in applications:
        review = f" → {review_label(reviews[a.id], lang)}" if reviews.get(a.id) else ""
        heading = (
            f"**№ {a.id} · {local_time(a.created_at, lang)} · {t(f'ui.decision.{a.decision}', lang)}{review}** · "
            f"PD {percent(a.pd, lang)} ({t('ui.profile.threshold', lang)} {percent(a.threshold, lang)})"
        )
        reasons = "; ".join(plain(_staff_reason(r, lang)) for r in a.reasons)
        cards.append((heading, f"{reasons}  \n{plain(a.model_name)} {plain(a.model_version)}"))
    return cards


def decisions_table(
    applications: Sequence[Application], lang: str, reviews: Mapping[int, str | None] | None = None
) -> Styler:
    """Recent decisions, newest first, with where each referred one stands in review (`reviews`:
    application id to 'awaiting_review', 'documents', 'approved' or 'declined'); PD sorts as a number."""
    reviews = reviews or {}
    frame = pd.DataFrame(
        {
            t("ui.col.application", lang): [a.id for a in applications],
            t("ui.col.time", lang): [local_time(a.created_at, lang) for a in applications],
            t("ui.col.name", lang): [a.full_name or "" for a in applications],
            t("ui.col.passport", lang): [passport(a.passport) for a in applications],
            t("ui.col.client", lang): [str(a.client_id) if a.client_id else "" for a in applications],
            t("ui.col.segment", lang): [t(f"ui.segment.{a.segment}", lang) for a in applications],
            t("ui.col.decision", lang): [t(f"ui.decision.{a.decision}", lang) for a in applications],
            t("ui.col.review", lang): [review_label(reviews.get(a.id), lang) for a in applications],
            t("ui.col.pd", lang): [a.pd for a in applications],
            t("ui.col.model_version", lang): [a.model_version for a in applications],
            t("ui.col.channel", lang): [channel_name(a.channel, lang) for a in applications],
        }
    )
    return tables.localized(frame, {t("ui.col.pd", lang): tables.share(lang)})


def decisions_columns(lang: str) -> dict[str, None]:
    """The columns the decisions table hides to fit 1366 px (the client's number and the model's
    version are in the opened decision; the table's column menu shows them too)."""
    return dict.fromkeys((t("ui.col.client", lang), t("ui.col.model_version", lang)))


def channel_name(channel: str, lang: str) -> str:
    """Where an application came from: the questionnaire, or an API channel by its own name."""
    return t("ui.channel.web", lang) if channel == "web" else channel


def review_label(state: str | None, lang: str) -> str:
    """Where an application stands in review, in words ('' when it was never referred)."""
    return t(f"review.outcome.{state}", lang) if state else ""


def staff_table(accounts: Sequence[StaffAccount], lang: str, now: datetime) -> pd.DataFrame:
    """Staff accounts with their state: active, deactivated or locked."""

    def state(account: StaffAccount) -> str:
        until = locked_until(account, now)
        if until is not None:
            return t("ui.staff.locked", lang, time=local_time(until, lang))
        return t("ui.staff.active" if account.active else "ui.staff.inactive", lang)

    return pd.DataFrame(
        {
            t("ui.staff.col.name", lang): [a.name for a in accounts],
            t("ui.staff.col.role", lang): [t(f"ui.role.{a.role}", lang) for a in accounts],
            t("ui.staff.col.state", lang): [state(a) for a in accounts],
            t("ui.staff.col.created", lang): [local_day(a.created_at, lang) for a in accounts],
            t("ui.staff.col.last_sign_in", lang): [local_time(a.last_sign_in_at, lang) for a in accounts],
        }
    )


def _staff_reason(reason: dict, lang: str) -> str:
    arrow = {"up": "↑ ", "down": "↓ "}.get(reason.get("direction", ""), "")
    return arrow + staff_reason_text(reason, lang).rstrip(".")


def audit_table(entries: Sequence[AuditEntry], lang: str) -> pd.DataFrame:
    """Audit entries, newest first: when, who, what, to which record, and the details."""
    return pd.DataFrame(
        {
            t("ui.col.time", lang): [local_time(e.at, lang) for e in entries],
            t("ui.audit.col.user", lang): [e.user_name for e in entries],
            t("ui.audit.col.action", lang): [action_name(e.action, lang) for e in entries],
            t("ui.audit.col.target", lang): [e.target or "" for e in entries],
            t("ui.audit.col.details", lang): [details_text(e.details, lang) for e in entries],
        }
    )


def action_name(action: str, lang: str) -> str:
    """An audit action in words, or its code when the catalogue has no words for it yet."""
    key = f"ui.audit.action.{action}"
    return t(key, lang) if key in UI else action


def details_text(details: Mapping[str, Any] | None, lang: str) -> str:
    """An audit entry's details in words, values as the language writes them: 'запрос: «петров»;
    найдено: 1 198'. A key the catalogue has no word for yet is shown as it is stored."""
    parts = []
    for name, value in (details or {}).items():
        if value is None or value == {}:
            continue  # an offer not made, a request without an application: nothing to say
        key = f"ui.audit.detail.{name}"
        parts.append(f"{t(key, lang) if key in UI else name}: {_detail_value(name, value, lang)}")
    return "; ".join(parts)


def _detail_value(name: str, value: Any, lang: str) -> str:
    if isinstance(value, Mapping):
        return "(" + details_text(value, lang) + ")"  # an export's filters
    if isinstance(value, bool):
        return t("ui.yes" if value else "ui.no", lang).lower()
    words = {
        "outcome": "review.outcome.{}",
        "offer": "ui.offer.{}",
        "role": "ui.role.{}",
        "segment": "ui.segment.{}",
        "family": "ui.exp.family.{}",
    }
    if name in words and words[name].format(value) in UI | MESSAGES:
        return t(words[name].format(value), lang)
    if name == "action":
        return action_name(str(value), lang)
    if name in ("since", "until", "period") and isinstance(value, str):
        return _stored_time(value, lang)
    if name == "query":
        return f"«{value}»"
    if name == "ms":
        return t("ui.audit.ms", lang, ms=locale.number(value, lang, digits=1))
    if isinstance(value, float):
        return locale.decimal(value, lang)
    if isinstance(value, int) and name not in _CODES:
        return locale.number(value, lang)
    return str(value)


_CODES = ("status", "step", "application_id", "key_id")  # numbers that name something: never grouped


def _stored_time(value: str, lang: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:  # a day
        return locale.day(moment.date(), lang)
    return local_time(moment, lang)
