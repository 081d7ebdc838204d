"""Switching language keeps a filled questionnaire, and no message shows an internal code (issue 14)."""

import pytest

from core.decisions.schema import ADDRESS_CATEGORIES, EDUCATION_LEVELS
from tests.app.conftest import open_app
from tests.app.test_apply import fill, stored, submit
from tests.conftest import GOOD_ANSWERS

pytestmark = pytest.mark.slow


def test_answers_survive_a_switch_and_the_form_is_scored_again_in_english(app_db):
    at = submit(fill(open_app()))
    assert len(stored(app_db)) == 1

    at.button_group(key="lang").set_value("en").run()

    for name in ("education", "good_work", "car", "foreign_passport", "home_address", "work_address"):
        widget = next(w for w in [*at.selectbox, *at.radio] if w.key == f"apply_{name}")
        assert widget.value == GOOD_ANSWERS[name], name
        # ...and the browser is told to show it answered (it redraws relabelled options as unanswered)
        assert widget.proto.set_value, name
    assert at.selectbox(key="apply_education").format_func("GRD") == "Higher"
    at = submit(at)
    assert not at.error, [e.value for e in at.error]
    assert not at.exception


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_refused_choice_names_the_choices_in_words(lang):
    from core.decisions.errors import FieldError

    for name, choices in (("education", EDUCATION_LEVELS), ("home_address", ADDRESS_CATEGORIES)):
        message = FieldError(name, f"choice.{name}").message(lang)
        assert not any(str(code) in message for code in choices if isinstance(code, str)), message
        assert "SCH" not in message and "1, 2, 3" not in message


def test_a_staff_filter_is_redrawn_in_the_new_language(app_db):
    from tests.app.conftest import add_staff, sign_in

    add_staff(app_db, "root", "admin")
    at = sign_in(open_app(), "root").switch_page("pages/staff.py").run()
    at.button_group(key="lang").set_value("en").run()

    action = at.selectbox(key="audit_action")
    assert action.value == "" and action.format_func("") == "Any"
    assert action.proto.set_value  # the browser is told to redraw "Любое" as "Any"
