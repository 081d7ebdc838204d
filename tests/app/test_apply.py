"""The questionnaire, as an applicant uses it."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data import orm
from core.decisions.reasons import reason_text
from core.decisions.scoring import decision_of
from core.i18n import money
from core.i18n import t as core_t
from core.modelling.features import BANK_FEATURES
from tests.app.conftest import a_client, flat, open_app, texts
from tests.conftest import GOOD_ANSWERS

pytestmark = pytest.mark.slow


def fill(at, **changes):
    """Answer every question (GOOD_ANSWERS, with `changes`), as typed values."""
    for name, value in (GOOD_ANSWERS | changes).items():
        key = f"apply_{name}"
        for kind in ("text_input", "date_input", "selectbox", "number_input", "radio"):
            widgets = [w for w in getattr(at, kind) if w.key == key]
            if widgets:
                widgets[0].set_value(value)
                break
        else:
            raise AssertionError(f"no widget {key}")
    return at


def submit(at):
    return at.button(key="apply_submit").click().run()


def stored(engine) -> list[orm.Application]:
    with Session(engine) as session:
        return list(session.scalars(select(orm.Application)))


def offer_of(record, lang: str) -> str:
    """The offer, with its credit limit, as the stored decision reads to the applicant."""
    text = decision_of(record).offer_text(lang)
    assert money(record.credit_limit, lang) in text
    return text


def test_a_complete_questionnaire_gets_an_offer_and_is_stored(app_db):
    at = submit(fill(open_app()))

    assert not at.exception
    shown = {alert.value for alert in [*at.success, *at.info]}
    [record] = stored(app_db)
    assert offer_of(record, "ru") in shown, shown
    assert record.full_name == GOOD_ANSWERS["full_name"]
    assert record.passport == "4510654321"
    assert record.lang == "ru"
    assert record.segment == "new"


def test_the_applicant_never_sees_pd_segment_or_bank_data(app_db):
    client = a_client(app_db, offset=1)
    at = fill(open_app(), full_name=client.full_name, birth_date=client.birth_date, passport=client.passport)
    at = submit(at)

    [record] = stored(app_db)
    assert record.segment == "existing"  # scored with the bank's data...
    bank = [reason for reason in record.reasons if reason["code"] in BANK_FEATURES]
    assert bank, "precondition: this decision rests partly on the bank's data"
    screen = texts(at)
    assert shown_offer(at)
    for reason in bank:
        assert reason_text(reason, "ru") not in screen  # ...which the applicant is never told
    assert f"{record.pd:.1%}" not in screen and f"{record.pd:.2f}" not in screen
    assert "клиент банка" not in screen.casefold() and "existing" not in screen.casefold()


def shown_offer(at) -> str:
    [offer] = [alert.value for alert in [*at.success, *at.info]]
    return offer


def test_the_reasons_are_listed_under_the_offer(app_db):
    at = submit(fill(open_app()))

    decision_block = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert decision_block and all(line.startswith("- ") for line in decision_block[0].splitlines())


YOUNG = date.today() - timedelta(days=365 * 10)


@pytest.mark.parametrize(
    ("field", "value", "code", "params"),
    [
        ("full_name", "Ivan", "name_format", {}),
        ("full_name", "", "required", {}),
        ("passport", "12345", "passport_format", {}),
        ("birth_date", YOUNG, "too_young", {"min_age": 18}),
        ("birth_date", None, "required", {}),
        ("income", 500, "income_range", {"low": "1,000", "high": "10,000,000"}),
        ("education", None, "required", {}),
        ("region", None, "required", {}),
        ("good_work", None, "required", {}),
        ("home_address", None, "required", {}),
    ],
)
def test_each_problem_is_shown_under_its_field_and_nothing_is_stored(app_db, field, value, code, params):
    at = submit(fill(open_app(), **{field: value}))

    assert message_under(at, field) == core_t(f"error.{code}", "ru", **params)
    assert len(at.error) == 1  # only the wrong answer is flagged
    assert not stored(app_db)
    assert not at.success and not at.info


def message_under(at, field: str) -> str | None:
    """The error shown right under the field's widget, if any."""
    elements = flat(at)
    widget = next(i for i, element in enumerate(elements) if getattr(element, "key", None) == f"apply_{field}")
    under = elements[widget + 1]
    return under.value if under.type == "error" else None


def test_a_foreign_make_without_a_car_is_flagged_on_the_make_question(app_db):
    at = submit(fill(open_app(), car=False, car_type=True))

    assert message_under(at, "car_type") == core_t("error.foreign_car_without_car", "ru")
    assert message_under(at, "car") is None
    assert not stored(app_db)


def test_an_empty_form_flags_every_question(app_db):
    at = submit(open_app())

    assert len(at.error) == 12
    assert {e.value for e in at.error} == {core_t("error.required", "ru")}
    assert at.warning[0].value == "Пожалуйста, проверьте отмеченные ответы выше."
    assert not stored(app_db)


def test_without_a_car_the_make_question_may_stay_unanswered(app_db):
    at = submit(fill(open_app(), car=False, car_type=None))

    assert not at.error
    assert stored(app_db)[0].answers["car_type"] is False


def test_english_labels_and_messages(app_db):
    at = open_app()
    at.button_group(key="lang").set_value("en").run()
    at = submit(fill(at, passport="12"))

    assert at.title[0].value == "Premium credit card"
    assert at.text_input(key="apply_full_name").label == "Full name"
    assert [e.value for e in at.error] == [core_t("error.passport_format", "en")]


def test_a_decision_in_english_is_stored_with_the_language(app_db):
    at = open_app()
    at.button_group(key="lang").set_value("en").run()
    at = submit(fill(at))

    assert shown_offer(at) == offer_of(stored(app_db)[0], "en")
    assert stored(app_db)[0].lang == "en"


def test_without_a_model_the_applicant_gets_a_clear_message(app_db, trained_models, tmp_path, monkeypatch):
    import shutil

    models = tmp_path / "models-copy"
    shutil.copytree(trained_models, models)
    monkeypatch.setenv("MODELS_DIR", str(models))
    at = open_app()  # starts up with models present
    for pointer in models.glob("*/champion.json"):
        pointer.unlink()  # ...which are then withdrawn
    at = submit(fill(at))

    assert [e.value for e in at.error] == [
        "Сейчас мы не можем принять решение. Пожалуйста, попробуйте через несколько минут."
    ]
    assert not stored(app_db)
