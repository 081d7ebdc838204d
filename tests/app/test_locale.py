from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ui.locale import date_mask, day, moment, money, number, share

NBSP = "\u00a0"


def test_russian_groups_thousands_with_a_space_and_writes_decimal_commas():
    assert number(1549, "ru") == f"1{NBSP}549"
    assert number(0.12346, "ru", digits=4) == "0,1235"
    assert share(0.1234, "ru").replace(NBSP, " ") == "12,3 %"
    assert money(150_000, "ru") == f"150{NBSP}000 ₽"


def test_english_groups_thousands_with_commas():
    assert number(1549, "en") == "1,549"
    assert share(0.1234, "en") == "12.3%"


def test_dates_and_times_in_each_languages_order_and_the_visitors_zone():
    assert day(date(2026, 11, 25), "ru") == "25.11.2026"
    assert day(date(2026, 11, 25), "en") == "25 Nov 2026"
    at = datetime(2026, 11, 25, 11, 28, tzinfo=UTC)
    assert moment(at, "ru", ZoneInfo("Europe/Moscow")) == "25.11.2026 14:28"
    assert moment(at.replace(tzinfo=None), "en") == "25 Nov 2026, 11:28"  # SQLite's naive UTC
    assert date_mask("ru") == "DD.MM.YYYY"


def test_nothing_is_a_dash_not_a_crash():
    assert number(None, "ru") == share(None, "en") == money(None, "ru") == "—"
