"""Idempotent submissions: each application is stored once, however often it is sent.

Every submission carries an idempotency key chosen by its sender (the questionnaire makes
one per form and answers; `python -m core apply --key`; a fresh one when none is given). The
key is unique in `applications`, so a retry after a lost answer, a double click, or two
racing copies of one request all return the one stored decision. A key sent again with
different answers is refused rather than silently answered with another application's
decision.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.data import decision_reads, orm, repository
from core.decisions.schema import FieldError, ValidationError

MAX_KEY_LENGTH = 100
_KEY = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._:-]{{0,{MAX_KEY_LENGTH - 1}}}")


def new_idempotency_key() -> str:
    """A fresh random key, for a submission whose sender gave none."""
    return uuid.uuid4().hex


def key_problems(key: Any) -> list[FieldError]:
    """What is wrong with a sender's key: letters, digits and `._:-`, 1 to 100 characters."""
    if isinstance(key, str) and len(key) <= MAX_KEY_LENGTH and _KEY.fullmatch(key):
        return []
    return [FieldError("idempotency_key", "idempotency_key_format", {"max": MAX_KEY_LENGTH})]


def find_stored(session: Session, key: str, answers: dict[str, Any]) -> orm.Application | None:
    """The application already stored under `key`, or None; `ValidationError` if its answers differ."""
    stored = decision_reads.find_submission(session=session, idempotency_key=key)
    return None if stored is None else _same_answers(stored, answers)


def stored_under(session: Session, application_id: int | None, answers: dict[str, Any]) -> orm.Application | None:
    """The application `application_id` found under a submission's key (by `find_region_and_client`),
    or None; `ValidationError` if its answers differ."""
    if application_id is None:
        return None
    stored = repository.get_application(session=session, application_id=application_id)
    return None if stored is None else _same_answers(stored, answers)


def store_once(
    session: Session, record: orm.Application, *, with_it: Callable[[Session, orm.Application], None] | None = None
) -> orm.Application:
    """Store `record` and commit `session`'s transaction, or return the application that a racing
    copy of it stored first. `with_it` writes what must be committed with the record (the
    decision API's audit entry), once the record has its id."""
    try:
        repository.add_application(session=session, record=record)
        if with_it is not None:
            with_it(session, record)
        session.commit()
        return record
    except IntegrityError:
        session.rollback()
        stored = find_stored(session, record.idempotency_key, record.answers)
        if stored is None:
            raise
        return stored


def _same_answers(stored: orm.Application, answers: dict[str, Any]) -> orm.Application:
    if stored.answers != answers:
        raise ValidationError([FieldError("idempotency_key", "idempotency_key_reused")])
    return stored
