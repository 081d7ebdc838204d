"""Repeat applications from the same passport.

The same answers again within a short window (a double click, a reload, a second tab) get
the earlier decision back instead of a second one. Different answers from the same passport
within the longer window are someone editing their answers to probe the model: the new
application goes to an analyst with the earlier ones linked. The windows are the policy's
(`core.decisions.policy.RepeatWindows`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.data import decision_reads
from core.data.db import as_utc
from core.data.decision_reads import EarlierApplication
from core.data.identity import name_key
from core.decisions.policy import RepeatWindows

# The newest this many earlier applications are compared and linked: someone who applied a
# thousand times must not make each further decision read a thousand records.
MAX_LINKED = 50


@dataclass(frozen=True)
class Repeats:
    """The earlier applications of a passport that matter for a new one."""

    same: int | None = None  # the latest with the same answers within the short window
    earlier: list[EarlierApplication] = field(default_factory=list)  # within the long window, newest first
    changed: bool = False  # whether any of them gave different answers

    @property
    def linked(self) -> list[int]:
        """The ids of the earlier applications, newest first, as the decision record links them."""
        return [a.id for a in self.earlier]


def find_repeats(
    *,
    session: Session,
    passport: str,
    answers: Mapping[str, Any],
    now: datetime,
    windows: RepeatWindows,
    channel: str = "web",
) -> Repeats:
    """The passport's earlier applications within the policy's windows, compared with these answers.

    Only an earlier application of the same `channel` is given back as the same one: a channel
    never sees another's decisions (a decision API key reads only its own channel's); across
    channels, changed answers are still referred with the earlier ones linked."""
    since = now - windows.referral
    earlier = decision_reads.passport_applications(session=session, passport=passport, since=since, limit=MAX_LINKED)
    if not earlier:
        return Repeats()
    recent = now - windows.same_answers
    same = next(
        (
            a.id
            for a in earlier
            if a.channel == channel and as_utc(a.created_at) >= recent and same_answers(a.answers, answers)
        ),
        None,
    )
    changed = any(not same_answers(a.answers, answers) for a in earlier)
    return Repeats(same=same, earlier=earlier, changed=changed)


def same_answers(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two validated questionnaires say the same, names compared as the bank compares them."""
    return all(
        name_key(str(a.get(k, ""))) == name_key(str(b.get(k, ""))) if k == "full_name" else a.get(k) == b.get(k)
        for k in set(a) | set(b)
    )
