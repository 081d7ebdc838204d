"""The labelled history that models are trained, tuned and compared on: from a CSV file in the
real data's schema, or from the database's imported history; always in canonical row order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from core.config import Settings
from core.data.dataset import DataError, Problem, read_applications

DATABASE_SOURCE = "database"


def training_frame(settings: Settings, data: Path | None = None) -> tuple[pd.DataFrame, str]:
    """The labelled history to tune on, in canonical row order (by client_id), and where it came
    from: a CSV in the real data's schema, else the database's history."""
    if data is not None:
        frame, source = read_applications(data, purpose="history"), str(Path(data).resolve())
    else:
        from core.data import repository
        from core.data.db import make_engine, migrate

        engine = make_engine(settings.database_url)
        try:
            migrate(engine)
            with Session(engine) as session:
                frame = repository.history_frame(session=session)
        finally:
            engine.dispose()
        source = DATABASE_SOURCE
        if frame.empty:
            reason = "no historical applications in the database: run `python -m core import --data FILE`"
            raise DataError([Problem(0, "database", "", reason)], {}, 0)
    return canonical(frame), source


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by client_id: the same data always gives the same folds, whatever order it came in."""
    return frame.sort_values("client_id", ignore_index=True)
