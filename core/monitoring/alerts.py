"""Alerts: a PSI that crossed a band (watch at 0.1, act at 0.25), or a realised bad rate of the
approved outside the target's tolerance. Each is raised once per segment, period, kind and
subject: stored, and written to the audit log the first time it is seen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data.orm import AuditEntry, MonitoringAlert
from core.monitoring.report import PeriodReport
from core.monitoring.stability import ACT, WATCH

BAD_RATE_TOLERANCE = 0.02  # absolute: with an 8 % target, a vintage at 10.1 % or 5.9 % is an alert
MIN_OUTCOMES = 200  # fewer approved outcomes than this say too little about a bad rate
MIN_DECISIONS = 200  # PSI of fewer decisions is mostly noise (it grows as the bins empty)
AUDIT_USER = "monitoring"  # the audit log's name for what the system itself noticed


@dataclass(frozen=True)
class Alert:
    """One alert: `kind` is psi_watch, psi_act or bad_rate; `subject` the input (or `score`) or `approved`."""

    segment: str
    period: date
    kind: str
    subject: str
    value: float
    limit: float


def find_alerts(reports: Sequence[PeriodReport], *, target_bad_rate: float) -> list[Alert]:
    """The alerts a report's periods call for, worst first."""
    alerts = []
    for report in reports:
        stable_enough = report.n >= MIN_DECISIONS
        for subject, value in report.psi.items() if stable_enough else ():
            if value is not None and value > ACT:
                alerts.append(Alert(report.segment, report.period, "psi_act", subject, value, ACT))
            elif value is not None and value >= WATCH:
                alerts.append(Alert(report.segment, report.period, "psi_watch", subject, value, WATCH))
        rate = report.bad_rate
        judged = rate is not None and report.n_approved_outcomes >= MIN_OUTCOMES
        if judged and abs(rate - target_bad_rate) > BAD_RATE_TOLERANCE:  # type: ignore[operator]
            alerts.append(Alert(report.segment, report.period, "bad_rate", "approved", rate, target_bad_rate))  # type: ignore[arg-type]
    order = {"psi_act": 0, "bad_rate": 1, "psi_watch": 2}
    return sorted(alerts, key=lambda a: (order[a.kind], -a.value))


def raise_alerts(alerts: Sequence[Alert], *, session: Session, now: datetime | None = None) -> list[Alert]:
    """Store the alerts not raised before and write each new one to the audit log; returns the new ones."""
    moment = now or datetime.now(UTC)
    known = {
        (a.segment, a.period, a.kind, a.subject)
        for a in session.scalars(
            select(MonitoringAlert).where(MonitoringAlert.segment.in_({a.segment for a in alerts}))
        )
    }
    fresh = [a for a in alerts if (a.segment, a.period, a.kind, a.subject) not in known]
    for alert in fresh:
        session.add(
            MonitoringAlert(
                raised_at=moment,
                segment=alert.segment,
                period=alert.period,
                kind=alert.kind,
                subject=alert.subject,
                value=alert.value,
            )
        )
        # Written here rather than through core.staff (a sibling package): the same row, by the system.
        details = {"period": alert.period.isoformat(), "value": round(alert.value, 4), "limit": alert.limit}
        session.add(
            AuditEntry(
                at=moment,
                user_name=AUDIT_USER,
                action=f"alert_{alert.kind}",
                target=f"{alert.segment}:{alert.subject}",
                details=details,
            )
        )
    session.flush()
    return fresh
