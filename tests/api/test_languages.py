"""Accept-Language to the applicant's language."""

import pytest

from core.api.languages import negotiate


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "ru"),
        ("", "ru"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"),
        ("de-DE,de;q=0.9,en;q=0.8,ru;q=0.7", "en"),
        ("ru;q=0.3,en;q=0.6", "en"),
        ("en,ru", "en"),
        ("fr", "ru"),
        ("en;q=0,fr", "ru"),
        ("EN-us", "en"),
        ("en;q=abc, ru;q=0.1", "ru"),
    ],
)
def test_the_best_language_the_caller_accepts(header, lang):
    assert negotiate(header) == lang
