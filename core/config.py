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
    # Share of a defaulted card's limit the bank expects to lose (expected loss = limit x PD x LGD);
    # 45 % is the Basel foundation value for senior unsecured exposures. See core.decisions.simulation.
    loss_given_default: float = Field(default=0.45, gt=0, le=1)
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
    # The decision API (core.api): a new key's requests per minute, unless `api-keys add --rate-limit` says
    # otherwise; and the seconds a caller is told to wait (Retry-After) when no model or database answers.
    api_rate_limit: int = Field(default=600, ge=1)
    api_retry_after: int = Field(default=5, ge=1)
    # Decisions one API worker process runs at once (never more than DB_POOL_SIZE); the others wait
    # their turn. A decision is mostly Python holding the GIL: two let one's database round trips
    # overlap the other's work, and more only queue on the GIL (bench_api: p99 at 150/s offered
    # 20 ms with 1 or 2, 49 ms with 5).
    api_threads: int = Field(default=2, ge=1, le=100)


def get_settings() -> Settings:
    """Read the settings afresh (cheap), so tests and the CLI can change the environment."""
    return Settings()
