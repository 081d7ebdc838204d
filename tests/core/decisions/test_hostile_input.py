"""Hostile and unusual answers: a clear message per field, never a crash or a hang (issue 9)."""

import time
from datetime import date, datetime
from decimal import Decimal

import pytest

from core.decisions.schema import ValidationError, parse_application
from tests.core.decisions.test_schema import TODAY, VALID


def outcome(**changes):
    try:
        return parse_application({**VALID, **changes}, today=TODAY)
    except ValidationError as invalid:
        return invalid.by_field("en")


def worst_names(length: int = 200) -> list[str]:
    """Names built to make a backtracking matcher try every way of splitting them."""
    return [
        "a" * (length - 1) + "1",
        ("a" * (length // 2 - 1) + " ") * 2,
        ("a-" * length)[: length - 1] + "1",
        ("a'" * length)[: length - 2] + "'!",
        "Ab " * (length // 3 - 1) + "1",
        ("Иван " * length)[: length - 1] + ".",
        "a" * (length - 2) + ".1",
    ]


@pytest.mark.parametrize("name", worst_names(), ids=lambda name: name[:12])
def test_the_worst_names_validate_in_linear_time(name):
    # Before the fix "a" * 27 + "1" took 25 s and every extra letter doubled it; a generous
    # bound (50 ms for 200 characters) still fails at once on anything exponential.
    started = time.thread_time()  # CPU time: waiting for a core on a busy machine does not count
    for _ in range(10):
        outcome(full_name=name)
    assert (time.thread_time() - started) / 10 < 0.05


def huge_id(value):
    """pytest names parameters with str(), which refuses integers of over 4,300 digits."""
    return "huge-int" if isinstance(value, int) and value.bit_length() > 10_000 else None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "a" * 199 + " b", "Too long: at most 200 characters."),
        ("full_name", "ß" * 150 + " Иван", "Too long: at most 200 characters."),  # 'ss' when case-folded
        ("full_name", "ﬃ" * 70 + " Иван", "Too long: at most 200 characters."),  # 'ffi' once normalised
        ("full_name", "Иван\u202eов Пётр", "Contains characters that cannot be used here"),
        ("full_name", 12345, "Enter text."),
        ("region", "Мос\x00ква", "Contains characters that cannot be used here"),
        ("region", "\ud800", "Contains characters that cannot be used here"),
        ("region", "М" * 121, "Too long: at most 120 characters."),
        ("region", "x" * 5_000, "Too long"),
        ("birth_date", datetime(1990, 5, 1), "Enter a date without a time, as YYYY-MM-DD."),
        ("birth_date", "19900501", "Enter a date as YYYY-MM-DD."),
        ("birth_date", 19900501, "Enter a date as YYYY-MM-DD."),
        ("income", 10**5000, "from 1,000 to 10,000,000"),
        ("income", -(10**4400), "from 1,000 to 10,000,000"),
        ("income", "9" * 400, "from 1,000 to 10,000,000"),
        ("income", float("nan"), "Enter a number."),
        ("income", Decimal("NaN"), "Enter a number."),
        ("income", float("inf"), "from 1,000 to 10,000,000"),
        ("income", "nan", "Enter a number."),
        ("income", "inf", "Enter a number."),
        ("income", "1e400", "Enter a number."),
        ("income", 1e400, "from 1,000 to 10,000,000"),
        ("income", True, "Enter a number."),
        ("income", [30_000], "Enter a number."),
        ("passport", "4510 12345６", None),
        ("passport", "٤٥١٠ ١٢٣٤٥٧", None),
        ("passport", "4510\x00123456", "Contains characters that cannot be used here"),
        ("passport", 10**5000, "Enter text."),
        ("home_address", 10**5000, "Choose the home address category from the list: category 1, 2 or 3"),
        ("home_address", 2.0, "Choose the home address category from the list: category 1, 2 or 3"),
        ("good_work", 10**5000, "Answer yes or no."),
        ("education", "\ud800", "Contains characters that cannot be used here"),
    ],
    ids=huge_id,
)
def test_each_bad_value_gets_its_field_s_message(field, value, message):
    result = outcome(**{field: value})
    if message is None:
        assert not isinstance(result, dict), result
        return
    assert set(result) == {field}
    assert message in result[field]


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"passport": "４５１０ １２３４５６"}, "passport", "4510123456"),  # full-width
        ({"passport": "٤٥١٠ ١٢٣٤٥٦"}, "passport", "4510123456"),  # Arabic-Indic
        ({"passport": "№ 4510-123456"}, "passport", "4510123456"),
        ({"passport": 4510123456}, "passport", "4510123456"),
        ({"income": "３０ ０００"}, "income", 30_000),
        ({"income": "٣٠٠٠٠"}, "income", 30_000),
        ({"income": "30\u00a0000,00"}, "income", 30_000),
        ({"income": 30_000.0}, "income", 30_000),
        ({"full_name": "Ｉｖａｎｏｖ  Ｉｖａｎ"}, "full_name", "Ivanov Ivan"),
        ({"home_address": "３"}, "home_address", 3),
        ({"birth_date": date(1990, 5, 1)}, "birth_date", date(1990, 5, 1)),
    ],
)
def test_other_scripts_digits_and_widths_are_stored_as_ascii(changes, field, expected):
    assert getattr(parse_application({**VALID, **changes}, today=TODAY), field) == expected


def test_russian_messages_for_the_new_problems():
    with pytest.raises(ValidationError) as caught:
        parse_application({**VALID, "region": "a\x00", "birth_date": datetime(1990, 1, 1)}, today=TODAY)
    messages = caught.value.by_field("ru")
    assert messages["region"].startswith("Содержит недопустимые символы")
    assert messages["birth_date"] == "Введите дату без времени в формате ГГГГ-ММ-ДД."
