"""A known client of the demo database and the questionnaire as they would fill it in."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data import orm
from tests.conftest import GOOD_ANSWERS

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def known_client(demo_db) -> orm.Client:
    """The demo database's first client, with a three-part name (surname, name, patronymic)."""
    with Session(demo_db) as session:
        query = select(orm.Client).where(orm.Client.full_name.like("% % %")).order_by(orm.Client.id).limit(1)
        client = session.scalars(query).one()
        session.refresh(client.region)
        return client


def client_answers(client: orm.Client, **changes) -> dict:
    """The questionnaire as this client would fill it in."""
    identity = {"full_name": client.full_name, "birth_date": client.birth_date.isoformat(), "passport": client.passport}
    return GOOD_ANSWERS | identity | {"region": client.region.name, "income": 45_000} | changes


def stored(engine) -> list[orm.Application]:
    """Every stored decision record, oldest first."""
    with Session(engine) as session:
        return list(session.scalars(select(orm.Application).order_by(orm.Application.id)))
