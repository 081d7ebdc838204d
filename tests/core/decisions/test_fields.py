"""Reading one field's text: the characters refused are exactly those of the refused categories."""

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from core.decisions.fields import MAX_RAW_TEXT, clean_text

REFUSED = {"Cc", "Cf", "Cs", "Co", "Cn"}


def by_each_character(value: str) -> tuple[str | None, str | None]:
    """The rule itself, character by character: what `clean_text` must answer, however it gets there."""
    if any(unicodedata.category(ch) in REFUSED and not ch.isspace() for ch in value):
        return None, "bad_characters"
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    if any(unicodedata.category(ch) in REFUSED for ch in text):
        return None, "bad_characters"
    return text, None


@given(st.text(max_size=60))
@example("Иван\u00a0Петров")  # a non-breaking space: not printable, yet allowed (a space)
@example("Иван\tПетров")  # a tab: a control character that is whitespace
@example("Иван\u200bПетров")  # a zero-width space: a format character, refused
@example("Ива\u0308н")  # a combining mark: printable, normalised
@example("\ufb03 \uff21\uff22")  # a ligature and full-width letters: NFKC spells them out
@example("\ue000")  # private use
@example("\U000e0001")  # a language tag: format
def test_text_is_refused_exactly_when_a_character_of_a_refused_category_is_in_it(value):
    assert clean_text(value) == by_each_character(value)


def test_text_longer_than_the_limit_is_refused_before_it_is_read():
    assert clean_text("a" * (MAX_RAW_TEXT + 1)) == (None, "too_long")
