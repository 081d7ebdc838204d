"""The policy's typed rules: what a version may say, and one applicant judged as a whole book is."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from core.decisions.policy_defaults import RULE_DEFAULTS, initial_body
from core.decisions.policy_rules import PolicyBody, SegmentPolicy


def body_with(segment: str, **changes) -> dict:
    data = initial_body(0.08).model_dump(mode="json")
    data["segments"][segment] |= changes
    return data


@pytest.mark.parametrize(
    ("segment", "changes", "message"),
    [
        ("new", {"knockout_rules": [RULE_DEFAULTS["max_declined_applications"].model_dump()]}, "bank's data"),
        ("new", {"cutoff": {"basis": "approval_rate", "value": 0}}, "greater than 0"),
        ("new", {"cutoff": {"basis": "bad_rate", "value": 0.1}}, "basis"),
        ("existing", {"refer_band": -0.1}, "greater than or equal to 0"),
        (
            "new",
            {"knockout_rules": [{"kind": "age_range", "min_age": 70, "max_age": 30, "text": {"en": "x", "ru": "x"}}]},
            "min_age must not exceed max_age",
        ),
        (
            "new",
            {"knockout_rules": [{"kind": "min_income", "amount": 1, "text": {"en": "{salary}", "ru": "x"}}]},
            "unknown value",
        ),
    ],
)
def test_a_version_that_does_not_check_out_is_refused(segment, changes, message):
    with pytest.raises(ValidationError, match=message):
        PolicyBody.model_validate(body_with(segment, **changes))


def test_the_limit_matrix_must_fit_its_bands():
    offer = initial_body(0.08).segments["new"].offer.model_dump()
    with pytest.raises(ValidationError, match="3 rows"):
        PolicyBody.model_validate(body_with("new", offer=offer | {"limits": offer["limits"][:2]}))


def test_the_premium_limit_follows_pd_and_income_bands():
    offer = initial_body(0.08).segments["new"].offer  # PD edges 4 %, 8 %; income from 0, 30,000, 70,000
    assert offer.premium_limit(0.01, 10_000) == 100_000
    assert offer.premium_limit(0.05, 30_000) == 150_000
    assert offer.premium_limit(0.09, 200_000) == 150_000


EXISTING = SegmentPolicy.model_validate(
    initial_body(0.08).model_dump(mode="json")["segments"]["existing"]
    | {"knockout_rules": [rule.model_dump() for rule in RULE_DEFAULTS.values()]}
)


@settings(max_examples=200, deadline=None)
@given(
    age=st.integers(18, 100),
    income=st.integers(0, 300_000),
    declined=st.integers(0, 10),
    enquiries=st.integers(0, 30),
)
def test_one_applicant_and_a_book_are_judged_alike(age, income, declined, enquiries):
    features = {"age": age, "income": income, "decline_app_cnt": declined, "bki_request_cnt": enquiries}
    one = bool(EXISTING.knockouts(features))
    assert EXISTING.knocked_out(pd.DataFrame([features]))[0] == one
