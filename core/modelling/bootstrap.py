"""First start: migrate the database, fill it with demo data when it is empty (unless it was set
up for real data: `setup --no-demo`), and train the models that are missing. Idempotent, and
safe when two processes start at once.

The demo models are validated on one holdout fold rather than cross-validated: they serve a
demonstration, and the first start takes well under half the time. A model trained on real
history is cross-validated (`python -m core train`)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from core.config import Settings
from core.data import imports, repository
from core.data.dataset import parse_applications
from core.data.db import make_engine, migrate
from core.data.identity import name_key
from core.data.orm import Client, Region, StaffAccount
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
        | {"demo": True}
        for person, row in zip(people.itertuples(), history.to_dict("records"), strict=True)
    ]
    ids = session.scalars(insert(Client).returning(Client.id, sort_by_parameter_order=True), clients).all()
    repository.insert_history(session=session, frame=history, client_ids=np.asarray(ids), demo=True)
    return n


@contextmanager
def _exclusive(settings: Settings) -> Iterator[None]:
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.models_dir / ".bootstrap.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@dataclass(frozen=True)
class Readiness:
    """What the first start found or did: demo data, history rows, segments without a model, staff accounts."""

    demo: bool
    history_rows: int
    unserved: tuple[str, ...]
    staff_accounts: int


def ensure_ready(settings: Settings, *, progress: Progress = quiet, demo: bool = True) -> Readiness:
    """Make the database and models ready to serve; does nothing when they already are.

    `demo=False` (`setup --no-demo`) marks the database as one for real data: it is never filled
    with demo data, and models are trained only once history has been imported.
    """
    with _exclusive(settings):
        engine = make_engine(settings.database_url)
        try:
            progress(0.01, "Preparing the database")
            migrate(engine)
            with Session(engine) as session, session.begin():
                if not demo:
                    imports.choose_no_demo(session=session)
                empty = not any(repository.count_rows(session=session).values())
                if empty and imports.demo_wanted(session=session):
                    progress(0.03, f"Creating demo data: {settings.demo_rows:,} synthetic clients")
                    seed_demo(session=session, n=settings.demo_rows, seed=settings.demo_seed)
                is_demo = imports.demo_history_rows(session=session) > 0
                staff_accounts = session.scalar(select(func.count()).select_from(StaffAccount)) or 0
            store = ModelStore(settings.models_dir)
            # A damaged champion is reported to staff (ModelStore.problems), never silently replaced.
            missing = [segment for segment in SEGMENTS if not store.has_champion(segment)]
            with Session(engine) as session:
                frame = repository.history_frame(session=session)
            if missing and len(frame):
                what = "demo models (validated on a holdout)" if is_demo else "models"
                progress(0.1, f"Training {what} on {len(frame):,} past applications")
                train(
                    frame,
                    settings=settings,
                    store=store,
                    segments=missing,
                    holdout=is_demo,
                    source={"source": "demo" if is_demo else "database"},
                    progress=lambda fraction, message: progress(0.1 + 0.9 * fraction, message),
                )
            progress(1.0, "Ready")
            unserved = tuple(segment for segment in SEGMENTS if not store.has_champion(segment))
            return Readiness(is_demo, len(frame), unserved, staff_accounts)
        finally:
            engine.dispose()
