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


def shown(widget) -> list[str]:
    """The words a choice widget shows for its answer, as the browser draws it."""
    if widget.type == "button_group":
        return list(widget.formatted_values)
    values = widget.value if widget.type == "multiselect" else [widget.value]
    return [widget.format_func(value) for value in values]


def choices(at) -> list:
    """Every answered choice widget of the page but the language switch itself."""
    widgets = [*at.selectbox, *at.radio, *at.multiselect, *at.button_group]
    return [w for w in widgets if w.key not in (None, "lang") and w.value not in (None, [])]


@pytest.mark.parametrize("page", ["decisions", "clients", "review", "experiments", "policy", "monitoring", "staff"])
def test_every_answered_choice_of_a_staff_page_is_redrawn_in_the_new_language(app_db, page):
    from tests.app.conftest import add_staff, open_app_as

    add_staff(app_db, "root", "admin")
    at = open_app_as(app_db, "root").switch_page(f"pages/{page}.py").run()
    if page == "clients":  # a search, so that its results' chooser is drawn
        at.text_input(key="clients_query").set_value("петров").run()
    before = {w.key: shown(w) for w in choices(at)}

    at.button_group(key="lang").set_value("en").run()

    assert not at.exception
    after = {w.key: w for w in choices(at)}
    assert set(after) == set(before)
    for key, widget in after.items():
        assert all(label in widget.options for label in shown(widget)), key
        assert widget.proto.set_value, key  # the browser is told to draw it in the new words


def test_the_recent_decisions_filters_say_any_in_the_new_language(app_db):
    from tests.app.conftest import add_staff, open_app_as

    add_staff(app_db, "anna", "analyst")
    at = open_app_as(app_db, "anna").switch_page("pages/decisions.py").run()
    at.selectbox(key="decisions_segment").set_value("existing")
    at.button(key="decisions_show").click().run()
    assert at.selectbox(key="decisions_outcome").options[0] == "Любое"

    at.button_group(key="lang").set_value("en").run()

    outcome, segment = at.selectbox(key="decisions_outcome"), at.selectbox(key="decisions_segment")
    assert outcome.options[0] == "Any" and shown(outcome) == ["Any"] and outcome.proto.set_value
    assert shown(segment) == ["existing client"] and segment.proto.set_value


def tab_containers(at) -> list:
    """The page's `st.tabs` blocks, as the browser receives them."""
    found, todo = [], [at._tree]
    while todo:
        node = todo.pop()
        if getattr(node, "type", None) == "tab_container":
            found.append(node)
        todo.extend(getattr(node, "children", {}).values())
    return found


def switch_keeps_the_third_tab(at, key: str) -> None:
    """Choose the third tab as a click does (the browser sends its label), switch to English, and
    check that the third tab is still the one shown, in its English words."""
    russian = at.tabs[2].label
    at.session_state[key] = russian
    at.run()

    at.button_group(key="lang").set_value("en").run()

    [container] = tab_containers(at)
    assert container.proto.tab_container.default_tab_index == 2
    assert at.session_state[key] == at.tabs[2].label != russian


@pytest.mark.parametrize(
    ("page", "key"), [("policy", "policy_tab"), ("experiments", "experiments_tab"), ("staff", "staff_tab")]
)
def test_a_language_switch_keeps_the_tab_the_user_is_on(app_db, page, key):
    from tests.app.conftest import add_staff, open_app_as

    add_staff(app_db, "root", "admin")
    switch_keeps_the_third_tab(open_app_as(app_db, "root").switch_page(f"pages/{page}.py").run(), key)
