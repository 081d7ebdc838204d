"""What a rejected questionnaire says: one `FieldError` per problem, gathered in a `ValidationError`;
and `ModelUnavailable`, when no champion can decide (here, so that catching it imports no model code)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from core.i18n import t


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field: `code` names it, `params` fill its message."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The problem in plain words, in `lang`."""
        return t(f"error.{self.code}", lang, **self.params)


class ValidationError(ValueError):
    """The input was rejected; `errors` lists every problem found."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message()}" for e in errors))

    def by_field(self, lang: str = "en") -> dict[str, str]:
        """The first message for each field, keyed by field name, for inline display."""
        messages: dict[str, str] = {}
        for error in self.errors:
            messages.setdefault(error.field, error.message(lang))
        return messages


class ModelUnavailable(RuntimeError):
    """No champion model is installed for a segment: train one (`python -m core train`)."""
