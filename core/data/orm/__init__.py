"""The database schema as typed SQLAlchemy models, one module per concern; migrations in
`sql/versions` create it. Import the models from here: `from core.data.orm import Application`."""

from core.data.orm.applications import (
    Application,
    ApplicationReview,
    Client,
    HistoricalApplication,
    Region,
    SetupChoice,
)
from core.data.orm.base import Base
from core.data.orm.monitoring import (
    DecisionInput,
    MonitoringAlert,
    MonitoringDay,
    MonitoringLabel,
    MonitoringRank,
    MonitoringStaleDay,
    Outcome,
    ShadowScore,
)
from core.data.orm.policy import PolicyActivation, PolicyMeasurement, PolicyVersion
from core.data.orm.staff import ApiKey, AuditEntry, StaffAccount, StaffSession, UnknownSignIn

__all__ = [
    "ApiKey",
    "Application",
    "ApplicationReview",
    "AuditEntry",
    "Base",
    "Client",
    "DecisionInput",
    "HistoricalApplication",
    "MonitoringAlert",
    "MonitoringDay",
    "MonitoringLabel",
    "MonitoringRank",
    "MonitoringStaleDay",
    "Outcome",
    "PolicyActivation",
    "PolicyMeasurement",
    "PolicyVersion",
    "Region",
    "SetupChoice",
    "ShadowScore",
    "StaffAccount",
    "StaffSession",
    "UnknownSignIn",
]
