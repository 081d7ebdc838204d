from datetime import date

from core.data import imports, repository
from core.data.dataset import parse_applications
from core.data.demo import generate_applications


def test_import_is_idempotent_and_round_trips(session):
    frame = parse_applications(generate_applications(300, seed=1), purpose="history")
    assert imports.import_history(session=session, frame=frame) == imports.ImportResult(300, 0)
    assert imports.import_history(session=session, frame=frame) == imports.ImportResult(0, 300)
    back = repository.history_frame(session=session)
    assert back["client_id"].tolist() == sorted(frame["client_id"])
    original = frame.sort_values("client_id").reset_index(drop=True)
    for column in ("income", "score_bki", "car", "default", "region_rating"):
        assert back[column].tolist() == original[column].tolist(), column
    assert back["education"].isna().sum() == original["education"].isna().sum()


def test_find_client_needs_passport_birth_date_and_name(demo_db, session):
    from sqlalchemy import select

    from core.data.orm import Client

    client = session.scalars(select(Client).limit(1)).one()
    found = repository.find_client(
        session=session, passport=client.passport, birth_date=client.birth_date, full_name=client.full_name.lower()
    )
    assert found is not None and found.id == client.id
    assert (
        repository.find_client(
            session=session, passport=client.passport, birth_date=date(1900, 1, 1), full_name=client.full_name
        )
        is None
    )


def test_demo_database_counts(demo_db, session):
    counts = repository.count_rows(session=session)
    assert counts["clients"] == counts["history"] == 2_000
    assert counts["regions"] >= 7
    assert counts["applications"] == 0
