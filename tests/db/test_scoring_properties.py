"""Property tests of `score_application` on SQLite and PostgreSQL (hypothesis).

Whatever arrives, a call either returns a decision that is stored exactly as returned, or
raises `ValidationError` and stores nothing; nothing else. The quick profile runs with every
test run; the thorough one (`slow` tier) generates 5,000 applications on each database.
`HYPOTHESIS_PROFILE=thorough` makes the quick test thorough too.
"""

import os
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.data import orm
from core.data.demo import DEMO_REGIONS
from core.decisions.repeats import same_answers
from core.decisions.schema import EDUCATION_LEVELS, ValidationError, parse_application
from core.decisions.scoring import decision_of, score_application

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
_COMMON = {"database": None, "deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
settings.register_profile("quick", max_examples=150, **_COMMON)
settings.register_profile("thorough", max_examples=5_000, **_COMMON)
QUICK = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))
THOROUGH = settings.get_profile("thorough")

DIGITS = "0123456789" + "０１２３４５６７８９" + "٠١٢٣٤٥٦٧٨٩" + "०१२३४५६७८९"
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЖЯabcxyzÀéßﬃİı"
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=LETTERS + " -'’.\x00\u202e\u00ad", max_size=260),
    st.text(alphabet=DIGITS + " -№", max_size=30),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "9" * 400, "", "   ", "\ud800", "a" * 40 + "1", "ß" * 120]),
)
hostile_number = st.one_of(
    st.integers(),
    st.sampled_from([10**5000, -(10**4400), True, 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
)
hostile = st.one_of(
    hostile_text,
    hostile_number,
    st.none(),
    st.datetimes(),
    st.dates(),
    st.lists(st.integers(), max_size=2),
)
names = st.builds(
    lambda words, tail: " ".join(words) + tail,
    st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=30), min_size=2, max_size=4),
    st.sampled_from(["", ".", "-Ли"]),
)
passports = st.text(alphabet=DIGITS, min_size=10, max_size=10).map(lambda d: f"{d[:4]} {d[4:]}")
valid = {
    "full_name": names,
    "birth_date": st.dates(date(1907, 1, 1), date(2008, 11, 24)).flatmap(lambda d: st.sampled_from([d, d.isoformat()])),
    "passport": passports,
    "education": st.sampled_from(EDUCATION_LEVELS + tuple(level.lower() for level in EDUCATION_LEVELS)),
    "income": st.one_of(
        st.integers(1_000, 10_000_000), st.integers(1, 10_000).map(lambda n: f"{n * 1000:,}".replace(",", "\u00a0"))
    ),
    "good_work": st.sampled_from([True, False, "да", "no", 1, 0]),
    "car": st.booleans(),
    "car_type": st.just(False),
    "foreign_passport": st.sampled_from([True, False, "Y", "нет"]),
    "region": st.sampled_from([name for name, _ in DEMO_REGIONS] + [" Москва "]),
    "home_address": st.sampled_from([1, 2, 3, "2", "３"]),
    "work_address": st.sampled_from([1, 2, 3]),
    "consent": st.sampled_from([True, "да", "yes", 1]),
}
applications = st.fixed_dictionaries(valid).flatmap(
    lambda answers: st.dictionaries(st.sampled_from(sorted(valid)), hostile, max_size=3).map(
        lambda spoiled: answers | spoiled
    )
)


def count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(orm.Application)) or 0


def newest(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.max(orm.Application.id))) or 0


def check_one(engine, store, raw: dict) -> None:
    before, last = count(engine), newest(engine)
    try:
        decision = score_application(raw, engine=engine, store=store, now=NOW)
    except ValidationError as invalid:
        assert invalid.errors and all(error.message("ru") and error.message("en") for error in invalid.errors)
        assert count(engine) == before, "a rejected application was stored"
        return
    expected = parse_application(raw, today=NOW.date())
    with Session(engine) as session:
        record = session.get(orm.Application, decision.id)
        assert decision_of(record) == decision
        if decision.id <= last:  # the same answers again: the earlier decision (names compared as the bank does)
            assert same_answers(record.answers, expected.answers()) and record.passport == expected.passport
            assert count(engine) == before
            return
        assert record.answers == expected.answers()
        assert (record.full_name, record.passport, record.birth_date) == (
            expected.full_name,
            expected.passport,
            expected.birth_date,
        )
    assert record.passport.isascii() and record.passport.isdigit()
    assert count(engine) == before + 1


@pytest.fixture
def database(demo_db):
    return demo_db


@given(raw=applications)
@QUICK
def test_only_validation_errors_and_exact_records(database, store, raw):
    check_one(database, store, raw)


@pytest.mark.slow
@given(raw=applications)
@THOROUGH
def test_only_validation_errors_and_exact_records_thoroughly(database, store, raw):
    check_one(database, store, raw)


def test_the_generator_makes_both_kinds():
    """The property would say little if nearly every generated application were rejected."""
    outcomes = []

    @given(raw=applications)
    @settings(max_examples=200, **_COMMON)
    def sample(raw):
        try:
            parse_application(raw, today=NOW.date())
            outcomes.append(True)
        except ValidationError:
            outcomes.append(False)

    sample()
    assert 0.2 < sum(outcomes) / len(outcomes) < 0.9
