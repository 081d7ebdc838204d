"""Reading one questionnaire field: never a crash, never a hang, never a surprise in the database.

Whatever arrives (a form's widgets, a JSON file, a caller's Python values), each reader
checks the value's type first, bounds text before looking inside it, NFKC-normalises it
(full-width letters and digits become ordinary ones, `ﬃ` becomes `ffi`), refuses control,
format, surrogate, private-use and unassigned characters, and turns every decimal digit
(Arabic-Indic, Devanagari, ...) into its ASCII digit where digits are expected. Numbers
are compared, never printed, so a 5,000-digit integer is just out of range. A reader that
cannot use a value records one `FieldError` and returns None.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core.data.identity import ascii_digits
from core.decisions.errors import FieldError
from core.i18n import MESSAGES

# Longest text read at all: anything longer is refused before it is normalised.
MAX_RAW_TEXT = 1_000
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_TRUE = {"1", "y", "yes", "true", "да", "д"}
_FALSE = {"0", "n", "no", "false", "нет", "н"}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?([0-9]+)(?:[.,]([0-9]+))?")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_SPACES = re.compile(r"[\s'’_]")  # thousands separators people type: 30 000, 30'000, 30_000
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def clean_text(value: str) -> tuple[str | None, str | None]:
    """`value` NFKC-normalised with single spaces, or None and the code of why it is unusable."""
    if len(value) > MAX_RAW_TEXT:
        return None, "too_long"
    # `isprintable` (C, one pass) is False for every refused category, so a printable text needs
    # no look at each character's category; only one with a tab, a non-breaking space or worse does.
    if not value.isprintable() and any(_refused(ch) and not ch.isspace() for ch in value):
        return None, "bad_characters"
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    if not text.isprintable() and any(map(_refused, text)):
        return None, "bad_characters"
    return text, None


def _refused(ch: str) -> bool:
    return unicodedata.category(ch) in _REFUSED_CATEGORIES


class FieldReader:
    """Reads one field at a time from raw answers, recording problems in `errors`."""

    def __init__(self, raw: Any, errors: list[FieldError]):
        self.raw, self.errors = raw, errors

    def fail(self, name: str, code: str, **params: Any) -> None:
        """Record that field `name` is unusable, for the reason `code`."""
        self.errors.append(FieldError(name, code, params))

    def _present(self, name: str) -> Any:
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(name, "required")
            return None
        return value

    def text(self, name: str, max_length: int, *, digits: bool = False) -> str | None:
        """A text answer of at most `max_length` characters once normalised."""
        value = self._present(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, "not_text")
            return None
        text, problem = clean_text(value)
        if text is not None and len(text) > max_length:
            problem = "too_long"
        if problem:
            self.fail(name, problem, **({"max": max_length} if problem == "too_long" else {}))
            return None
        return ascii_digits(text) if digits else text  # type: ignore[arg-type]

    def digits_text(self, name: str, max_length: int, max_digits: int) -> str | None:
        """A text answer made of digits and separators (a passport); a whole number is taken as typed."""
        value = self.raw.get(name)
        if isinstance(value, numbers.Integral) and not isinstance(value, bool) and 0 <= int(value) < 10**max_digits:
            return str(int(value))
        if isinstance(value, str):  # NFKC would spell '№' as 'No'
            return FieldReader({name: value.replace("№", " ")}, self.errors).text(name, max_length, digits=True)
        return self.text(name, max_length, digits=True)

    def date(self, name: str) -> date | None:
        """A calendar date: a `date` (not a `datetime`) or 'YYYY-MM-DD'."""
        value = self._present(name)
        if value is None:
            return None
        if isinstance(value, datetime):
            self.fail(name, "date_with_time")
            return None
        if isinstance(value, date):
            return value
        text = self.text(name, 10, digits=True) if isinstance(value, str) else None
        if text is not None and _ISO_DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        if text is not None or not isinstance(value, str):
            self.fail(name, "not_a_date")
        return None

    def integer(self, name: str, minimum: int, maximum: int, range_code: str, **params: Any) -> int | None:
        """A whole number in [minimum, maximum]: an int, an integral float, or digits with spaces."""
        value = self._present(name)
        if value is None:
            return None
        number = self._number(name, value)
        if number is None:
            return None
        if isinstance(number, float) and math.isnan(number):
            self.fail(name, "not_a_number")
        elif not minimum <= number <= maximum:
            self.fail(name, range_code, **params)
        elif number != int(number):
            self.fail(name, "not_a_whole_number")
        else:
            return int(number)
        return None

    def _number(self, name: str, value: Any) -> int | float | Decimal | None:
        if isinstance(value, bool) or not isinstance(value, numbers.Real | str):
            self.fail(name, "not_a_number")
            return None
        if not isinstance(value, str):
            try:
                return int(value) if isinstance(value, numbers.Integral) else float(value)
            except OverflowError:  # a Fraction too large for a float
                huge: Any = value
                return math.inf if huge > 0 else -math.inf
        text = self.text(name, MAX_RAW_TEXT, digits=True)
        if text is None:
            return None
        text = _SPACES.sub("", text)
        if _THOUSANDS.fullmatch(text):  # 85,000: commas that group thousands, not a decimal comma
            text = text.replace(",", "")
        match = _NUMBER.fullmatch(text)
        if match is None:
            self.fail(name, "not_a_number")
            return None
        whole, fraction = match.group(1).lstrip("0"), (match.group(2) or "").rstrip("0")
        if len(whole) > 18:  # beyond any range asked for: compare without converting
            return math.inf if not text.startswith("-") else -math.inf
        return Decimal(f"{'-' if text.startswith('-') else ''}{whole or 0}.{fraction or 0}")

    def boolean(self, name: str) -> bool | None:
        """Yes or no: a bool, 0/1, or a word of yes/no in ru or en."""
        value = self._present(name)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, numbers.Integral) and value in (0, 1):
            return bool(value)
        text = self.text(name, 10, digits=True) if isinstance(value, str) else None
        if text is not None and text.casefold() in _TRUE | _FALSE:
            return text.casefold() in _TRUE
        if text is not None or not isinstance(value, str):
            self.fail(name, "not_yes_no")
        return None

    def choice(self, name: str, choices: tuple[Any, ...]) -> Any:
        """One of `choices`: its text in any case, or the number itself."""
        value = self._present(name)
        if value is None:
            return None
        if isinstance(value, str):
            text = self.text(name, 10, digits=True)
            if text is None:
                return None
            found = [choice for choice in choices if str(choice) == text.upper()]
        elif isinstance(value, numbers.Integral) and not isinstance(value, bool):
            found = [choice for choice in choices if isinstance(choice, int) and choice == value]
        else:
            found = []
        if found:
            return found[0]
        # A field's own message names its choices in words; the codes are for callers of other fields.
        self.fail(
            name,
            f"choice.{name}" if f"error.choice.{name}" in MESSAGES else "choice",
            choices=", ".join(map(str, choices)),
        )
        return None
