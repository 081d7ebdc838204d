"""The questionnaire when the database fails: a clear "try again", answers kept, no duplicate (issue 9)."""

import pytest

from core.data.connections import DatabaseUnavailable
from core.decisions import scoring
from tests.app.conftest import open_app
from tests.app.test_apply import fill, shown_offer, stored, submit
from tests.conftest import GOOD_ANSWERS
from ui.texts import UI

pytestmark = pytest.mark.slow


def test_a_lost_answer_keeps_the_form_and_pressing_again_files_nothing_twice(app_db, monkeypatch):
    real_store_once = scoring.store_once

    def stored_but_the_answer_is_lost(session, record, **options):
        real_store_once(session, record, **options)
        raise DatabaseUnavailable("server closed the connection unexpectedly")

    monkeypatch.setattr(scoring, "store_once", stored_but_the_answer_is_lost)
    at = submit(fill(open_app()))

    assert not at.exception
    assert [w.value for w in at.warning] == [UI["ui.apply.db_unavailable"]["ru"]]
    assert at.text_input(key="apply_full_name").value == GOOD_ANSWERS["full_name"]
    assert at.text_input(key="apply_passport").value == GOOD_ANSWERS["passport"]
    assert len(stored(app_db)) == 1  # it was stored; the applicant just never heard

    monkeypatch.setattr(scoring, "store_once", real_store_once)
    at = submit(at)
    assert shown_offer(at) and not at.warning
    [record] = stored(app_db)
    assert record.idempotency_key.startswith("form-")

    at.text_input(key="apply_income").input(str(GOOD_ANSWERS["income"] + 10_000))
    submit(at)
    assert len(stored(app_db)) == 2  # changed answers are a new application
