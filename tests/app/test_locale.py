from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ui.locale import date_mask, day, editable, moment, money, number, parse, share

NBSP = "\u00a0"


def test_russian_groups_thousands_with_a_space_and_writes_decimal_commas():
    assert number(1549, "ru") == f"1{NBSP}549"
    assert number(0.12346, "ru", digits=4) == "0,1235"
    assert share(0.1234, "ru").replace(NBSP, " ") == "12,3 %"
    assert money(150_000, "ru") == f"150{NBSP}000 ₽"


def test_english_groups_thousands_with_commas():
    assert number(1549, "en") == "1,549"
    assert share(0.1234, "en") == "12.3%"


def test_a_typed_number_reads_as_its_language_writes_it_and_anything_else_is_not_one():
    assert editable(100_000, "ru") == f"100{NBSP}000" and editable(8.5, "ru") == "8,5" and editable(8.0, "en") == "8"
    assert [parse(typed, "ru") for typed in ("100 000", f"100{NBSP}000", "8,5", "8.5")] == [100_000, 100_000, 8.5, 8.5]
    assert [parse(typed, "en") for typed in ("100,000", "8.5")] == [100_000, 8.5]
    assert [parse(typed, "en") for typed in ("8,5", "", "восемь", "NaN", "inf")] == [None] * 5  # '8,5' is ambiguous
    assert parse(editable(1_234_567.25, "ru"), "ru") == 1_234_567.25


def test_dates_and_times_in_each_languages_order_and_the_visitors_zone():
    assert day(date(2026, 11, 25), "ru") == "25.11.2026"
    assert day(date(2026, 11, 25), "en") == "25 Nov 2026"
    at = datetime(2026, 11, 25, 11, 28, tzinfo=UTC)
    assert moment(at, "ru", ZoneInfo("Europe/Moscow")) == "25.11.2026 14:28"
    assert moment(at.replace(tzinfo=None), "en") == "25 Nov 2026, 11:28"  # SQLite's naive UTC
    assert date_mask("ru") == "DD.MM.YYYY"


def test_nothing_is_a_dash_not_a_crash():
    assert number(None, "ru") == share(None, "en") == money(None, "ru") == "—"
