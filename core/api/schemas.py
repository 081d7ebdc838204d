"""What the API takes and gives, as Pydantic models, with the examples `/docs` shows.

`ApplicationIn` is built from the questionnaire's own schema (`core.decisions.schema`): the
field names, the choices and the income range come from there, and
`tests/api/test_schemas.py` checks the two agree field by field. It describes the request
for OpenAPI; the validation itself is core's `parse_application`, so a channel gets the
same checks and the same messages, in the same words, as the form.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.decisions.policy import OFFERS
from core.decisions.schema import ADDRESS_CATEGORIES, EDUCATION_LEVELS, MAX_INCOME, MIN_INCOME

IDEMPOTENCY_KEY_MAX = 64

APPLICATION_EXAMPLE: dict[str, Any] = {
    "full_name": "Соколова Мария Андреевна",
    "birth_date": "1988-05-17",
    "passport": "4510 654321",
    "region": "Москва",
    "education": "GRD",
    "income": 85000,
    "good_work": True,
    "car": True,
    "car_type": False,
    "foreign_passport": True,
    "home_address": 1,
    "work_address": 2,
    "consent": True,
}


class ApplicationIn(BaseModel):
    """The questionnaire's answers with the applicant's identity, as the form asks them."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [APPLICATION_EXAMPLE]})

    full_name: str = Field(max_length=200, description="Surname, first name and patronymic, as in the passport")
    birth_date: date = Field(description="Date of birth, YYYY-MM-DD; the applicant is at least 18")
    passport: str = Field(max_length=20, description="Passport series and number: 10 digits, spaces allowed")
    education: Literal[EDUCATION_LEVELS] = Field(  # type: ignore[valid-type]
        description="SCH school, UGR incomplete higher, GRD higher, PGR postgraduate, ACD academic degree"
    )
    income: int = Field(ge=MIN_INCOME, le=MAX_INCOME, description="Monthly income, roubles")
    good_work: bool = Field(description="A stable, well-paid job")
    car: bool = Field(description="Owns a car")
    car_type: bool = Field(description="The car is a foreign make (false when there is no car)")
    foreign_passport: bool = Field(description="Has a passport for travel abroad")
    region: str = Field(description="Region of residence, by its name in the bank's list (as the form offers it)")
    home_address: Literal[ADDRESS_CATEGORIES] = Field(description="Home address category")  # type: ignore[valid-type]
    work_address: Literal[ADDRESS_CATEGORIES] = Field(description="Work address category")  # type: ignore[valid-type]
    consent: bool = Field(description="Consent to the processing of personal data and the credit-bureau enquiry: true")


class DecisionOut(BaseModel):
    """The decision record as a channel may show it to the applicant: never the bank's data,
    the PD or the model (staff see those in the staff pages)."""

    id: int = Field(description="The record's id, for GET /v1/applications/{id}")
    application_number: int = Field(description="The number the applicant quotes to the bank (today: the id)")
    created_at: datetime
    channel: str = Field(description="The channel whose key submitted it")
    decision: Literal[tuple(OFFERS)] = Field(description="premium: approved; alternative: the Starter card instead")  # type: ignore[valid-type]
    offer: Literal[tuple(OFFERS.values())]  # type: ignore[valid-type]
    offer_text: str = Field(description="The offer in words, in the response's language, with its limit")
    credit_limit: int | None = Field(description="The card's credit limit in roubles, as the credit policy sets it")
    reasons: list[str] = Field(description="The main reasons, from the applicant's own answers only")
    language: Literal["ru", "en"] = Field(description="Of offer_text and reasons: from Accept-Language")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1042,
                    "application_number": 1042,
                    "created_at": "2026-11-25T13:40:12.120000Z",
                    "channel": "mobile",
                    "decision": "premium",
                    "offer": "premium_card",
                    "offer_text": "Congratulations! You are approved for the Premium credit card with a credit "
                    "limit of 150,000 RUB.",
                    "credit_limit": 150000,
                    "reasons": [
                        "Your monthly income.",
                        "Having a passport for travel abroad.",
                        "Your level of education.",
                    ],
                    "language": "en",
                }
            ]
        }
    )


class ErrorsOut(BaseModel):
    """Invalid input: one message per field, in the response's language; nothing was stored."""

    errors: dict[str, str]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"errors": {"income": "Enter your monthly income in roubles, from 1,000 to 10,000,000."}},
            ]
        }
    )


class DetailOut(BaseModel):
    """Any other refusal: 401, 404, 429 and 503 say no more than this."""

    detail: str


class HealthOut(BaseModel):
    """The process answers."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})

    status: Literal["ok"] = "ok"


class ReadyOut(BaseModel):
    """Whether this process can decide: the database answers and both segments' champions load."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"status": "ready", "database": "ok", "models": {"new": "ok", "existing": "ok"}}]
        }
    )

    status: Literal["ready", "unavailable"]
    database: Literal["ok", "unavailable"]
    models: dict[str, Literal["ok", "unavailable"]]


# How the refusals are described in the OpenAPI document.
def unavailable_response(description: str) -> dict[str, Any]:
    """The OpenAPI description of a 503 answer with Retry-After."""
    return {
        "model": DetailOut,
        "description": description,
        "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
        "content": {"application/json": {"example": {"detail": "Service unavailable, try again shortly"}}},
    }


UNAUTHORIZED_RESPONSE = {
    "model": DetailOut,
    "description": "No valid key: missing, unknown or revoked (no more is said)",
    "content": {"application/json": {"example": {"detail": "Unauthorized"}}},
}
TOO_MANY = {
    "model": DetailOut,
    "description": "The key's requests per minute are used up",
    "headers": {"Retry-After": {"description": "Seconds until the next minute", "schema": {"type": "integer"}}},
    "content": {"application/json": {"example": {"detail": "Too many requests"}}},
}
