"""The questionnaire: its fields, their validation, and the validated `Application`.

Validation collects every problem at once, one `FieldError` per field, so a form can show
them inline; nothing downstream ever sees an unvalidated value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from core.data.identity import name_key, normalize_passport
from core.decisions.errors import FieldError, ValidationError
from core.decisions.fields import FieldReader

__all__ = ["Application", "FieldError", "ValidationError", "age_on", "parse_application"]

EDUCATION_LEVELS = ("SCH", "UGR", "GRD", "PGR", "ACD")
ADDRESS_CATEGORIES = (1, 2, 3)
MIN_APPLICANT_AGE = 18
MAX_APPLICANT_AGE = 120
MIN_INCOME, MAX_INCOME = 1_000, 10_000_000
MAX_NAME = 200  # the stored name and its search key (which may be longer: 'ß' folds to 'ss')
MAX_REGION = 120
MAX_PASSPORT_TEXT = 20  # as typed: '№ 4510 123456'

IDENTITY_FIELDS = ("full_name", "birth_date", "passport")
# Required: consent to the processing of personal data and the credit-bureau enquiry (core.decisions.consent).
CONSENT_FIELD = "consent"
QUESTIONNAIRE_FIELDS = (
    "education",
    "income",
    "good_work",
    "car",
    "car_type",
    "foreign_passport",
    "region",
    "home_address",
    "work_address",
)

# Words of letters joined by single hyphens, apostrophes or dots; words separated by single
# spaces. Every repetition starts with a separator that a letter cannot be, and the
# quantifiers are possessive, so matching never backtracks: linear time on any input.
_WORD = r"[^\W\d_]++(?:[-'’.][^\W\d_]++)*+"
_NAME = re.compile(rf"{_WORD}(?: {_WORD})++\.?")


@dataclass(frozen=True, slots=True)
class Application:
    """A validated questionnaire with the applicant's identity."""

    full_name: str
    birth_date: date
    passport: str
    education: str
    income: int
    good_work: bool
    car: bool
    car_type: bool
    foreign_passport: bool
    region: str
    home_address: int
    work_address: int

    def age_on(self, day: date) -> int:
        """Age in whole years on `day`."""
        return age_on(self.birth_date, day)

    def answers(self) -> dict[str, Any]:
        """The fields as JSON-friendly values, for the decision record."""
        # Shallow: every field is a plain value (asdict's deep copy cost a tenth of a decision).
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        data["birth_date"] = self.birth_date.isoformat()
        return data


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on `day` of someone born on `birth_date`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def parse_application(raw: Mapping[str, Any], *, today: date | None = None) -> Application:
    """Validate raw answers (typed values or strings) into an `Application`.

    Raises `ValidationError` listing every problem; region existence is checked by the
    scoring core against the database, not here, and only for a region that passed here.
    """
    today = today or date.today()
    errors: list[FieldError] = []
    p = FieldReader(raw, errors)

    full_name = p.text("full_name", MAX_NAME)
    if full_name is not None and not _NAME.fullmatch(full_name):
        errors.append(FieldError("full_name", "name_format"))
    elif full_name is not None and len(name_key(full_name)) > MAX_NAME:
        errors.append(FieldError("full_name", "too_long", {"max": MAX_NAME}))
    passport = p.digits_text("passport", MAX_PASSPORT_TEXT, max_digits=10)
    if passport is not None:
        passport = normalize_passport(passport)
        if not re.fullmatch(r"[0-9]{10}", passport):
            errors.append(FieldError("passport", "passport_format"))
    birth_date = p.date("birth_date")
    if birth_date is not None:
        age = age_on(birth_date, today)
        if birth_date > today:
            errors.append(FieldError("birth_date", "birth_date_future"))
        elif age < MIN_APPLICANT_AGE:
            errors.append(FieldError("birth_date", "too_young", {"min_age": MIN_APPLICANT_AGE}))
        elif age > MAX_APPLICANT_AGE:
            errors.append(FieldError("birth_date", "too_old"))
    education = p.choice("education", EDUCATION_LEVELS)
    income = p.integer("income", MIN_INCOME, MAX_INCOME, "income_range", low=f"{MIN_INCOME:,}", high=f"{MAX_INCOME:,}")
    good_work, car, car_type, foreign_passport = (
        p.boolean(name) for name in ("good_work", "car", "car_type", "foreign_passport")
    )
    if car is False and car_type is True:
        errors.append(FieldError("car_type", "foreign_car_without_car"))
    region = p.text("region", MAX_REGION)
    home_address = p.choice("home_address", ADDRESS_CATEGORIES)
    work_address = p.choice("work_address", ADDRESS_CATEGORIES)
    if FieldReader({CONSENT_FIELD: raw.get(CONSENT_FIELD)}, []).boolean(CONSENT_FIELD) is not True:
        errors.append(FieldError(CONSENT_FIELD, "consent_required"))  # one message, whatever was wrong

    if errors:
        raise ValidationError(errors)
    return Application(
        full_name=full_name,  # type: ignore[arg-type]
        birth_date=birth_date,  # type: ignore[arg-type]
        passport=passport,  # type: ignore[arg-type]
        education=education,  # type: ignore[arg-type]
        income=income,  # type: ignore[arg-type]
        good_work=good_work,  # type: ignore[arg-type]
        car=car,  # type: ignore[arg-type]
        car_type=car_type,  # type: ignore[arg-type]
        foreign_passport=foreign_passport,  # type: ignore[arg-type]
        region=region,  # type: ignore[arg-type]
        home_address=home_address,  # type: ignore[arg-type]
        work_address=work_address,  # type: ignore[arg-type]
    )
