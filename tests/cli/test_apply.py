"""`python -m core apply`: one decision from a JSON file, as operations and scripts run it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.cli.main import main
from core.data import orm
from tests.conftest import GOOD_ANSWERS

PROJECT = Path(__file__).resolve().parents[2]
ANSWERS = GOOD_ANSWERS | {"birth_date": GOOD_ANSWERS["birth_date"].isoformat()}


@pytest.fixture
def database(demo_db, store, monkeypatch):
    """The demo database and trained models, named by the environment as an operator would."""
    monkeypatch.setenv("DATABASE_URL", demo_db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("MODELS_DIR", str(store.root))
    return demo_db


def answers_file(tmp_path: Path, content, name: str = "answers.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def applications(engine) -> list[orm.Application]:
    with Session(engine) as session:
        return list(session.scalars(select(orm.Application).order_by(orm.Application.id)))


def apply(capsys, *args: str) -> tuple[int, dict]:
    status = main(["apply", *args])
    return status, json.loads(capsys.readouterr().out)


def test_prints_the_stored_decision_record(database, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "core", "apply", "--answers", str(answers_file(tmp_path, ANSWERS)), "--lang", "ru"],
        cwd=PROJECT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    [stored] = applications(database)
    assert record["id"] == stored.id and record["segment"] == "new" == stored.segment
    assert record["model_version"] == stored.model_version and record["pd"] == pytest.approx(stored.pd)
    assert record["threshold"] == stored.threshold and record["decision"] == stored.decision
    assert record["offer"] == stored.offer and record["reasons"] == stored.reasons
    assert {"code", "value", "contribution"} <= set(record["reasons"][0])
    texts = record["applicant_reasons"]
    assert texts and all(any("а" <= c <= "я" for c in text) for text in texts)
    assert stored.lang == "ru"


def test_the_same_key_returns_the_stored_decision_and_stores_nothing_more(database, tmp_path, capsys):
    path = answers_file(tmp_path, ANSWERS)
    status, first = apply(capsys, "--answers", str(path), "--key", "batch-7:row-1")
    assert status == 0
    status, again = apply(capsys, "--answers", str(path), "--key", "batch-7:row-1", "--lang", "ru")
    assert status == 0 and again["id"] == first["id"] and again["pd"] == first["pd"]
    assert [a.idempotency_key for a in applications(database)] == ["batch-7:row-1"]
    # Another applicant without a key is a new application (the same answers again within a
    # day would return the earlier decision: issue 11's repeat rule).
    other_path = answers_file(tmp_path, ANSWERS | {"passport": "4510 654322"}, "other.json")
    status, other = apply(capsys, "--answers", str(other_path))
    assert status == 0 and other["id"] != first["id"] and len(applications(database)) == 2


def test_a_key_reused_for_other_answers_is_refused(database, tmp_path, capsys):
    assert apply(capsys, "--answers", str(answers_file(tmp_path, ANSWERS)), "--key", "k1")[0] == 0
    changed = answers_file(tmp_path, ANSWERS | {"income": 95_000}, "changed.json")
    status, out = apply(capsys, "--answers", str(changed), "--key", "k1")
    assert status == 2 and set(out["errors"]) == {"idempotency_key"}
    assert len(applications(database)) == 1


@pytest.mark.parametrize(
    ("content", "field", "text"),
    [
        (ANSWERS | {"income": "много", "region": "Атлантида"}, "income", "Введите число."),
        (ANSWERS | {"full_name": "a" * 40 + "1"}, "full_name", "ФИО"),
        (ANSWERS | {"fullname": "x"}, "fullname", "Такого поля в анкете нет."),
        ({k: v for k, v in ANSWERS.items() if k != "passport"}, "passport", "Обязательное поле."),
        (["not", "an", "object"], "answers", "JSON"),
        (b'{"full_name": "\xc8\xe2\xe0\xed"}', "answers", "UTF-8"),
        (b"{not json", "answers", "JSON"),
    ],
)
def test_invalid_input_prints_errors_exits_2_and_stores_nothing(database, tmp_path, capsys, content, field, text):
    status, out = apply(capsys, "--answers", str(answers_file(tmp_path, content)), "--lang", "ru")
    assert status == 2
    assert field in out["errors"] and text in out["errors"][field]
    assert applications(database) == []


def test_a_missing_file_or_a_bad_key_is_rejected(database, tmp_path, capsys):
    status, out = apply(capsys, "--answers", str(tmp_path / "nowhere.json"))
    assert status == 2 and "No such file" in out["errors"]["answers"]
    status, out = apply(capsys, "--answers", str(answers_file(tmp_path, ANSWERS)), "--key", "a b/../c")
    assert status == 2 and set(out["errors"]) == {"idempotency_key"}
    with Session(database) as session:
        assert session.scalar(select(func.count()).select_from(orm.Application)) == 0
