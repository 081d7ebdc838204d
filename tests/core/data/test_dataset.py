import pandas as pd
import pytest

from core.data.dataset import DataError, has_bank_fields, parse_applications, read_applications
from core.data.demo import generate_applications


@pytest.fixture
def raw() -> pd.DataFrame:
    return generate_applications(50, seed=3).astype(str)


def test_history_is_parsed_into_numbers_and_flags(raw):
    frame = parse_applications(raw, purpose="history")
    assert frame["car"].isin([0, 1]).all()
    assert frame["income"].dtype == "int64"
    assert frame["app_date"].dt.year.eq(2014).all()


def test_report_names_line_field_value_and_reason(raw):
    raw.loc[3, "income"] = "abc"
    raw.loc[7, "age"] = "200"
    raw.loc[9, "client_id"] = raw.loc[1, "client_id"]
    with pytest.raises(DataError) as caught:
        parse_applications(raw, purpose="history")
    report = caught.value.report()
    assert "income: 1 row(s) - not a number" in report
    assert "line 5: 'abc'" in report  # header is line 1, so row 3 is line 5
    assert "age: 1 row(s) - outside 18..120" in report
    assert "client_id repeated in the file" in report
    assert caught.value.counts == {"income": 1, "age": 1, "client_id": 1}


def test_missing_column_is_named(raw):
    with pytest.raises(DataError, match="missing column\\(s\\): default"):
        parse_applications(raw.drop(columns="default"), purpose="history")


def test_scoring_accepts_rows_without_bank_fields_but_not_half_of_them(raw):
    raw = raw.drop(columns=["default", "sex", "app_date"])
    raw.loc[0, ["decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time"]] = ""
    frame = parse_applications(raw, purpose="score")
    assert has_bank_fields(frame).tolist() == [False] + [True] * 49
    raw.loc[1, "sna"] = ""
    with pytest.raises(DataError, match="give all of decline_app_cnt"):
        parse_applications(raw, purpose="score")


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        read_applications(tmp_path / "nope.csv", purpose="history")
