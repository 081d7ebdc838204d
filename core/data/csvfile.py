"""Reading a CSV file of applications so that every way a file can be wrong gets a message that
names the line and the field and says what to do, never a traceback: a missing file or a
directory, another encoding than UTF-8, an empty or header-only file, a repeated column name,
a row with too few or too many fields, a field too long to be data.

The fast path is pyarrow's reader; Python's `csv` module only runs to find where a file that
pyarrow refused went wrong.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from core.data.problems import DataError, Problem, shown

MAX_FIELD = 10_000  # characters: no field of the schema comes near; anything longer is not data


def read_csv(path: str | Path) -> pd.DataFrame:
    """The file's rows as read by pyarrow (types inferred), or `DataError` saying what is wrong."""
    path = Path(path)
    content = _read_bytes(path)
    text = _decoded(content)
    header = _header(text)
    try:
        frame = pd.read_csv(io.BytesIO(content), engine="pyarrow")
    except (ValueError, pd.errors.ParserError) as error:
        raise _error(_diagnose(text, header) or f"not a readable CSV file ({error}); check it opens as CSV") from None
    if frame.empty:
        raise _error("the file has a header but no rows: nothing to do. Check that you gave the right file")
    return _with_overflows_as_text(frame, content)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise _error(f"{path} is a directory: give the CSV file in it (for example --data {path}/applications.csv)")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _error(f"file not found: {path}. Check the path") from None
    except OSError as error:
        raise _error(f"cannot read {path}: {error.strerror}. Check the path and its permissions") from None


def _decoded(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        start = content.rfind(b"\n", 0, error.start) + 1
        header = content[: content.find(b"\n")].decode("utf-8", "replace").strip().split(",")
        column = content.count(b",", start, error.start)
        field = header[column] if column < len(header) else f"field {column + 1}"
        raise DataError(
            [
                Problem(
                    line,
                    field,
                    "",
                    f"not UTF-8 text (byte 0x{content[error.start]:02x}; the file is probably in another "
                    "encoding, such as Windows-1251). Save it as UTF-8 (in Excel: CSV UTF-8) and try again",
                )
            ],
            {},
            0,
        ) from None


def _header(text: str) -> list[str]:
    csv.field_size_limit(MAX_FIELD)
    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        header = []
    names = [name.strip() for name in header]
    if not any(names):
        raise _error("the file is empty: its first line must be the header (client_id,app_date,...)")
    repeated = [name for name, count in Counter(names).items() if count > 1]
    if repeated:
        where = ", ".join(f"{name!r} (columns {_positions(names, name)})" for name in repeated)
        raise DataError([Problem(1, "header", "", f"repeated column name {where}: keep one of each")], {}, 0)
    return names


def _positions(names: list[str], name: str) -> str:
    return " and ".join(str(i + 1) for i, n in enumerate(names) if n == name)


def _diagnose(text: str, header: list[str]) -> str | None:
    """The first row that breaks the file, as a located message; None if none is found."""
    reader = csv.reader(io.StringIO(text))
    try:
        next(reader)
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                few = len(row) < len(header)
                missing = header[len(row) :] if few else []
                detail = f"; missing: {', '.join(missing)}" if missing else ""
                return f"line {reader.line_num}: {len(row)} fields where the header has {len(header)}{detail}. " + (
                    "Fill in the missing fields" if few else "Remove the extra fields (or quote values with commas)"
                )
    except csv.Error as error:
        line = reader.line_num  # the line being read when the error was raised
        if "field larger than field limit" in str(error):
            lines = text.splitlines()
            row = lines[line - 1] if 0 < line <= len(lines) else ""
            column = _longest_field(row)
            name = header[column] if column < len(header) else f"field {column + 1}"
            return (
                f"line {line}, {name}: a value longer than {MAX_FIELD:,} characters, which is not application "
                "data. Remove it from the file (even an unused column must be short)"
            )
        return f"line {line}: {error}. Check the quoting on that line"
    return None


def _longest_field(row: str) -> int:
    fields = row.split(",")
    return int(np.argmax([len(field) for field in fields])) if fields else 0


def _with_overflows_as_text(frame: pd.DataFrame, content: bytes) -> pd.DataFrame:
    """A number too large for a float reads as `inf`; keep such columns as their text, so a report
    quotes what the file says and the checks call it too large once."""
    overflowing = [
        name
        for name in frame.columns
        if pd.api.types.is_float_dtype(frame[name]) and np.isinf(frame[name].to_numpy()).any()
    ]
    if overflowing:
        text = pd.read_csv(io.BytesIO(content), engine="pyarrow", usecols=overflowing, dtype=str)
        for name in overflowing:
            frame[name] = text[name]
    return frame


def _error(reason: str) -> DataError:
    return DataError([Problem(0, "file", "", reason)], {}, 0)


__all__ = ["MAX_FIELD", "DataError", "Problem", "read_csv", "shown"]
