from datetime import date

import pytest

from core.data.identity import name_key
from core.decisions.schema import ValidationError, parse_application

TODAY = date(2026, 11, 25)
VALID = {
    "full_name": "Иванов  Иван Иванович",
    "birth_date": "1990-05-01",
    "passport": "4510 123456",
    "education": "grd",
    "income": "30 000",
    "good_work": True,
    "car": "Y",
    "car_type": "N",
    "foreign_passport": "да",
    "region": "Москва",
    "home_address": 1,
    "work_address": "2",
    "consent": True,
}


def errors_of(**changes):
    with pytest.raises(ValidationError) as caught:
        parse_application({**VALID, **changes}, today=TODAY)
    return caught.value.by_field("en")


def test_valid_answers_are_normalised():
    application = parse_application(VALID, today=TODAY)
    assert application.full_name == "Иванов Иван Иванович"
    assert application.passport == "4510123456"
    assert application.education == "GRD"
    assert application.income == 30_000
    assert (application.car, application.car_type, application.foreign_passport) == (True, False, True)
    assert application.age_on(TODAY) == 36


def test_every_problem_is_reported_once_per_field():
    messages = errors_of(full_name="", passport="12", income="abc", education="X")
    assert set(messages) == {"full_name", "passport", "income", "education"}
    assert messages["full_name"] == "This field is required."
    assert messages["passport"] == "Enter the passport series and number: 10 digits."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "Ivan", "Enter your full name as in your passport"),
        ("full_name", "Ivan 2Petrov", "Enter your full name as in your passport"),
        ("birth_date", "01.05.1990", "Enter a date as YYYY-MM-DD."),
        ("birth_date", "2030-01-01", "The date of birth is in the future."),
        ("birth_date", "2010-01-01", "Applicants must be at least 18 years old."),
        ("income", "30000.5", "Enter a whole number."),
        ("income", "0", "Enter your monthly income in roubles, from 1,000 to 10,000,000."),
        ("good_work", "maybe", "Answer yes or no."),
        ("home_address", 4, "Choose the home address category from the list: category 1, 2 or 3"),
    ],
)
def test_bad_value_gets_a_clear_message(field, value, message):
    assert errors_of(**{field: value})[field].startswith(message)


def test_foreign_car_needs_a_car():
    assert "car_type" in errors_of(car=False, car_type=True)


def test_messages_in_russian():
    with pytest.raises(ValidationError) as caught:
        parse_application({**VALID, "passport": "1"}, today=TODAY)
    assert caught.value.by_field("ru")["passport"] == "Введите серию и номер паспорта: 10 цифр."


def test_name_key_ignores_case_spacing_and_yo():
    assert name_key("  СЕМЁНОВ   Пётр ") == name_key("семенов петр") == "семенов петр"


@pytest.mark.parametrize("typed", ["85000", "85 000", "85\u00a0000", "85\u202f000", "85,000", "85000.0"])
def test_income_may_be_typed_with_thousands_separators(typed):
    assert parse_application({**VALID, "income": typed}, today=TODAY).income == 85_000


def test_income_with_a_decimal_comma_is_not_read_as_thousands():
    assert errors_of(income="85000,5")["income"] == "Enter a whole number."


@pytest.mark.parametrize("consent", [None, False, "", "no"])
def test_an_application_needs_the_consent(consent):
    messages = errors_of(consent=consent)
    assert messages == {"consent": "To apply, agree to the processing of your data and the credit-bureau enquiry."}
