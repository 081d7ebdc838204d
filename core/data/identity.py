"""Who an applicant is, in the forms the bank compares and searches: names and passports.

Owned by the data layer because the repository matches clients by these keys; the
questionnaire (`core.decisions.schema`) normalises typed answers with the same functions.
"""

from __future__ import annotations

import re
import unicodedata


def normalize_name(full_name: str) -> str:
    """Collapse whitespace; the name is otherwise kept as typed."""
    return " ".join(str(full_name).split())


def name_key(full_name: str) -> str:
    """The form names are compared and searched in: case-folded, ё as е, single spaces."""
    return normalize_name(full_name).casefold().replace("ё", "е")


def normalize_passport(passport: str) -> str:
    """Digits only, in ASCII: '4510 123456', '4510123456' and '４５１０１２３４５６' are one passport."""
    text = unicodedata.normalize("NFKC", str(passport).replace("№", " "))
    return re.sub(r"[\s-]", "", ascii_digits(text))


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script as its ASCII digit: '٤٥١٠' -> '4510'."""
    return "".join(str(d) if (d := unicodedata.decimal(ch, None)) is not None else ch for ch in text)
