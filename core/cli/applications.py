"""`apply`: one decision from a questionnaire in a JSON file, stored as the form stores it.

    python -m core apply --answers FILE.json [--lang ru|en] [--key IDEMPOTENCY_KEY]

Prints the decision record as one JSON object on stdout. Exit status: 0 decided; 2 the
answers were rejected (`{"errors": {field: message}}` on stdout, nothing stored); 1 no model
to score with; 75 the database did not answer: run the same command again with the same
`--key`, which never stores a second application.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core.config import Settings
from core.decisions.schema import CONSENT_FIELD, IDENTITY_FIELDS, QUESTIONNAIRE_FIELDS, ValidationError
from core.i18n import LANGUAGES, t

EX_TEMPFAIL = 75  # sysexits.h: a temporary failure, the caller is invited to retry
MAX_FILE_BYTES = 64 * 1024  # a questionnaire is a few hundred bytes


def register(commands: Any) -> None:
    """Add the `apply` command to the parser."""
    apply = commands.add_parser("apply", help="score one application from a JSON file and store the decision")
    apply.add_argument("--answers", required=True, type=Path, help="the questionnaire as one JSON object")
    apply.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the applicant's texts")
    apply.add_argument("--key", help="idempotency key: the same key again returns the stored decision")
    apply.add_argument("--models-dir", type=Path, help="models folder (default: MODELS_DIR)")
    apply.set_defaults(run=apply_one)


def apply_one(args: argparse.Namespace, settings: Settings) -> int:
    """Score one application; print its decision record, or what is wrong with it."""
    from core.data.connections import DatabaseUnavailable
    from core.data.db import make_engine, migrate
    from core.decisions.scoring import score_application
    from core.modelling.registry import ModelStore

    try:
        raw = read_answers(args.answers)
        engine = make_engine(settings.database_url, settings=settings)
        try:
            migrate(engine)
            decision = score_application(
                raw, engine=engine, store=ModelStore(settings.models_dir), lang=args.lang, idempotency_key=args.key
            )
        finally:
            engine.dispose()
    except ValidationError as invalid:
        _print({"errors": invalid.by_field(args.lang)})
        return 2
    except DatabaseUnavailable as error:
        print(f"{t('error.database_unavailable', args.lang)} ({error})", file=sys.stderr)
        return EX_TEMPFAIL
    _print(
        {
            "id": decision.id,
            "idempotency_key": decision.idempotency_key,
            "created_at": decision.created_at.isoformat(),
            "segment": decision.segment,
            "client_id": decision.client_id,
            "model_name": decision.model_name,
            "model_version": decision.model_version,
            "pd": decision.pd,
            "threshold": decision.threshold,
            "decision": decision.decision,
            "offer": decision.offer,
            "offer_text": decision.offer_text(args.lang),
            "knockout": decision.knockout,
            "reasons": decision.reasons,
            "applicant_reasons": decision.applicant_reasons(args.lang),
        }
    )
    return 0


def read_answers(path: Path) -> dict[str, Any]:
    """The questionnaire in `path`: one JSON object of the form's fields, or `ValidationError`."""
    from core.decisions.schema import FieldError

    def rejected(problem: str) -> ValidationError:
        return ValidationError([FieldError("answers", "answers_file", {"problem": problem})])

    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise rejected(error.strerror or type(error).__name__) from None
    if len(data) > MAX_FILE_BYTES:
        raise rejected(f"larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise rejected("not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise rejected(f"not JSON ({getattr(error, 'msg', 'too deeply nested')})") from None
    if not isinstance(raw, dict):
        raise rejected("not a JSON object")
    known = set(IDENTITY_FIELDS + QUESTIONNAIRE_FIELDS + (CONSENT_FIELD,))
    unknown = [FieldError(str(name)[:100], "unknown_field") for name in raw if name not in known]
    if unknown:
        raise ValidationError(unknown)
    return raw


def _print(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False, allow_nan=False))
