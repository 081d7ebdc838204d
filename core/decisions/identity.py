"""Who is applying: the passport is the key, and the name and date of birth must agree with it.

A passport that belongs to a client of the bank is scored with that client's data only when
the date of birth and the name agree. The name may differ in what is legitimately different:
case, ё/е and spacing (`core.data.identity.name_key`), and a patronymic given on one side
only, when the date of birth matches; that difference is recorded. Anything else is an
identity mismatch: the application goes to an analyst, never to the new-client model as if
the passport were unknown (that let a known client with bad bank data get the Premium card
by dropping their patronymic).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.data.decision_reads import ClientFound
from core.data.identity import name_key

# Differences recorded in `Application.identity_check["differences"]`.
PATRONYMIC_MISSING = "patronymic_missing"  # the applicant left out the patronymic the bank holds
PATRONYMIC_ADDED = "patronymic_added"  # the applicant gave a patronymic the bank does not hold
BIRTH_DATE, FULL_NAME = "birth_date", "full_name"  # these make a mismatch


@dataclass(frozen=True)
class IdentityCheck:
    """The outcome of matching an applicant to the bank's clients by passport."""

    client: ClientFound | None  # the client to score as (None: a newcomer, or a mismatch)
    passport_client_id: int | None  # the client holding the passport, matched or not
    differences: tuple[str, ...] = ()

    @property
    def mismatch(self) -> bool:
        """The passport is a client's, but the date of birth or the name is someone else's."""
        return self.passport_client_id is not None and self.client is None

    def record(self) -> dict[str, Any]:
        """What the decision record keeps of the check (empty for a newcomer)."""
        if self.passport_client_id is None:
            return {}
        return {"client_id": self.passport_client_id, "differences": list(self.differences)}


def check_identity(client: ClientFound | None, *, birth_date: date, full_name: str) -> IdentityCheck:
    """Match the applicant to `client`, the holder of the passport they gave (None: nobody holds
    it), tolerating only what is legitimately different."""
    if client is None:
        return IdentityCheck(client=None, passport_client_id=None)
    name = name_difference(client.full_name, full_name)
    differences = ([] if client.birth_date == birth_date else [BIRTH_DATE]) + ([] if name is None else [name])
    if BIRTH_DATE in differences or FULL_NAME in differences:
        return IdentityCheck(client=None, passport_client_id=client.id, differences=tuple(differences))
    return IdentityCheck(client=client, passport_client_id=client.id, differences=tuple(differences))


def name_difference(on_file: str, given: str) -> str | None:
    """How the name given differs from the one on file: None (the same), a patronymic on one side
    only, or FULL_NAME (someone else's name)."""
    held, typed = name_key(on_file).split(), name_key(given).split()
    if held == typed:
        return None
    if len(typed) >= 2 and len(held) == len(typed) + 1 and held[: len(typed)] == typed:
        return PATRONYMIC_MISSING
    if len(held) >= 2 and len(typed) == len(held) + 1 and typed[: len(held)] == held:
        return PATRONYMIC_ADDED
    return FULL_NAME
