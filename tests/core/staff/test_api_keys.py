"""Channels' API keys: only hashes stored, revocation, the per-minute count.

Runs on SQLite and on the real PostgreSQL (the `session` fixture)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.data.orm import ApiKey
from core.staff import api_keys

NOW = datetime(2026, 11, 25, 9, 0, 10, tzinfo=UTC)


def test_a_new_key_is_returned_once_and_only_its_hash_is_stored(session):
    _, key = api_keys.create_key(session=session, channel=" Mobile ", rate_limit=60, now=NOW)

    stored = session.scalars(select(ApiKey)).one()
    assert key.startswith("csk_") and len(key) > 40
    assert stored.channel == "mobile"
    assert stored.key_hash == api_keys.hash_key(key) != key
    assert key not in {stored.prefix, stored.key_hash} and key.startswith(stored.prefix)


def test_two_keys_are_never_the_same(session):
    keys = {api_keys.create_key(session=session, channel="mobile", rate_limit=60, now=NOW)[1] for _ in range(20)}

    assert len(keys) == 20


@pytest.mark.parametrize("channel", ["web", "WEB", "x", "has space", "1st", "a" * 33, "мобильный"])
def test_a_channel_name_must_be_usable_and_not_the_questionnaires(session, channel):
    with pytest.raises(api_keys.ApiKeyError):
        api_keys.create_key(session=session, channel=channel, rate_limit=60, now=NOW)


def test_a_key_is_recognised_and_its_channel_known(session):
    _, key = api_keys.create_key(session=session, channel="branch", rate_limit=60, now=NOW)

    use = api_keys.use_key(session=session, key=key, now=NOW)

    assert (use.channel, use.count, use.over_limit, use.retry_after) == ("branch", 1, False, 50)


def test_an_unknown_or_altered_key_is_not(session):
    _, key = api_keys.create_key(session=session, channel="branch", rate_limit=60, now=NOW)

    assert api_keys.use_key(session=session, key=key[:-1] + ("A" if key[-1] != "A" else "B"), now=NOW) is None
    assert api_keys.use_key(session=session, key="", now=NOW) is None


def test_a_revoked_key_stops_working_at_once(session):
    record, key = api_keys.create_key(session=session, channel="branch", rate_limit=60, now=NOW)

    api_keys.revoke_key(session=session, prefix=record.prefix, now=NOW)

    assert api_keys.use_key(session=session, key=key, now=NOW) is None
    assert [k.revoked_at is not None for k in api_keys.list_keys(session=session)] == [True]


def test_revoking_needs_a_known_prefix(session):
    with pytest.raises(api_keys.ApiKeyError, match="no key starts with"):
        api_keys.revoke_key(session=session, prefix="csk_nothing", now=NOW)


def test_requests_beyond_the_limit_in_one_minute_are_over_it_and_the_next_minute_starts_afresh(session):
    _, key = api_keys.create_key(session=session, channel="mobile", rate_limit=3, now=NOW)

    uses = [api_keys.use_key(session=session, key=key, now=NOW + timedelta(seconds=i)) for i in range(5)]
    next_minute = api_keys.use_key(session=session, key=key, now=NOW + timedelta(seconds=55))

    assert [u.over_limit for u in uses] == [False, False, False, True, True]
    assert uses[-1].retry_after == 46
    assert (next_minute.count, next_minute.over_limit) == (1, False)


def test_each_key_has_its_own_count(session):
    _, first = api_keys.create_key(session=session, channel="mobile", rate_limit=1, now=NOW)
    _, second = api_keys.create_key(session=session, channel="mobile", rate_limit=1, now=NOW)

    api_keys.use_key(session=session, key=first, now=NOW)

    assert not api_keys.use_key(session=session, key=second, now=NOW).over_limit
    assert api_keys.use_key(session=session, key=first, now=NOW).over_limit
