"""The questionnaire: its fields, their validation, and the validated `Application`.

Validation collects every problem at once, one `FieldError` per field, so a form can show
them inline; nothing downstream ever sees an unvalidated value.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from core.data.identity import normalize_name, normalize_passport
from core.i18n import t

EDUCATION_LEVELS = ("SCH", "UGR", "GRD", "PGR", "ACD")
ADDRESS_CATEGORIES = (1, 2, 3)
MIN_APPLICANT_AGE = 18
MAX_APPLICANT_AGE = 120
MIN_INCOME, MAX_INCOME = 1_000, 10_000_000

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

_NAME = re.compile(r"^[^\W\d_]+(?:[-'’.]?[^\W\d_]+)*(?: [^\W\d_]+(?:[-'’.]?[^\W\d_]+)*)+\.?$")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_TRUE = {"1", "y", "yes", "true", "да", "д"}
_FALSE = {"0", "n", "no", "false", "нет", "н"}


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
        data = asdict(self)
        data["birth_date"] = self.birth_date.isoformat()
        return data


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on `day` of someone born on `birth_date`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def parse_application(raw: Mapping[str, Any], *, today: date | None = None) -> Application:
    """Validate raw answers (typed values or strings) into an `Application`.

    Raises `ValidationError` listing every problem; region existence is checked by the
    scoring core against the database, not here.
    """
    today = today or date.today()
    errors: list[FieldError] = []
    p = _Parser(raw, errors)

    full_name = p.text("full_name")
    if full_name is not None and not _NAME.match(normalize_name(full_name)):
        errors.append(FieldError("full_name", "name_format"))
    passport = p.text("passport")
    if passport is not None and not re.fullmatch(r"\d{10}", normalize_passport(passport)):
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
    income = p.integer("income")
    if income is not None and not MIN_INCOME <= income <= MAX_INCOME:
        errors.append(FieldError("income", "income_range", {"low": f"{MIN_INCOME:,}", "high": f"{MAX_INCOME:,}"}))
    good_work, car, car_type, foreign_passport = (
        p.boolean(name) for name in ("good_work", "car", "car_type", "foreign_passport")
    )
    if car is False and car_type is True:
        errors.append(FieldError("car_type", "foreign_car_without_car"))
    region = p.text("region")
    home_address = p.choice("home_address", ADDRESS_CATEGORIES)
    work_address = p.choice("work_address", ADDRESS_CATEGORIES)
    consent = raw.get(CONSENT_FIELD)
    if consent is not True and str(consent).strip().casefold() not in _TRUE:
        errors.append(FieldError(CONSENT_FIELD, "consent_required"))

    if errors:
        raise ValidationError(errors)
    return Application(
        full_name=normalize_name(full_name),  # type: ignore[arg-type]
        birth_date=birth_date,  # type: ignore[arg-type]
        passport=normalize_passport(passport),  # type: ignore[arg-type]
        education=education,  # type: ignore[arg-type]
        income=income,  # type: ignore[arg-type]
        good_work=good_work,  # type: ignore[arg-type]
        car=car,  # type: ignore[arg-type]
        car_type=car_type,  # type: ignore[arg-type]
        foreign_passport=foreign_passport,  # type: ignore[arg-type]
        region=normalize_name(region),  # type: ignore[arg-type]
        home_address=home_address,  # type: ignore[arg-type]
        work_address=work_address,  # type: ignore[arg-type]
    )


class _Parser:
    """Reads one field at a time, recording an error and returning None when it is unusable."""

    def __init__(self, raw: Mapping[str, Any], errors: list[FieldError]):
        self.raw, self.errors = raw, errors

    def _present(self, name: str) -> Any:
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.errors.append(FieldError(name, "required"))
            return None
        return value.strip() if isinstance(value, str) else value

    def _fail(self, name: str, code: str, **params: Any) -> None:
        self.errors.append(FieldError(name, code, params))

    def text(self, name: str) -> str | None:
        value = self._present(name)
        return None if value is None else str(value)

    def date(self, name: str) -> date | None:
        value = self._present(name)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self._fail(name, "not_a_date")
            return None

    def integer(self, name: str) -> int | None:
        value = self._present(name)
        if value is None:
            return None
        if isinstance(value, bool):
            self._fail(name, "not_a_number")
            return None
        text = re.sub(r"[\s\u00a0\u202f]", "", str(value))
        if _THOUSANDS.fullmatch(text):  # 85,000: commas that group thousands, not a decimal comma
            text = text.replace(",", "")
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            self._fail(name, "not_a_number")
            return None
        if not number.is_integer():
            self._fail(name, "not_a_whole_number")
            return None
        return int(number)

    def boolean(self, name: str) -> bool | None:
        value = self._present(name)
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        self._fail(name, "not_yes_no")
        return None

    def choice(self, name: str, choices: tuple[Any, ...]) -> Any:
        value = self._present(name)
        if value is None:
            return None
        for choice in choices:
            if str(value).strip().upper() == str(choice):
                return choice
        self._fail(name, "choice", choices=", ".join(map(str, choices)))
        return None
