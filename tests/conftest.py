"""Shared fixtures: isolated settings, databases (SQLite and a per-run PostgreSQL database),
demo data and small trained models."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from core.config import Settings
from core.data.db import make_engine, migrate
from core.modelling.features import SEGMENTS
from core.modelling.registry import ModelStore

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REAL_DATA = SHARED_DATA / "credit_applications.csv"
FAST_CATBOOST = {"iterations": 80, "learning_rate": 0.1, "depth": 4}

# A complete, valid questionnaire of a newcomer (no demo client has this passport).
GOOD_ANSWERS = {
    "full_name": "Соколова Мария Андреевна",
    "birth_date": date(1988, 5, 17),
    "passport": "4510 654321",
    "region": "Москва",
    "education": "GRD",
    "income": 85_000,
    "good_work": True,
    "car": True,
    "car_type": False,
    "foreign_passport": True,
    "home_address": 1,
    "work_address": 2,
    "consent": True,
}


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Every test gets its own database, MLflow store and models folder: nothing touches ./var."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'credit.db'}")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path / 'mlflow.db'}")
    monkeypatch.setenv("MLFLOW_ARTIFACTS_DIR", str(tmp_path / "mlartifacts"))
    monkeypatch.setenv("MODELS_DIR", str(tmp_path / "models"))
    return Settings()


@contextmanager
def fresh_pg_database(prefix: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database of this test run's own (so parallel runs never
    collide), dropped afterwards."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def empty_tables(engine: Engine) -> None:
    """Empty every table of a PostgreSQL database but the migrations' own."""
    with engine.begin() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
        ).scalars()
        names = ", ".join(f'"{name}"' for name in tables)
        if names:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped after."""
    with fresh_pg_database("credit_test") as url:
        yield url


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """The migrated PostgreSQL test database."""
    engine = make_engine(pg_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, isolated_settings: Settings) -> Iterator[Engine]:
    """A migrated, empty database: the embedded SQLite default, then the real PostgreSQL."""
    if request.param == "sqlite":
        engine = make_engine(isolated_settings.database_url)
        migrate(engine)
        yield engine
        engine.dispose()
        return
    engine = request.getfixturevalue("pg_engine")
    yield engine
    empty_tables(engine)  # tests here commit through the public API


@pytest.fixture
def pg_demo(pg_engine: Engine) -> Iterator[Engine]:
    """The PostgreSQL test database with a small demo bank (300 clients), emptied afterwards."""
    from core.modelling.bootstrap import seed_demo

    with Session(pg_engine) as session, session.begin():
        seed_demo(session=session, n=300, seed=7)
    yield pg_engine
    empty_tables(pg_engine)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back at the end of the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()


@pytest.fixture
def demo_db(engine: Engine) -> Engine:
    """The database filled with a small demo: regions, 2,000 clients and their past applications."""
    from core.modelling.bootstrap import seed_demo

    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=2_000, seed=7)
    return engine


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder with a small CatBoost champion per segment, trained once per run on demo data."""
    from core.data.dataset import parse_applications
    from core.data.demo import generate_applications
    from core.modelling.training import fit_segment

    root = tmp_path_factory.mktemp("models")
    store = ModelStore(root)
    frame = parse_applications(generate_applications(4_000, seed=11), purpose="history")
    for segment in SEGMENTS:
        estimator, meta, _ = fit_segment(frame, segment, params=FAST_CATBOOST, folds=3, target_bad_rate=0.08)
        store.promote(segment, store.save(estimator, meta).version)
    return root


@pytest.fixture
def store(trained_models: Path) -> ModelStore:
    """A fresh store over the shared trained models."""
    return ModelStore(trained_models)


@pytest.fixture(scope="session")
def history_models(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A seeded SQLite file (the small demo) and a models folder whose champions were trained
    on that database's own history, with their out-of-fold PDs kept: what policy simulation
    reads. Built once per run; tests copy the database file."""
    from core.data import repository
    from core.modelling.bootstrap import seed_demo
    from core.modelling.training import fit_segment
    from core.modelling.validation import folds_of, oof_frame

    root = tmp_path_factory.mktemp("history-models")
    engine = make_engine(f"sqlite:///{root / 'credit.db'}")
    migrate(engine)
    with Session(engine) as session, session.begin():
        seed_demo(session=session, n=2_000, seed=7)
    with Session(engine) as session:
        frame = repository.history_frame(session=session)
    engine.dispose()
    store = ModelStore(root / "models")
    for segment in SEGMENTS:
        estimator, meta, cv = fit_segment(frame, segment, params=FAST_CATBOOST, folds=3, target_bad_rate=0.08)
        oof = oof_frame(frame, cv.oof, folds_of(frame["default"].to_numpy(dtype=int), 3))
        store.promote(segment, store.save(estimator, meta, oof=oof).version)
    return root / "credit.db", root / "models"


def stored_decision(session: Session, **changes: object):
    """A decision record written straight to the database (a referred newcomer unless `changes`
    say otherwise), for tests of what staff do with stored decisions; flushed, not committed."""
    import uuid
    from datetime import UTC, datetime

    from core.data import orm
    from core.data.identity import name_key

    values: dict = {
        "created_at": datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        "full_name": GOOD_ANSWERS["full_name"],
        "birth_date": GOOD_ANSWERS["birth_date"],
        "passport": GOOD_ANSWERS["passport"].replace(" ", ""),
        "client_id": None,
        "answers": {k: str(v) if isinstance(v, date) else v for k, v in GOOD_ANSWERS.items()},
        "features": {"age": 38, "income": 85_000, "foreign_passport": 1},
        "segment": "new",
        "model_name": "new-client catboost",
        "model_version": "v1",
        "pd": 0.05,
        "threshold": 0.12,
        "decision": "referred",
        "offer": "manual_review",
        "knockout": None,
        "reasons": [{"code": "income", "direction": "down", "contribution": -0.31, "value": 85_000}],
        "lang": "ru",
        "referral_reasons": ["identity_mismatch"],
        "idempotency_key": f"test-{uuid.uuid4().hex}",
    } | changes
    values["name_key"] = name_key(values["full_name"])
    if "answers" not in changes:  # the questionnaire says what the record says
        identity = {"full_name": values["full_name"], "birth_date": str(values["birth_date"])}
        values["answers"] = values["answers"] | identity | {"passport": values["passport"]}
    record = orm.Application(**values)
    session.add(record)
    session.flush()
    return record
