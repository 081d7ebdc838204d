"""`python -m core api-keys ...`: a key printed once, listed without it, revoked, audited."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.data.db import make_engine
from core.data.orm import AuditEntry
from core.staff import api_keys
from tests.cli.test_commands import run as run_core


def run(*args: str):
    return run_core("api-keys", *args)


def test_add_prints_the_key_once_and_list_never_shows_it(isolated_settings):
    added = run("add", "mobile", "--rate-limit", "120")
    listed = run("list")

    assert added.returncode == 0, added.stderr
    key = added.stdout.strip()
    assert key.startswith("csk_") and "\n" not in key
    assert "shown this once" in added.stderr
    assert listed.returncode == 0, listed.stderr
    assert key not in listed.stdout
    assert f"{key[: api_keys.PREFIX_LENGTH]}…" in listed.stdout
    assert "mobile" in listed.stdout and "120" in listed.stdout


def test_a_key_gets_the_configured_default_limit(isolated_settings, monkeypatch):
    monkeypatch.setenv("API_RATE_LIMIT", "42")
    run("add", "branch")

    assert " 42 " in run("list").stdout


def test_revoke_by_the_listed_prefix_and_every_change_is_audited(isolated_settings):
    key = run("add", "mobile").stdout.strip()

    revoked = run("revoke", key[: api_keys.PREFIX_LENGTH])

    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.startswith(f"Revoked {key[: api_keys.PREFIX_LENGTH]}")
    engine = make_engine(isolated_settings.database_url)
    with Session(engine) as session:
        assert api_keys.use_key(session=session, key=key, now=api_keys.list_keys(session=session)[0].created_at) is None
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.user_name == "cli")))
    engine.dispose()
    assert actions == ["api_key_created", "api_key_revoked"]


def test_the_questionnaires_channel_and_unknown_prefixes_are_refused(isolated_settings):
    web = run("add", "web")
    unknown = run("revoke", "csk_nothing")

    assert (web.returncode, unknown.returncode) == (2, 2)
    assert "questionnaire" in web.stderr and web.stdout == ""
    assert "no key starts with" in unknown.stderr
