"""Policies and simulations as people and scripts read them (reports), and drafts built from a few changes
(the command line's `policy set` options and the Policy page's form both come through here)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from core.decisions.policy_rules import Measured, PolicyBody
from core.decisions.policy_store import PolicyError, PolicyVersionView
from core.decisions.simulation import BookComparison
from core.decisions.simulation_data import Simulation


def drafted_body(
    base: PolicyBody,
    given: dict[str, Any] | None = None,
    segment: str | None = None,
    cutoff: tuple[str, float] | None = None,
    refer_band: float | None = None,
    starter_limit: int | None = None,
) -> PolicyBody:
    """A draft's rules: `given` whole (or `base`), with one segment's (or both segments')
    cut-off, refer band and Starter limit changed. `PolicyError('invalid')` if they do not check out."""
    try:
        data = PolicyBody.model_validate(given if given is not None else base).model_dump(mode="json")
        for name in [segment] if segment else list(data["segments"]):
            rules = data["segments"][name]
            if cutoff is not None:
                rules["cutoff"] = {"basis": cutoff[0], "value": cutoff[1]}
            if refer_band is not None:
                rules["refer_band"] = refer_band
            if starter_limit is not None:
                rules["offer"]["starter_limit"] = starter_limit
        return PolicyBody.model_validate(data)
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise PolicyError("invalid", details=details) from None


def version_line(view: PolicyVersionView) -> str:
    """One version in a line: number, status, author, approver, reason, the cut-offs with their
    three forms as measured (when written, later, or not yet)."""
    cuts = ", ".join(
        f"{name} {c.cutoff.basis}={c.cutoff.value:g} [{measured_words(*view.measurement(name))}]"
        for name, c in view.body.segments.items()
    )
    approved = f", approved by {view.approved_by}" if view.approved_by else ""
    when = f"{view.created_at:%Y-%m-%d %H:%M}"
    return f"v{view.number:<3} {view.status:<8} by {view.author}{approved} {when}  {cuts}  — {view.reason}"


def measured_words(measured: Measured | None, later: datetime | None) -> str:
    """A cut-off's three forms as measured, in a few words."""
    if measured is None:
        return "not measured yet"
    m = measured
    words = f"PD {m.pd:.4f}, approval {m.approval_rate:.2%}, bad rate {m.bad_rate:.2%} on {m.model_version}"
    return words if later is None else f"{words}, measured later, {later:%Y-%m-%d %H:%M}"


def version_json(view: PolicyVersionView) -> dict[str, Any]:
    """A version as plain data (`policy show --json`), its cut-offs measured later included."""
    later = {
        name: {**m.measured.model_dump(mode="json"), "measured_at": m.at.isoformat()}
        for name, m in view.measured_later.items()
    }
    return {**vars(view), "body": view.body.model_dump(mode="json"), "measured_later": later}


def simulation_json(result: Simulation) -> dict[str, Any]:
    """A simulation as plain data: `active`, `proposed` and `swap` on the labelled history, and
    the same under `live` for recent applications (or null)."""
    live = None
    if result.live is not None:
        live = {"days": result.live_days, **_book(result.live)}
    return {
        "segment": result.segment,
        "model_version": result.model_version,
        "active_version": result.active_number,
        **_book(result.labelled),
        "live": live,
    }


def _book(book: BookComparison) -> dict[str, Any]:
    return {"active": asdict(book.active), "proposed": asdict(book.proposed), "swap": asdict(book.swap)}


def simulation_text(result: Simulation) -> str:
    """A simulation as a short report for the terminal."""
    lines = [f"{result.segment}-client segment, champion {result.model_version}, active policy v{result.active_number}"]
    books = [("labelled history", result.labelled)]
    if result.live is not None:
        books.append((f"live applications, last {result.live_days} days", result.live))
    for title, book in books:
        lines.append(f"\n{title} ({book.active.rows:,} applications)")
        lines.append(f"{'':10}{'cut-off':>9}{'approved':>10}{'referred':>10}{'knocked':>9}{'bad':>8}{'exp. loss':>14}")
        for name, stats in (("active", book.active), ("proposed", book.proposed)):
            bad = "—" if stats.bad_rate is None else f"{stats.bad_rate:.2%}"
            lines.append(
                f"{name:10}{stats.cutoff:9.4f}{stats.approval_rate:10.2%}{stats.refer_rate:10.2%}"
                f"{stats.knockout_rate:9.2%}{bad:>8}{stats.expected_loss:14,.0f}"
            )
        s = book.swap
        lines.append(
            f"swap: kept {s.kept:,}, out {s.swapped_out:,}, in {s.swapped_in:,}, "
            f"declined by both {s.declined_by_both:,}"
        )
    return "\n".join(lines)
