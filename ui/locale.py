"""Numbers, money and dates as each language writes them (Russian: `1 549`, `25.11.2026 14:28`;
English: `1,549`, `Nov 25, 2026, 2:28 PM`), through Babel's CLDR data rather than by hand.

Times are shown in the visitor's time zone (`ui.format.zone`)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, tzinfo

from babel.dates import format_date, format_datetime
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

LOCALES = {"ru": "ru_RU", "en": "en_GB"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def number(value: float | int | None, lang: str, *, digits: int = 0) -> str:
    """`1549` as '1 549' (ru) or '1,549' (en); `digits` decimal places."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def editable(value: float | int, lang: str) -> str:
    """A number to edit in a text field: grouped, up to two decimals, as the language writes it
    ('100 000', '8,5' in Russian; '100,000', '8.5' in English). `parse` reads it back."""
    return format_decimal(value, format="#,##0.##", locale=_locale(lang))


def parse(text: str, lang: str) -> float | None:
    """A number as typed in the language ('1 549,5' or '8.5' in Russian, '1,549.5' in English),
    spaces anywhere ignored; None if it is not one (an English '8,5' is not: it is ambiguous)."""
    compact = "".join(str(text).split())
    if not compact:
        return None
    try:
        number = float(parse_decimal(compact, locale=_locale(lang), strict=True))
    except NumberFormatError:
        return None
    return number if math.isfinite(number) else None


def decimal(value: float | None, lang: str) -> str:
    """A measured value to four significant digits, grouped from a thousand on: '0,1235' (ru),
    '0.1235' (en), '12 346' (ru)."""
    if value is None:
        return "—"
    return format_decimal(value, format="@###" if abs(value) < 1000 else "#,##0", locale=_locale(lang))


def share(value: float | None, lang: str, *, digits: int = 1) -> str:
    """`0.1234` as '12,3 %' (ru) or '12.3%' (en)."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return format_percent(value, format=pattern if lang == "ru" else pattern.replace(" %", "%"), locale=_locale(lang))


def money(value: float | None, lang: str) -> str:
    """Roubles: '150 000 ₽' (ru), 'RUB 150,000' (en); whole roubles."""
    if value is None:
        return "—"
    return format_currency(value, "RUB", format="#,##0 ¤", locale=_locale(lang), currency_digits=False)


def day(value: date | None, lang: str) -> str:
    """A date: '25.11.2026' (ru), '25 Nov 2026' (en)."""
    if value is None:
        return ""
    return format_date(value, "dd.MM.yyyy" if lang == "ru" else "d MMM yyyy", locale=_locale(lang))


def moment(value: datetime | None, lang: str, zone: tzinfo = UTC) -> str:
    """A stored time in `zone`, to the minute: '25.11.2026 14:28' (ru), '25 Nov 2026, 14:28' (en)."""
    if value is None:
        return ""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    pattern = "dd.MM.yyyy HH:mm" if lang == "ru" else "d MMM yyyy, HH:mm"
    return format_datetime(aware.astimezone(zone), pattern, locale=_locale(lang))


def chart_separators(lang: str) -> str:
    """Plotly's `separators` (decimal mark, then thousands) as the language writes numbers."""
    return get_decimal_symbol(_locale(lang)) + get_group_symbol(_locale(lang))


def date_mask(lang: str) -> str:
    """The date input's format in the language's order (Streamlit's `st.date_input(format=...)`)."""
    return "DD.MM.YYYY" if lang == "ru" else "YYYY-MM-DD"
