"""The API's request model and core's questionnaire cannot drift apart: same fields, same
choices and ranges, and what one accepts the other accepts."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError as ModelError

from core.api.schemas import APPLICATION_EXAMPLE, ApplicationIn, DecisionOut
from core.decisions.policy import OFFERS
from core.decisions.schema import (
    ADDRESS_CATEGORIES,
    CONSENT_FIELD,
    EDUCATION_LEVELS,
    IDENTITY_FIELDS,
    MAX_INCOME,
    MIN_INCOME,
    QUESTIONNAIRE_FIELDS,
    ValidationError,
    parse_application,
)

SCHEMA = ApplicationIn.model_json_schema()
TODAY = date(2026, 11, 25)


def test_the_model_has_exactly_the_questionnaires_fields_all_required():
    fields = [*IDENTITY_FIELDS, *QUESTIONNAIRE_FIELDS, CONSENT_FIELD]

    assert list(ApplicationIn.model_fields) == fields
    assert SCHEMA["required"] == fields
    with pytest.raises(ValidationError) as core_says:
        parse_application({}, today=TODAY)
    expected = [(f, "consent_required" if f == CONSENT_FIELD else "required") for f in fields]
    assert sorted((e.field, e.code) for e in core_says.value.errors) == sorted(expected)


def test_its_choices_and_range_are_cores():
    properties = SCHEMA["properties"]

    assert properties["education"]["enum"] == list(EDUCATION_LEVELS)
    assert properties["home_address"]["enum"] == properties["work_address"]["enum"] == list(ADDRESS_CATEGORIES)
    assert (properties["income"]["minimum"], properties["income"]["maximum"]) == (MIN_INCOME, MAX_INCOME)
    assert DecisionOut.model_json_schema()["properties"]["decision"]["enum"] == list(OFFERS)


VALID = [
    APPLICATION_EXAMPLE,
    *({**APPLICATION_EXAMPLE, "education": level} for level in EDUCATION_LEVELS),
    *({**APPLICATION_EXAMPLE, "home_address": n, "work_address": n} for n in ADDRESS_CATEGORIES),
    {**APPLICATION_EXAMPLE, "income": MIN_INCOME},
    {**APPLICATION_EXAMPLE, "income": MAX_INCOME},
    {**APPLICATION_EXAMPLE, "car": False, "car_type": False},
]
INVALID = [
    {**APPLICATION_EXAMPLE, "income": MIN_INCOME - 1},
    {**APPLICATION_EXAMPLE, "income": MAX_INCOME + 1},
    {**APPLICATION_EXAMPLE, "education": "PHD"},
    {**APPLICATION_EXAMPLE, "home_address": 4},
    {**APPLICATION_EXAMPLE, "work_address": 0},
    {**APPLICATION_EXAMPLE, "birth_date": "17.05.1988"},
    {**APPLICATION_EXAMPLE, "good_work": "maybe"},
    {**APPLICATION_EXAMPLE, "region": None},
]


@pytest.mark.parametrize("answers", VALID)
def test_what_the_model_accepts_core_accepts_unchanged(answers):
    documented = ApplicationIn.model_validate(answers).model_dump(mode="json")

    application = parse_application(documented, today=TODAY)

    # The consent is not an answer: it is stored beside them with its text's version.
    assert {k: v for k, v in application.answers().items() if k not in {"passport"}} == {
        k: v for k, v in documented.items() if k not in {"passport", CONSENT_FIELD}
    }


@pytest.mark.parametrize("answers", INVALID)
def test_what_the_model_refuses_core_refuses(answers):
    with pytest.raises(ModelError):
        ApplicationIn.model_validate(answers)
    with pytest.raises(ValidationError):
        parse_application(answers, today=TODAY)
