"""The questionnaire, as an applicant uses it."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data import orm
from core.decisions.consent import CONSENT_VERSION, consent_text
from core.decisions.explanations import reason_text
from core.decisions.scoring import decision_of
from core.i18n import money
from core.i18n import t as core_t
from tests.app.conftest import a_client, flat, open_app, texts
from tests.conftest import GOOD_ANSWERS

pytestmark = pytest.mark.slow


def fill(at, **changes):
    """Answer every question (GOOD_ANSWERS, with `changes`) as an applicant would, in order: the
    make of the car is asked only once "you own a car" is answered yes."""
    for name, value in (GOOD_ANSWERS | changes).items():
        if name == "car_type" and not any(w.key == "apply_car_type" for w in at.radio):
            at.run()
            if value is None or not any(w.key == "apply_car_type" for w in at.radio):
                continue  # not asked
        widget(at, f"apply_{name}").set_value(f"{value}" if name == "income" and value is not None else value)
    return at


def widget(at, key):
    for kind in ("text_input", "date_input", "selectbox", "radio", "checkbox"):
        found = [w for w in getattr(at, kind) if w.key == key]
        if found:
            return found[0]
    raise AssertionError(f"no widget {key}")


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


def test_a_known_client_is_told_the_bank_side_reasons_in_general_words_never_pd_or_raw_values(app_db):
    client = a_client(app_db, offset=1)
    at = fill(open_app(), full_name=client.full_name, birth_date=client.birth_date, passport=client.passport)
    at = submit(at)

    [record] = stored(app_db)
    assert record.segment == "existing"  # scored with the bank's data...
    screen = texts(at)
    assert shown_offer(at)
    for reason in record.reasons:
        assert reason_text(reason, "ru") in screen  # ...told in general words
    assert f"{record.features['score_bki']}" not in screen and f"{record.features['score_bki']:.2f}" not in screen
    assert f"{record.pd:.1%}" not in screen and f"{record.pd:.2f}" not in screen
    assert "existing" not in screen.casefold()


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


def test_the_make_of_the_car_is_asked_only_after_you_own_a_car(app_db):
    at = open_app()
    assert not [w for w in at.radio if w.key == "apply_car_type"]
    at.radio(key="apply_car").set_value(True).run()
    assert at.radio(key="apply_car_type").label == "Это иномарка?"
    at.radio(key="apply_car").set_value(False).run()
    assert not [w for w in at.radio if w.key == "apply_car_type"]


def test_a_car_owner_must_say_whether_it_is_a_foreign_make(app_db):
    at = submit(fill(open_app(), car=True, car_type=None))

    assert message_under(at, "car_type") == core_t("error.required", "ru")
    assert not stored(app_db)


def test_the_consent_is_required_and_stored_with_its_version(app_db):
    at = submit(fill(open_app(), consent=False))
    assert message_under(at, "consent") == core_t("error.consent_required", "ru")
    assert not stored(app_db)

    at.checkbox(key="apply_consent").check()
    at = submit(at)
    assert stored(app_db)[0].consent_version == CONSENT_VERSION
    assert consent_text("ru") in texts(at)


def test_income_is_shown_with_thousands_separators(app_db):
    at = open_app()
    at.text_input(key="apply_income").set_value("85000").run()
    assert at.text_input(key="apply_income").value == "85\u00a0000"
    at.button_group(key="lang").set_value("en").run()
    at.text_input(key="apply_income").set_value("1250000").run()
    assert at.text_input(key="apply_income").value == "1,250,000"


@pytest.mark.parametrize("typed", ["120 000", "120\u202f000", "120\u00a0000", "120,000"])
def test_income_typed_with_spaces_or_commas_is_read_and_regrouped(app_db, typed):
    at = open_app()
    at.text_input(key="apply_income").set_value(typed).run()
    assert at.text_input(key="apply_income").value == "120\u00a0000"


def test_every_outcome_shows_the_application_number_and_what_happens_next(app_db):
    at = submit(fill(open_app()))

    [record] = stored(app_db)
    screen = texts(at)
    assert f"Заявка № {record.id}" in screen
    assert core_t(f"next.{record.decision}", "ru") in screen


def test_a_declined_applicant_accepts_the_starter_card(app_db):
    old = date.today().replace(year=date.today().year - 75, day=1)
    at = submit(fill(open_app(), birth_date=old))
    assert shown_offer(at) == decision_of(stored(app_db)[0]).offer_text("ru")
    assert stored(app_db)[0].offer == "starter_card"

    at = at.button(key="apply_accept").click().run()

    assert stored(app_db)[0].offer_accepted_at is not None
    assert core_t("offer.accepted", "ru") in texts(at)
    assert not [b for b in at.button if b.key == "apply_accept"]


def test_a_referred_application_shows_its_number_and_that_the_bank_will_get_back(app_db):
    client = a_client(app_db, offset=1)
    at = fill(open_app(), full_name="Другой Человек Петрович", birth_date=client.birth_date, passport=client.passport)
    at = submit(at)

    [record] = stored(app_db)
    assert record.decision == "referred"
    assert shown_offer(at) == core_t("offer.manual_review", "ru")
    screen = texts(at)
    assert f"Заявка № {record.id}" in screen and core_t("next.referred", "ru") in screen
    assert not [m for m in at.markdown if m.value.startswith("- ")]  # no reasons: nothing was decided yet


def test_an_empty_form_flags_every_question(app_db):
    at = submit(open_app())

    assert len(at.error) == 12  # eleven questions (the make is not asked yet) and the consent
    assert {e.value for e in at.error} == {core_t("error.required", "ru"), core_t("error.consent_required", "ru")}
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
