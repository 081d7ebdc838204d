"""Client search as staff use it (issue 14): part of a passport, surnames first, on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import select

from core.data import repository
from core.data.identity import name_key
from core.data.orm import Client, Region

NAMES = {  # passport: full name; "петров" is the surname, a first name's start, and a patronymic
    "9900000001": "Иванов Пётр Петрович",
    "9900000002": "Петрова Анна Сергеевна",
    "9900000003": "Петров Иван Ильич",
    "9900000004": "Сидоров Петр Олегович",
    "9900000005": "Запетровский Олег Ильич",
}


@pytest.fixture
def people(session) -> dict[str, Client]:
    region = session.scalars(select(Region).limit(1)).one_or_none()
    if region is None:
        region = Region(name="Москва", rating=80)
        session.add(region)
        session.flush()
    clients = {
        passport: Client(
            full_name=name,
            name_key=name_key(name),
            birth_date=date(1980, 1, 1),
            passport=passport,
            region_id=region.id,
            decline_app_cnt=0,
            score_bki=-2.0,
            bki_request_cnt=1,
            sna=1,
            first_time=3,
        )
        for passport, name in NAMES.items()
    }
    session.add_all(clients.values())
    session.flush()
    return clients


def search(session, query: str) -> tuple[list[Client], int]:
    return repository.search_clients(session=session, query=query, limit=50)


def test_surnames_that_start_with_the_query_come_first_and_patronymics_last(session, people):
    found, total = search(session, "петров")

    assert total == 4
    assert [c.full_name for c in found] == [
        "Петров Иван Ильич",
        "Петрова Анна Сергеевна",
        "Запетровский Олег Ильич",
        "Иванов Пётр Петрович",
    ]


@pytest.mark.parametrize("query", ["99000000", "0000 0003", "00003", "9900"])
def test_part_of_a_passport_finds_its_clients(session, people, query):
    found, total = search(session, query)

    digits = query.replace(" ", "")
    expected = sorted(c.passport for c in people.values() if digits in c.passport)
    assert sorted(c.passport for c in found) == expected and total == len(expected) > 0


def test_three_digits_are_only_a_client_number(session, people):
    found, _ = search(session, "990")

    assert all(c.id == 990 for c in found)
