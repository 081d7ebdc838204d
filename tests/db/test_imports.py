"""The import rules (issue 10): real history never mixes with demo history, and an id stored
with other content is an error listed by line; on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.data import imports, repository
from core.data.dataset import DataError, parse_applications
from core.data.demo import generate_applications
from core.data.orm import Application, Client, HistoricalApplication


def real_history(n: int = 200, seed: int = 5):
    frame = generate_applications(n, seed=seed)
    frame["client_id"] += 1_000_000  # real ids need not collide with the demo's to be kept apart
    return parse_applications(frame, purpose="history")


def count(session, table, *where) -> int:
    return session.scalar(select(func.count()).select_from(table).where(*where))


def test_importing_into_a_demo_database_is_refused_and_says_how_to_go_on(demo_db):
    with Session(demo_db) as session, pytest.raises(imports.DemoHistoryPresent) as error:
        imports.import_history(session=session, frame=real_history())
    assert "holds 2,000 synthetic demo applications" in str(error.value)
    assert "--replace-demo" in str(error.value) and "setup --no-demo" in str(error.value)
    with Session(demo_db) as session:
        assert count(session, HistoricalApplication) == 2_000


def test_replace_demo_removes_demo_history_and_unreferenced_demo_clients(demo_db):
    with Session(demo_db) as session, session.begin():
        kept = session.scalars(select(Client).limit(1)).one()
        session.add(decision_of(kept))
        kept_id = kept.id
    with Session(demo_db) as session, session.begin():
        result = imports.import_history(session=session, frame=real_history(), replace_demo=True)
    assert result == imports.ImportResult(inserted=200, identical=0, demo_removed=2_000, demo_clients_removed=1_999)
    assert "removed the 2,000 demo applications and 1,999 demo clients first" in result.describe()
    with Session(demo_db) as session:
        assert count(session, HistoricalApplication) == 200
        assert count(session, HistoricalApplication, HistoricalApplication.demo.is_(True)) == 0
        assert [c.id for c in session.scalars(select(Client))] == [kept_id]  # a decision refers to it


def test_replace_demo_is_one_transaction_with_the_import(demo_db):
    frame = real_history()
    with Session(demo_db) as session, session.begin():
        repository.insert_history(session=session, frame=frame.iloc[:1].assign(income=1))  # a real row, clashing
    # The database now mixes them (as only a pre-0005 database could); the clash aborts the whole import.
    with Session(demo_db) as session, pytest.raises(DataError), session.begin():
        imports.import_history(session=session, frame=frame, replace_demo=True)
    with Session(demo_db) as session:
        assert count(session, HistoricalApplication, HistoricalApplication.demo.is_(True)) == 2_000


def test_identical_rows_are_skipped_and_changed_ones_listed_by_line(session):
    frame = real_history()
    imports.import_history(session=session, frame=frame)
    changed = frame.copy()
    changed.loc[3, "income"] += 1000
    changed.loc[7, ["education", "default"]] = [
        "ACD" if changed.loc[7, "education"] != "ACD" else "SCH",
        1 - changed.loc[7, "default"],
    ]
    with pytest.raises(DataError) as error:
        imports.import_history(session=session, frame=changed)
    report = str(error.value)
    assert error.value.counts == {"client_id": 2}
    assert f"line 5: '{frame.loc[3, 'client_id']}'" in report and "differs in income" in report
    assert (
        f"line 9: '{frame.loc[7, 'client_id']}' - already stored with other content (differs in education, default)"
        in report
    )
    assert "already imported" not in report
    assert imports.import_history(session=session, frame=frame).identical == 200


def test_no_demo_is_remembered(session):
    assert imports.demo_wanted(session=session)
    imports.choose_no_demo(session=session)
    imports.choose_no_demo(session=session)  # again: harmless
    assert not imports.demo_wanted(session=session)


def decision_of(client: Client) -> Application:
    return Application(
        created_at=datetime.now(UTC),
        full_name=client.full_name,
        name_key=client.name_key,
        birth_date=client.birth_date,
        passport=client.passport,
        client_id=client.id,
        answers={},
        features={},
        segment="existing",
        model_name="m",
        model_version="v",
        pd=0.1,
        threshold=0.2,
        decision="premium",
        offer="premium_card",
        knockout=None,
        reasons=[],
        lang="en",
    )
