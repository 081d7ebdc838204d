"""First start: migrate the database, fill it with demo data when it is empty, and train the
demo models when no champion exists. Idempotent, and safe when two processes start at once."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from core.config import Settings
from core.data import repository
from core.data.dataset import parse_applications
from core.data.db import make_engine, migrate
from core.data.identity import name_key
from core.data.orm import Client, Region
from core.modelling.features import BANK_FEATURES, SEGMENTS
from core.modelling.registry import ModelStore
from core.modelling.training import train
from core.modelling.validation import Progress, quiet


def seed_demo(*, session: Session, n: int, seed: int) -> int:
    """Fill an empty database with demo regions, `n` clients and their past applications."""
    from core.data.demo import DEMO_REGIONS, generate_applications, generate_identities

    frame = generate_applications(n, seed=seed)
    people = generate_identities(frame, seed=seed)
    history = parse_applications(frame, purpose="history")
    region_ids = dict(
        session.execute(
            insert(Region).returning(Region.name, Region.id),
            [{"name": name, "rating": rating} for name, rating in DEMO_REGIONS],
        ).all()
    )
    clients = [
        {
            "full_name": person.full_name,
            "name_key": name_key(person.full_name),
            "birth_date": person.birth_date,
            "passport": person.passport,
            "region_id": region_ids[person.region],
        }
        | {name: row[name] for name in BANK_FEATURES}
        for person, row in zip(people.itertuples(), history.to_dict("records"), strict=True)
    ]
    ids = session.scalars(insert(Client).returning(Client.id, sort_by_parameter_order=True), clients).all()
    repository.import_history(session=session, frame=history, client_ids=np.asarray(ids))
    return n


@contextmanager
def _exclusive(settings: Settings) -> Iterator[None]:
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.models_dir / ".bootstrap.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def ensure_ready(settings: Settings, *, progress: Progress = quiet) -> None:
    """Make the database and models ready to serve; does nothing when they already are."""
    with _exclusive(settings):
        engine = make_engine(settings.database_url)
        try:
            progress(0.01, "Preparing the database")
            migrate(engine)
            with Session(engine) as session, session.begin():
                if not any(repository.count_rows(session=session).values()):
                    progress(0.03, f"Creating demo data: {settings.demo_rows:,} synthetic clients")
                    seed_demo(session=session, n=settings.demo_rows, seed=settings.demo_seed)
            store = ModelStore(settings.models_dir)
            # A damaged champion is reported to staff (ModelStore.problems), never silently replaced.
            missing = [segment for segment in SEGMENTS if not store.has_champion(segment)]
            if missing:
                with Session(engine) as session:
                    frame = repository.history_frame(session=session)
                progress(0.1, f"Training models on {len(frame):,} past applications")
                train(
                    frame,
                    settings=settings,
                    store=store,
                    segments=missing,
                    progress=lambda fraction, message: progress(0.1 + 0.9 * fraction, message),
                )
            progress(1.0, "Ready")
        finally:
            engine.dispose()
