"""Staff accounts, as an administrator manages them."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from core import staff
from core.data import orm
from tests.app.conftest import PASSWORD, PROJECT, TIMEOUT, add_staff, open_app, shown, sign_in, signed_in
from ui.session import StaffUser
from ui.startup import router_ran

pytestmark = pytest.mark.slow


@pytest.fixture
def admin(app_db) -> AppTest:
    add_staff(app_db, "root", "admin")
    at = sign_in(open_app(), "root")
    return at.switch_page("pages/staff.py").run()


def account(engine, name: str) -> orm.StaffAccount:
    with Session(engine) as session:
        return staff.find_user(session=session, name=name)


def add(at: AppTest, name: str, role: str, password: str, repeat: str | None = None) -> AppTest:
    at.text_input(key="staff_new_name").set_value(name)
    at.selectbox(key="staff_new_role").set_value(role)
    at.text_input(key="staff_new_password").set_value(password)
    at.text_input(key="staff_new_repeat").set_value(password if repeat is None else repeat)
    return at.button(key="staff_create").click().run()


def test_the_staff_page_itself_shows_an_analyst_nothing(app_db):
    # The router never hands an analyst this page; should it run anyway, its own check holds.
    add_staff(app_db, "anna", "analyst")
    router_ran()  # as in a process whose front page has been opened once
    at = signed_in(app_db, AppTest.from_file(str(PROJECT / "pages" / "staff.py"), default_timeout=TIMEOUT), "anna")
    at.run()

    assert at.session_state["staff_user"] == StaffUser(name="anna", role="analyst")  # signed in, and yet

    assert not at.dataframe and not at.text_input
    assert at.info[0].value == "Эта страница для сотрудников банка: сначала войдите."


def test_the_administrator_adds_an_analyst(app_db, admin):
    at = add(admin, "boris", "analyst", PASSWORD)

    message = "Учётная запись boris создана. Пароль временный: при первом входе boris задаст свой."
    assert shown(at.tabs[0].success[0].value) == message  # in the tab where it was asked for
    assert set(at.dataframe[0].value["Пользователь"]) == {"root", "boris"}
    assert account(app_db, "boris").role == "analyst"
    with Session(app_db) as session:
        entry = session.scalars(select(orm.AuditEntry).where(orm.AuditEntry.action == "user_created")).one()
    assert (entry.user_name, entry.target) == ("root", "boris")


@pytest.mark.parametrize(
    ("password", "repeat", "message"),
    [
        ("short", None, "Пароль должен быть не короче 12 символов."),
        (PASSWORD, PASSWORD + "!", "Пароли не совпадают."),
    ],
)
def test_a_weak_or_mistyped_password_is_refused(app_db, admin, password, repeat, message):
    at = add(admin, "boris", "analyst", password, repeat)

    assert shown(at.error[0].value) == message
    assert account(app_db, "boris") is None


def test_the_administrator_unlocks_and_deactivates_an_account(app_db, admin):
    from datetime import UTC, datetime

    add_staff(app_db, "anna", "analyst")
    with Session(app_db) as session, session.begin():
        for _ in range(staff.MAX_FAILED_ATTEMPTS):
            staff.authenticate(session=session, name="anna", password="wrong", now=datetime.now(UTC))
    at = admin.run()
    assert "заблокирована до" in " ".join(at.dataframe[0].value["Состояние"])

    at.selectbox(key="staff_account").set_value("anna").run()
    at.button(key="staff_unlock").click().run()
    assert account(app_db, "anna").locked_until is None
    assert "staff_unlock" not in [button.key for button in at.button]  # "Unlock" is only for locked accounts
    at = at.button(key="staff_toggle").click().run()
    assert account(app_db, "anna").active is True  # not before it is confirmed in the dialog
    assert "выйдет из всех браузеров" in " ".join(m.value for m in at.markdown)
    at.button(key="staff_confirm_deactivate").click().run()
    assert account(app_db, "anna").active is False
    assert "отключена" in set(at.dataframe[0].value["Состояние"])


def test_the_administrator_cannot_deactivate_themselves(app_db, admin):
    at = admin.selectbox(key="staff_account").set_value("root").run()

    assert at.button(key="staff_toggle").disabled
