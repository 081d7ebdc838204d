"""Staff lookups on SQLite and on the real PostgreSQL: client search, a client's applications,
recent decisions."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.data import repository
from core.data.identity import name_key
from core.data.orm import Application, Client

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def everyone(session) -> list[Client]:
    return list(session.scalars(select(Client).order_by(Client.id)))


def search(session, query: str, limit: int = 1_000, offset: int = 0) -> tuple[list[Client], int]:
    return repository.search_clients(session=session, query=query, limit=limit, offset=offset)


def test_any_part_of_a_name_in_any_case(demo_db, session):
    client = everyone(session)[0]
    surname, given = client.full_name.split()[:2]
    query = f"{surname[2:].upper()} {given[:3].lower()}"

    found, total = search(session, query)

    assert client.id in {c.id for c in found}
    expected = {c.id for c in everyone(session) if name_key(query) in c.name_key}
    assert {c.id for c in found} == expected and total == len(expected)


def test_yo_and_ye_are_the_same_letter(demo_db, session):
    client = next(c for c in everyone(session) if "ё" in c.full_name)
    written_with_ye = client.full_name.replace("ё", "е").upper()

    found, _ = search(session, written_with_ye)

    assert client.id in {c.id for c in found}


def test_like_wildcards_in_the_query_are_literal(demo_db, session):
    assert search(session, "%%") == ([], 0)
    assert search(session, "о_о") == ([], 0)


def test_a_one_letter_query_finds_nothing(demo_db, session):
    assert search(session, "а") == ([], 0)
    assert search(session, "   ") == ([], 0)


@pytest.mark.parametrize("written", ["{p}", "{a} {b}", "{a}-{b}", " №{a} {b} "])
def test_a_passport_however_written(demo_db, session, written):
    client = everyone(session)[5]
    query = written.format(p=client.passport, a=client.passport[:4], b=client.passport[4:])

    found, total = search(session, query)

    assert [c.id for c in found] == [client.id] and total == 1


def test_a_client_number(demo_db, session):
    client = everyone(session)[42]

    found, total = search(session, str(client.id))

    assert client.id in [c.id for c in found]
    assert total == len(found) <= 2  # the id, and a passport equal to it if one existed


def test_pages_cover_every_match_once_with_the_total(demo_db, session):
    expected = {c.id for c in everyone(session) if "ов" in c.name_key}
    pages, offset = [], 0
    while True:
        page, total = search(session, "ОВ", limit=50, offset=offset)
        assert total == len(expected)
        if not page:
            break
        pages.append([c.id for c in page])
        offset += 50

    ids = [i for page in pages for i in page]
    assert len(ids) == len(set(ids)) == len(expected) > 100
    assert set(ids) == expected
    assert all(len(page) == 50 for page in pages[:-1])


def decision(session, *, at: datetime, decision: str = "premium", segment: str = "new", client_id=None) -> Application:
    record = Application(
        created_at=at,
        full_name="Тестова Анна Ивановна",
        name_key="тестова анна ивановна",
        birth_date=date(1990, 1, 1),
        passport="4510000000",
        client_id=client_id,
        answers={},
        features={},
        segment=segment,
        model_name=f"{segment}-client catboost",
        model_version="v1",
        pd=0.05,
        threshold=0.1,
        decision=decision,
        offer="premium_card" if decision == "premium" else "starter_card",
        knockout=None,
        reasons=[],
        lang="ru",
    )
    return repository.add_application(session=session, record=record)


@pytest.fixture
def decisions(demo_db, session) -> list[Application]:
    client = everyone(session)[0]
    made = [
        decision(session, at=NOW - timedelta(days=10)),
        decision(session, at=NOW - timedelta(days=2), decision="alternative"),
        decision(session, at=NOW - timedelta(days=1), segment="existing", client_id=client.id),
        decision(session, at=NOW - timedelta(hours=1), decision="alternative", segment="existing", client_id=client.id),
        decision(session, at=NOW),
    ]
    session.flush()
    return made


def recent(session, **filters) -> tuple[list[int], int]:
    filters = {"since": NOW - timedelta(days=7), "until": NOW, "limit": 100} | filters
    rows, total = repository.recent_decisions(session=session, **filters)
    return [r.id for r in rows], total


def test_recent_decisions_in_a_period_newest_first(session, decisions):
    ids, total = recent(session)  # `until` is exclusive: the one made at NOW is not in

    assert ids == [decisions[3].id, decisions[2].id, decisions[1].id]
    assert total == 3


def test_recent_decisions_by_decision_and_segment(session, decisions):
    assert recent(session, decision="alternative") == ([decisions[3].id, decisions[1].id], 2)
    assert recent(session, segment="existing") == ([decisions[3].id, decisions[2].id], 2)
    assert recent(session, decision="premium", segment="existing") == ([decisions[2].id], 1)
    assert recent(session, decision="premium", segment="new") == ([], 0)


def test_recent_decisions_paginate_with_the_total(session, decisions):
    window = {"since": NOW - timedelta(days=30), "until": NOW + timedelta(seconds=1)}

    first, total = recent(session, **window, limit=2)
    rest, _ = recent(session, **window, limit=2, offset=2)

    assert total == 5
    assert first + rest == [d.id for d in reversed(decisions)][:4]


def test_a_client_s_applications_oldest_first(session, decisions):
    client_id = decisions[2].client_id

    found = repository.client_applications(session=session, client_id=client_id)

    assert [a.id for a in found] == [decisions[2].id, decisions[3].id]
