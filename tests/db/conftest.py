"""A known client of the demo database and the questionnaire as they would fill it in."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data import orm
from core.data.dataset import parse_applications
from core.data.demo import generate_applications
from core.modelling.registry import ModelStore
from core.modelling.training import fit_segment
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


def with_second_new_model(root: Path, trained_models: Path, *, seed: int) -> ModelStore:
    """A store at `root` with the shared champions and, beside the new-client one, a shallower
    second new-client model (a challenger, or a later champion)."""
    shutil.copytree(trained_models, root, dirs_exist_ok=True)
    store = ModelStore(root)
    frame = parse_applications(generate_applications(3_000, seed=seed), purpose="history")
    estimator, meta, _ = fit_segment(frame, "new", params={"iterations": 40, "depth": 3}, folds=3, target_bad_rate=0.08)
    store.save(estimator, meta)
    return store


def other_new_version(store: ModelStore) -> str:
    """The new-client model that is not the champion."""
    champion = store.champion_version("new")
    return next(m.version for m in store.versions("new") if m.version != champion)
