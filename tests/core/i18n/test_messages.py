"""Messages with numbers in them write the numbers as the reader's language does."""

import pytest

from core.i18n import t


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", "PD чуть выше порога 3,25 % (зона передачи 2,00 %): ручная проверка."),
        ("en", "PD just above the cut-off 3.25% (refer band 2.00%): manual review."),
    ],
)
def test_a_percentage_in_a_message_follows_the_language(lang, expected):
    assert t("reason.refer_band", lang, cutoff=0.0325, band=0.02) == expected


def test_a_signed_number_keeps_its_sign_and_the_languages_decimal_mark():
    key = "reason.staff"
    assert t(key, "ru", feature="Возраст", value=30, contribution=-0.1234).endswith("(вклад -0,123)")
    assert t(key, "en", feature="Age", value=30, contribution=0.1234).endswith("(contribution +0.123)")
