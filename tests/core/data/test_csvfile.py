"""Bad files get a message naming the line and the field and saying what to do (issue 9, item 4);
through the CLI they exit with status 2 and change nothing."""

from pathlib import Path

import pytest

from core.cli.main import main
from core.data.dataset import DataError, read_applications
from core.data.demo import generate_applications


@pytest.fixture
def good(tmp_path) -> tuple[str, list[str]]:
    frame = generate_applications(5, seed=3)
    text = frame.to_csv(index=False)
    return text, text.splitlines()


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "file.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def rejected(path: Path) -> str:
    with pytest.raises(DataError) as error:
        read_applications(path, purpose="history")
    return str(error.value)


def test_a_cp1251_file_names_its_first_non_utf8_line_and_field(tmp_path, good):
    _, lines = good
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("education")] = "Высшее"
    content = ("\n".join([*lines[:3], ",".join(row), *lines[4:]]) + "\n").encode("cp1251")
    message = rejected(write(tmp_path, content))
    assert "line 4, education: not UTF-8" in message and "Save it as UTF-8" in message


def test_a_directory_is_not_a_file(tmp_path):
    message = rejected(tmp_path)
    assert "is a directory" in message and "give the CSV file in it" in message


def test_a_huge_field_even_in_an_ignored_column_is_located(tmp_path, good):
    _, lines = good
    content = "\n".join(
        [lines[0] + ",notes", *(line + ",ok" for line in lines[1:3]), lines[3] + "," + "x" * 10_485_760]
    )
    message = rejected(write(tmp_path, content + "\n"))
    assert "line 4, notes: a value longer than 10,000 characters" in message
    assert len(message) < 500  # the value is not echoed back


def test_a_repeated_column_name_is_refused(tmp_path, good):
    _, lines = good
    content = "\n".join([lines[0] + ",income", *(line + ",1" for line in lines[1:])])
    message = rejected(write(tmp_path, content + "\n"))
    assert "line 1, header: repeated column name 'income' (columns 15 and 20): keep one of each" in message


def test_a_400_digit_income_is_too_large_once_and_quoted_as_written(tmp_path, good):
    _, lines = good
    header = lines[0].split(",")
    row = lines[2].split(",")
    row[header.index("income")] = "9" * 400
    content = "\n".join([*lines[:2], ",".join(row), *lines[3:]]) + "\n"
    with pytest.raises(DataError) as error:
        read_applications(write(tmp_path, content), purpose="history")
    assert error.value.counts == {"income": 1}
    assert "income: 1 row(s) - too large a number" in str(error.value)
    assert "line 3: '9999" in str(error.value) and "(400 characters)" in str(error.value)
    assert "inf" not in str(error.value)


def test_a_header_only_file_has_nothing_to_do(tmp_path, good):
    _, lines = good
    assert "a header but no rows" in rejected(write(tmp_path, lines[0] + "\n"))


def test_an_empty_file_needs_a_header(tmp_path):
    assert "the file is empty" in rejected(write(tmp_path, ""))


def test_a_short_row_names_its_line_and_missing_fields(tmp_path, good):
    _, lines = good
    short = ",".join(lines[4].split(",")[:-2])
    content = "\n".join([*lines[:4], short, *lines[5:]]) + "\n"
    message = rejected(write(tmp_path, content))
    assert "line 5: 17 fields where the header has 19; missing: foreign_passport, default" in message
    assert "Fill in the missing fields" in message


@pytest.mark.parametrize("case", ["cp1251", "directory", "header-only", "short", "repeated"])
def test_the_cli_exits_2_with_the_line_and_no_traceback(tmp_path, good, capsys, case):
    _, lines = good
    if case == "directory":
        path = tmp_path
    else:
        content = {
            "cp1251": ("\n".join(lines) + "\nВысшее\n").encode("cp1251"),
            "header-only": lines[0] + "\n",
            "short": "\n".join([*lines[:2], "1,2"]) + "\n",
            "repeated": "\n".join([lines[0] + ",sex", *(line + ",M" for line in lines[1:])]) + "\n",
        }[case]
        path = write(tmp_path, content)
    assert main(["import", "--data", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Rejected: ") and "Traceback" not in err
    assert case in ("directory", "header-only") or "line " in err
