"""Who an applicant is, in the forms the bank compares and searches: names and passports.

Owned by the data layer because the repository matches clients by these keys; the
questionnaire (`core.decisions.schema`) normalises typed answers with the same functions.
"""

from __future__ import annotations

import re


def normalize_name(full_name: str) -> str:
    """Collapse whitespace; the name is otherwise kept as typed."""
    return " ".join(str(full_name).split())


def name_key(full_name: str) -> str:
    """The form names are compared and searched in: case-folded, ё as е, single spaces."""
    return normalize_name(full_name).casefold().replace("ё", "е")


def normalize_passport(passport: str) -> str:
    """Digits only: '4510 123456' and '4510123456' are the same passport."""
    return re.sub(r"[\s№-]", "", str(passport))
