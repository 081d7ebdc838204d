"""Issue 14 in the app: administration (roles, temporary passwords, the audit log), client search
as staff use it, no-access visits told why, and the PD chart."""

import json
import tomllib
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from core import staff
from core.data import orm
from tests.app.conftest import PASSWORD, PROJECT, TIMEOUT, a_client, add_staff, open_app, shown, sign_in, signed_in
from ui.texts import t

pytestmark = pytest.mark.slow
NEW_PASSWORD = "my own long password 42"


@pytest.fixture
def admin(app_db):
    add_staff(app_db, "root", "admin")
    return sign_in(open_app(), "root").switch_page("pages/staff.py").run()


def account(engine, name: str) -> orm.StaffAccount:
    with Session(engine) as session:
        return staff.find_user(session=session, name=name)


def audit(engine, action: str) -> list[orm.AuditEntry]:
    with Session(engine) as session:
        return list(session.scalars(select(orm.AuditEntry).where(orm.AuditEntry.action == action)))


def test_the_administrator_changes_a_role_and_sees_the_last_sign_in(app_db, admin):
    add_staff(app_db, "anna", "analyst")
    sign_in(open_app(), "anna")
    at = admin.run()
    assert at.dataframe[0].value["Последний вход"].tolist()[0]  # anna, first by name, has signed in

    at.selectbox(key="staff_account").set_value("anna").run()
    at.selectbox(key="staff_role_anna").set_value("data_scientist").run()
    at = at.button(key="staff_change_role").click().run()

    assert account(app_db, "anna").role == "data_scientist"
    assert "специалист по данным" in shown(at.tabs[1].success[0].value)  # in the tab where it was asked
    [entry] = audit(app_db, "role_changed")
    assert (entry.user_name, entry.target, entry.details) == ("root", "anna", {"role": "data_scientist"})


def test_an_account_made_by_an_admin_chooses_its_own_password_at_first_sign_in(app_db, admin):
    at = admin
    for key, value in {"staff_new_name": "boris", "staff_new_role": "analyst"}.items():
        (at.text_input if key.endswith("name") else at.selectbox)(key=key).set_value(value)
    at.text_input(key="staff_new_password").set_value(PASSWORD)
    at.text_input(key="staff_new_repeat").set_value(PASSWORD)
    at.button(key="staff_create").click().run()
    assert account(app_db, "boris").must_change_password

    boris = sign_in(open_app(), "boris").switch_page("pages/clients.py").run()
    assert boris.title[0].value == t("ui.password.title", "ru")
    assert not boris.text_input(key="own_new").disabled and not [
        w for w in boris.text_input if w.key == "clients_query"
    ]

    boris.text_input(key="own_current").set_value(PASSWORD)
    boris.text_input(key="own_new").set_value(PASSWORD)
    boris.text_input(key="own_repeat").set_value(PASSWORD)
    boris = boris.button(key="own_submit").click().run()
    assert shown(boris.error[0].value) == "Новый пароль должен отличаться от текущего."

    boris.text_input(key="own_current").set_value(PASSWORD)
    boris.text_input(key="own_new").set_value(NEW_PASSWORD)
    boris.text_input(key="own_repeat").set_value(NEW_PASSWORD)
    boris = boris.button(key="own_submit").click().run()
    assert boris.success[0].value == t("ui.password.done", "ru")
    assert boris.title[0].value == t("ui.clients.title", "ru")
    assert not account(app_db, "boris").must_change_password
    assert [e.user_name for e in audit(app_db, "password_changed")] == ["boris"]


def test_the_audit_log_filters_by_user_and_action_and_its_export_is_audited(app_db, admin):
    add_staff(app_db, "anna", "analyst")
    sign_in(open_app(), "anna")
    at = admin.run()
    at.selectbox(key="audit_user").set_value("anna")
    at.selectbox(key="audit_action").set_value("login_ok")
    at = at.button(key="audit_show").click().run()

    table = at.tabs[2].dataframe[0].value
    assert set(table["Пользователь"]) == {"anna"} and set(table["Действие"]) == {"вход"}
    assert at.download_button(key="audit_export").label == "Скачать CSV"

    from ui.audit_log import export

    csv = export("root", {"user_name": "anna", "action": "login_ok", "since": None, "until": None}, "en")
    assert csv.decode("utf-8-sig").splitlines()[0] == "Time,User,Action,Record,Details"
    [entry] = audit(app_db, "audit_exported")
    assert entry.user_name == "root"
    assert entry.details == {"filters": {"user_name": "anna", "action": "login_ok"}, "rows": 1}


def test_tables_offer_no_unaudited_download():
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


def test_a_single_match_opens_the_profile_even_after_an_earlier_search(app_db):
    add_staff(app_db, "anna", "analyst")
    at = sign_in(open_app(), "anna").switch_page("pages/clients.py").run()
    at.text_input(key="clients_query").set_value("ов")
    at = at.button(key="clients_search_button").click().run()
    assert at.selectbox(key="clients_open").value is None  # many: the analyst chooses

    client = a_client(app_db, offset=3)
    at.text_input(key="clients_query").set_value(client.passport[2:8])  # part of the passport
    at = at.button(key="clients_search_button").click().run()

    matches = at.selectbox(key="clients_open").options
    if len(matches) == 1:
        assert at.subheader[0].value == client.full_name
    else:  # six digits may match another passport too
        assert any(client.full_name in option for option in matches)


@pytest.mark.parametrize(
    ("role", "asked", "expected"),
    [
        ("analyst", "experiments", "Для страницы «Эксперименты» нужна другая роль, чем ваша (кредитный аналитик)."),
        (None, "staff", "Страница «Сотрудники» — для сотрудников банка: войдите, чтобы её открыть."),
        (None, "no-such-page", "Страницы «/no-such-page» нет. Вы на начальной странице."),
    ],
)
def test_a_page_that_is_not_the_visitors_says_why_on_the_page_they_land_on(app_db, role, asked, expected):
    at = AppTest.from_file(str(PROJECT / "Home.py"), default_timeout=TIMEOUT)
    if role is not None:
        add_staff(app_db, "anna", role)
        at = signed_in(app_db, at, "anna")
    at.session_state["router_asked_page"] = asked  # a deep link, as `through_router` keeps it
    at = at.run()

    assert any(note.value.startswith(expected) for note in at.info), [note.value for note in at.info]
    assert not at.exception


def test_the_pd_chart_draws_the_threshold_for_a_single_application(app_db):
    from ui import palette
    from ui.charts import pd_history
    from ui.locale import share

    record = orm.Application(
        created_at=datetime(2026, 11, 25, 11, 28, tzinfo=UTC), pd=0.08, threshold=0.12, decision="premium"
    )
    figure = pd_history([record], "ru")

    [line] = figure.layout.shapes
    assert (line.y0, line.y1) == (0.12, 0.12)  # drawn across the chart, even for one application
    assert figure.layout.annotations[0].text == f"{t('ui.profile.threshold', 'ru')} {share(0.12, 'ru')}"
    assert figure.layout.xaxis.tickformatstops[0].value == "%d.%m %H:%M"  # times within a day, not a date 4 times
    [point] = [trace for trace in figure.data if trace.mode == "markers"]
    assert point.marker.color == palette.DECISIONS["premium"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_audit_log_names_every_action_the_product_records_in_words(lang):
    from core.decisions.review import AUDIT_ACTION
    from ui.format import action_name

    recorded = ["view_decision", "api_request", "study_started", "champion_promoted", "champion_rolled_back"]
    recorded += ["challenger_named", "challenger_cleared", AUDIT_ACTION]
    recorded += [f"policy_{a}" for a in ("draft", "approve", "rollback")]
    recorded += [f"alert_{kind}" for kind in ("psi_watch", "psi_act", "bad_rate")]
    for action in recorded:
        assert action_name(action, lang) != action, action  # not the raw code


def test_the_audit_log_says_its_details_in_words_with_numbers_as_the_language_writes_them(app_db, admin):
    now = datetime.now(UTC)
    search = {"query": "петров", "found": 1198}
    request = {"channel": "partner", "key_id": 3, "method": "POST", "path": "/v1/applications", "status": 201}
    request |= {"application_id": 6001, "client_ip": "10.0.0.7", "ms": 12.5}
    exported = {"filters": {"user_name": "anna", "action": "login_ok"}, "rows": 1549}
    with Session(app_db) as session, session.begin():
        for action, details in (("search", search), ("api_request", request), ("audit_exported", exported)):
            staff.record_audit(session=session, user_name="anna", action=action, details=details, now=now)
    at = admin.run()
    at.selectbox(key="audit_user").set_value("anna")
    at = at.button(key="audit_show").click().run()

    log = at.tabs[2].dataframe[0]
    widths = [config["width"] for name, config in json.loads(log.proto.columns).items() if name != "_index"]
    assert len(widths) == len(log.value.columns) and sum(widths) <= 900  # fits 1366 px beside the menu
    details = dict(zip(*(at.tabs[2].dataframe[0].value[c] for c in ("Действие", "Подробности")), strict=True))
    assert details["поиск клиентов"] == "запрос: «петров»; найдено: 1\u00a0198"
    assert details["выгрузка журнала аудита"] == "условия: (пользователь: anna; действие: вход); строк: 1\u00a0549"
    assert details["запрос к API"] == (
        "канал: partner; ключ: 3; метод: POST; адрес: /v1/applications; код ответа: 201; заявка: 6001; "
        "IP-адрес: 10.0.0.7; время ответа: 12,5 мс"
    )

    at.button_group(key="lang").set_value("en").run()
    details = dict(zip(*(at.tabs[2].dataframe[0].value[c] for c in ("Action", "Details")), strict=True))
    assert details["client search"] == "query: «петров»; found: 1,198"


def test_every_detail_the_product_records_has_words_in_both_languages():
    from ui.format import details_text
    from ui.texts import UI

    recorded = ["query", "found", "rows", "filters", "user_name", "action", "since", "until", "unknown_name"]
    recorded += ["inactive", "outcome", "offer", "step", "note", "reason", "run", "override", "role", "segment"]
    recorded += ["family", "period", "value", "limit", "channel", "key_id", "method", "path", "status"]
    recorded += ["application_id", "client_ip", "ms"]
    for name in recorded:
        assert set(UI[f"ui.audit.detail.{name}"]) == {"en", "ru"}, name
    said = details_text({"outcome": "approved", "offer": "starter_card", "step": 2, "override": False}, "ru")
    assert said == "итог: одобрена; карта: Карта «Старт»; шаг: 2; вопреки проверке: нет"
