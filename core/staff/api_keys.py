"""API keys of the bank's channels (website, mobile app, branch systems) for the decision API.

A key is 256 random bits shown once when it is made; the database keeps only its SHA-256
(a random key needs no slow hash, unlike a password) and its first characters, to name it
in listings. Each use is counted against the key's rate limit in the same statement that
checks it, so the limit holds across every worker and replica that share the database.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Connection, Table, bindparam, case, select, update
from sqlalchemy.orm import Session

from core.data.orm import ApiKey

KEY_PREFIX = "csk_"  # "credit scoring key": recognisable in a leaked log or a secret scanner
PREFIX_LENGTH = len(KEY_PREFIX) + 8
CHANNEL_PATTERN = re.compile(r"[a-z][a-z0-9_-]{1,31}")
# The questionnaire's own channel: no key may act for it, or it could read the form's applications.
RESERVED_CHANNELS = frozenset({"web"})
WINDOW_SECONDS = 60


class ApiKeyError(ValueError):
    """A key command was refused; the message says why."""


@dataclass(frozen=True)
class KeyUse:
    """One authenticated request: whose key, and where it stands against its limit this minute."""

    key_id: int
    channel: str
    count: int
    rate_limit: int
    retry_after: int  # seconds until the minute ends

    @property
    def over_limit(self) -> bool:
        """Whether this request is beyond the key's requests per minute."""
        return self.count > self.rate_limit


def hash_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


def check_channel(channel: str) -> str:
    """A channel name as stored (lower case), or `ApiKeyError`."""
    name = channel.strip().lower()
    if not CHANNEL_PATTERN.fullmatch(name):
        raise ApiKeyError("a channel is 2 to 32 lower-case letters, digits, '-' or '_', starting with a letter")
    if name in RESERVED_CHANNELS:
        raise ApiKeyError(f"the channel {name!r} is the questionnaire's own; choose another name")
    return name


def create_key(*, session: Session, channel: str, rate_limit: int, now: datetime) -> tuple[ApiKey, str]:
    """Make a key for `channel`; returns the stored record and the key itself, which is never stored."""
    if rate_limit < 1:
        raise ApiKeyError("the rate limit is at least 1 request per minute")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKey(
        channel=check_channel(channel),
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        rate_limit=rate_limit,
        created_at=now,
        window_minute=0,
        window_count=0,
    )
    session.add(record)
    session.flush()
    return record, key


def list_keys(*, session: Session) -> list[ApiKey]:
    """Every key, revoked ones included, by channel and age."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.channel, ApiKey.created_at, ApiKey.id)))


def revoke_key(*, session: Session, prefix: str, now: datetime) -> ApiKey:
    """Revoke the key whose listing prefix is `prefix` (or the whole key); it stops working at once."""
    wanted = prefix.strip()[:PREFIX_LENGTH]
    found = list(session.scalars(select(ApiKey).where(ApiKey.prefix == wanted)))
    if not found:
        raise ApiKeyError(f"no key starts with {wanted!r} (see `python -m core api-keys list`)")
    if len(found) > 1:
        raise ApiKeyError(f"{len(found)} keys start with {wanted!r}; give the whole key")
    key = found[0]
    if key.revoked_at is None:
        key.revoked_at = now
    return key


# Built once: a key's use is on every request's path, and building a statement costs more
# than running it. The table, not the mapped class, so a session runs it as the plain statement.
_TABLE = cast(Table, ApiKey.__table__)
_KEYS = _TABLE.c
_USE = (
    update(_TABLE)
    .where(_KEYS.key_hash == bindparam("hash"), _KEYS.revoked_at.is_(None))
    .values(
        window_count=case((_KEYS.window_minute == bindparam("minute"), _KEYS.window_count + 1), else_=1),
        window_minute=bindparam("minute"),
        last_used_at=bindparam("now", type_=_KEYS.last_used_at.type),
    )
    .returning(_KEYS.id, _KEYS.channel, _KEYS.window_count, _KEYS.rate_limit)
)


def use_key(*, session: Session | Connection, key: str, now: datetime) -> KeyUse | None:
    """Check a presented key and count this request against its limit, in one atomic statement;
    None for a key that is unknown or revoked."""
    minute = int(now.timestamp()) // WINDOW_SECONDS
    counted = session.execute(_USE, {"hash": hash_key(key), "minute": minute, "now": now}).one_or_none()
    if counted is None:
        return None
    retry_after = (minute + 1) * WINDOW_SECONDS - int(now.timestamp())
    return KeyUse(counted.id, counted.channel, counted.window_count, counted.rate_limit, max(retry_after, 1))
