"""Typed settings read from the environment, with embedded defaults that work on a fresh clone."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_DIR / "var"


class Settings(BaseSettings):
    """Everything deployment-specific; each field can be set by an environment variable of its name."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'credit.db'}")
    mlflow_tracking_uri: str = Field(default=f"sqlite:///{VAR_DIR / 'mlflow.db'}")
    mlflow_artifacts_dir: Path = Field(default=VAR_DIR / "mlartifacts")
    models_dir: Path = Field(default=PROJECT_DIR / "models")
    # Approved premium-card book may default at most this often (out-of-fold estimate); see core.policy.
    target_bad_rate: float = Field(default=0.08, gt=0, lt=1)
    # PostgreSQL: seconds to connect, to run one statement (also the longest silence tolerated
    # from the server), before TCP keepalive probes start; connections per process.
    db_connect_timeout: float = Field(default=5, gt=0, le=300)
    db_statement_timeout: float = Field(default=10, gt=0, le=3600)
    db_keepalive_idle: int = Field(default=30, ge=1, le=7200)
    db_pool_size: int = Field(default=5, ge=1, le=100)
    db_max_overflow: int = Field(default=5, ge=0, le=100)
    db_pool_timeout: float = Field(default=5, gt=0, le=300)
    demo_rows: int = Field(default=30_000, ge=1_000)
    demo_seed: int = 2014


def get_settings() -> Settings:
    """Read the settings afresh (cheap), so tests and the CLI can change the environment."""
    return Settings()
