"""The first start's demo decisions: a few months of synthetic applications replayed as decisions
(`core.decisions.replay`), with observed outcomes for those old enough to have matured, so that
a fresh clone shows a populated Monitoring page. `ensure_ready` is the whole first start: the
database, demo clients and models (`core.modelling.bootstrap`), then this history."""

from __future__ import annotations

import fcntl
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from core.config import Settings
from core.data import repository
from core.data.columns import BANK_FEATURES, DATE_FORMAT
from core.data.dataset import parse_applications
from core.data.db import is_migrated, make_engine
from core.data.orm import Application, Outcome
from core.decisions.replay import replay_frame
from core.modelling import bootstrap
from core.modelling.registry import ModelStore
from core.modelling.validation import Progress, quiet

DEMO_DAYS = 120  # about four months of applications, ending yesterday
MATURED_DAYS = 60  # applications older than this have an observed outcome
DEMO_PER_DAY = 50
NEW_CLIENT_SHARE = 0.4  # replayed rows without the bank's data go to the new-client model
REF_OFFSET = 10_000_000  # demo references start here, away from the real data's client_id range


def ensure_ready(settings: Settings, *, progress: Progress = quiet, demo: bool = True) -> bootstrap.Readiness:
    """Make the database, models and demo decisions ready to serve; does nothing when they are.

    Demo decisions are added only to the demo database the same start created: a database that
    already held data (real history, or a test's) is left as it was."""
    engine = make_engine(settings.database_url)
    try:
        fresh = not is_migrated(engine) or not any(_counts(engine).values())
        ready = bootstrap.ensure_ready(settings, progress=lambda f, message: progress(0.95 * f, message), demo=demo)
        if fresh and ready.demo:
            settings.models_dir.mkdir(parents=True, exist_ok=True)
            with open(settings.models_dir / ".demo-history.lock", "w") as lock, Session(engine) as session:
                fcntl.flock(lock, fcntl.LOCK_EX)  # two processes starting at once replay once
                with session.begin():
                    if session.scalar(select(func.count()).select_from(Application)) == 0:
                        progress(0.96, "Replaying demo applications for monitoring")
                        seed_history(session=session, store=ModelStore(settings.models_dir), seed=settings.demo_seed)
        progress(1.0, "Ready")
        return ready
    finally:
        engine.dispose()


def _counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return repository.count_rows(session=session)


def seed_history(*, session: Session, store: ModelStore, seed: int, today: date | None = None) -> int:
    """Replay `DEMO_DAYS` days of synthetic applications and record the matured ones' outcomes."""
    from core.data.demo import generate_applications

    today = today or datetime.now(UTC).date()
    n = DEMO_DAYS * DEMO_PER_DAY
    rng = np.random.default_rng([seed, 13])
    raw = generate_applications(n, seed=seed + 13)
    days = np.sort(rng.integers(1, DEMO_DAYS + 1, size=n))[::-1]
    raw["app_date"] = [(today - timedelta(days=int(d))).strftime(DATE_FORMAT).upper() for d in days]
    raw["client_id"] = raw["client_id"] + REF_OFFSET
    newcomers = rng.random(n) < NEW_CLIENT_SHARE
    for name in BANK_FEATURES:
        raw[name] = raw[name].astype(float).where(~newcomers)
    frame = parse_applications(raw.drop(columns=["default", "sex"]), purpose="replay")
    replay_frame(frame, session=session, store=store)
    matured = days > MATURED_DAYS
    refs = (raw.loc[matured, "client_id"]).astype(str).tolist()
    ids = dict(
        session.execute(select(Application.external_ref, Application.id).where(Application.external_ref.in_(refs)))
        .tuples()
        .all()
    )
    now = datetime.now(UTC)
    records = [
        {"application_id": ids[ref], "default": bool(d), "observed_on": today, "recorded_at": now}
        for ref, d in zip(refs, raw.loc[matured, "default"], strict=True)
    ]
    session.execute(insert(Outcome), records)
    return n
