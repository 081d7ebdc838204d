"""Staff sign-in, lockout, sign-out, and which pages each visitor is handed."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import staff
from core.data import orm
from tests.app.conftest import PASSWORD, add_staff, open_app, open_app_as, sign_in

pytestmark = pytest.mark.slow

STAFF_PAGES = ("pages/clients.py", "pages/decisions.py", "pages/policy.py", "pages/review.py", "pages/staff.py")


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_an_anonymous_visitor_is_handed_no_staff_page(app_db, path):
    at = open_app()

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(path)


@pytest.mark.parametrize(
    ("role", "handed"),
    [
        ("analyst", {"clients", "decisions", "review"}),
        ("data_scientist", {"clients", "decisions", "experiments", "monitoring"}),
        ("risk_manager", {"decisions", "policy", "monitoring"}),
        ("admin", {"clients", "decisions", "review", "experiments", "policy", "monitoring", "staff"}),
    ],
)
def test_each_role_is_handed_its_pages_and_no_others(app_db, role, handed):
    add_staff(app_db, "someone", role)
    at = open_app_as(app_db, "someone")

    for page in ("clients", "decisions", "review", "experiments", "policy", "monitoring", "staff"):
        if page in handed:
            at.switch_page(f"pages/{page}.py")  # registered: no error
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(f"pages/{page}.py")


def test_an_anonymous_visitor_sees_the_questionnaire_and_the_sign_in_page(app_db):
    at = open_app()

    assert at.title[0].value == "Премиальная кредитная карта"
    at.switch_page("pages/login.py").run()
    assert at.title[0].value == "Вход для сотрудников"


def test_an_analyst_signs_in_and_lands_on_the_client_lookup(app_db):
    add_staff(app_db, "anna", "analyst")
    at = sign_in(open_app(), "Anna")  # names are not case-sensitive

    assert not at.exception
    assert at.title[0].value == "Поиск клиентов"
    assert at.session_state["staff_user"].name == "anna"
    assert at.session_state["staff_user"].role == "analyst"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(app_db):
    add_staff(app_db, "anna", "analyst")
    wrong_password = sign_in(open_app(), "anna", "not the password at all")
    unknown_name = sign_in(open_app(), "nobody", PASSWORD)

    for at in (wrong_password, unknown_name):
        assert [e.value for e in at.error] == ["Неверное имя пользователя или пароль."]
        assert "staff_user" not in at.session_state


def test_five_failures_lock_the_account_even_against_the_right_password(app_db):
    add_staff(app_db, "anna", "analyst")
    at = open_app()
    for _ in range(4):
        sign_in(at, "anna", "a wrong password, again")
        assert at.error[0].value == "Неверное имя пользователя или пароль."
    sign_in(at, "anna", "a wrong password, again")
    assert at.error[0].value.startswith("Слишком много неудачных попыток: вход заблокирован до ")

    sign_in(at, "anna", PASSWORD)
    assert at.error[0].value.startswith("Слишком много неудачных попыток")
    assert "staff_user" not in at.session_state
    with Session(app_db) as session:
        assert staff.find_user(session=session, name="anna").locked_until is not None


def test_a_deactivated_account_cannot_sign_in(app_db):
    add_staff(app_db, "anna", "analyst")
    with Session(app_db) as session, session.begin():
        staff.set_active(session=session, name="anna", active=False)
    at = sign_in(open_app(), "anna")

    assert [e.value for e in at.error] == ["Учётная запись отключена. Обратитесь к администратору."]
    assert "staff_user" not in at.session_state


def test_signing_out_ends_the_staff_session(app_db):
    add_staff(app_db, "anna", "analyst")
    at = sign_in(open_app(), "anna")
    at.switch_page("pages/login.py").run()
    at.button(key="logout").click().run()

    assert "staff_user" not in at.session_state
    assert at.title[0].value == "Вход для сотрудников"
    with Session(app_db) as session:
        actions = list(session.scalars(select(orm.AuditEntry.action).order_by(orm.AuditEntry.id)))
    assert actions == ["login_ok", "logout"]


def test_a_session_ends_soon_after_its_account_is_deactivated(app_db):

    add_staff(app_db, "anna", "analyst")
    at = sign_in(open_app(), "anna")
    with Session(app_db) as session, session.begin():
        staff.set_active(session=session, name="anna", active=False)
    at.switch_page("pages/clients.py").run()

    assert "staff_user" not in at.session_state
    assert not at.text_input  # no search box
    assert at.info[0].value == "Эта страница для сотрудников банка: сначала войдите."


def test_signing_out_in_one_tab_ends_the_session_in_another_at_its_next_click(app_db):
    from ui.session import _TOKEN

    add_staff(app_db, "anna", "analyst")
    first_tab = sign_in(open_app(), "anna")
    second_tab = open_app_as(app_db, "anna")
    second_tab.session_state[_TOKEN] = first_tab.session_state[_TOKEN]  # one browser, one cookie
    second_tab.switch_page("pages/login.py").run()
    second_tab.button(key="logout").click().run()

    first_tab.switch_page("pages/clients.py").run()  # at once, not a minute later

    assert "staff_user" not in first_tab.session_state
    assert not first_tab.text_input  # no search box
    assert first_tab.info[0].value == "Эта страница для сотрудников банка: сначала войдите."
