"""Reading a person list from a CSV or XLSX file, through a column mapping.

A list arrives as someone else made it: any headers, in any language. It
is read in three steps, each of which can refuse the file with a message
for the person importing it, before anything is recorded:

1. ``read_table``: the file's header row and its rows as text (CSV in
   UTF-8, or the first sheet of an XLSX workbook);
2. ``guess_mapping``: a first guess of which of sabt's columns
   (``linkage.columns.COLUMNS``) each header holds, for a person to correct;
3. ``apply_mapping``: the rows read as those columns and checked by the
   linkage's own reader (``linkage.columns.read_text``: ages such as "~20",
   sexes in Dari, dates), which is what the matching will compare.

Untrusted XML inside XLSX files is parsed by openpyxl, which uses
defusedxml when it is installed (it is a dependency of sabt).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from sabt.tracing.linkage.columns import COLUMNS, ListError, read_text
from sabt.tracing.linkage.columns import PersonList as CheckedList

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Every XLSX file is a ZIP archive.
ZIP_MAGIC = b"PK\x03\x04"
# Rows shown on the mapping page before the import is confirmed.
PREVIEW_ROWS = 20
# More rows than any register sabt is meant for; a bigger file is a mistake
# or an attack on the server's memory.
MAX_ROWS = 200_000
MAX_COLUMNS = 200

# Headers lists often use for sabt's columns, casefolded: English, Dari and
# Pashto words seen on registers.
HEADER_ALIASES: dict[str, str] = {
    "no": "id",
    "no.": "id",
    "#": "id",
    "number": "id",
    "شماره": "id",
    "name": "given_name",
    "first name": "given_name",
    "given name": "given_name",
    "نام": "given_name",
    "نوم": "given_name",
    "father": "father_name",
    "father's name": "father_name",
    "father name": "father_name",
    "s/o": "father_name",
    "نام پدر": "father_name",
    "ولد": "father_name",
    "د پلار نوم": "father_name",
    "grandfather": "grandfather_name",
    "grandfather's name": "grandfather_name",
    "نام پدرکلان": "grandfather_name",
    "ولدیت": "grandfather_name",
    "surname": "family_name",
    "family name": "family_name",
    "تخلص": "family_name",
    "gender": "sex",
    "جنسیت": "sex",
    "جنس": "sex",
    "سن": "age",
    "عمر": "age",
    "year of birth": "birth_year",
    "سال تولد": "birth_year",
    "home": "village",
    "village of origin": "village",
    "قریه": "village",
    "کلی": "village",
    "ولسوالی": "district",
    "place last seen": "last_seen_place",
    "date last seen": "last_seen_date",
}


class FileError(ValueError):
    """A list file cannot be read; the message says why, for a person."""


@dataclass(frozen=True)
class Table:
    """A file's header row and its other rows, every cell as text."""

    file_name: str
    media_type: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def preview(self) -> tuple[tuple[str, ...], ...]:
        """The first rows that are not blank, as written."""
        filled = (row for row in self.rows if any(cell.strip() for cell in row))
        return tuple(row for _, row in zip(range(PREVIEW_ROWS), filled, strict=False))


def read_table(path: Path, file_name: str) -> Table:
    """Read a CSV (UTF-8) or XLSX file as a header row and rows of text.

    The kind is told by content, not by name. Raises FileError saying what
    is wrong: not UTF-8, not a workbook, empty, too many rows.
    """
    with path.open("rb") as handle:
        start = handle.read(len(ZIP_MAGIC))
    if start == ZIP_MAGIC:
        headers, rows = _read_xlsx(path, file_name)
        media_type = XLSX_TYPE
    else:
        headers, rows = _read_csv(path, file_name)
        media_type = CSV_TYPE
    if not any(header.strip() for header in headers):
        raise FileError(
            _("%(file)s is empty: its first row must name the columns.")
            % {"file": file_name}
        )
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise FileError(
            _("%(file)s has no rows below its header.") % {"file": file_name}
        )
    return Table(file_name, media_type, headers, tuple(rows))


def guess_mapping(headers: Sequence[str]) -> list[str]:
    """A column of sabt's for each header, or "" to leave it out.

    A header that names a column ("given_name", "Age") or a known alias
    ("Father's name", "نام پدر") maps to it; each column is guessed once.
    """
    guessed: list[str] = []
    for header in headers:
        name = " ".join(header.split()).casefold()
        column = name if name in COLUMNS else HEADER_ALIASES.get(name, "")
        guessed.append("" if column in guessed else column)
    return guessed


def check_mapping(headers: Sequence[str], columns: Sequence[str]) -> list[str]:
    """The problems of a mapping (one column of ours per header, or "")."""
    problems: list[str] = []
    if len(columns) != len(headers):
        problems.append(
            _("Choose a column for each of the %(count)d headers.")
            % {"count": len(headers)}
        )
        return problems
    chosen: dict[str, str] = {}
    for header, column in zip(headers, columns, strict=True):
        if column and column not in COLUMNS:
            problems.append(
                _('"%(header)s" is mapped to %(column)s, which is not a column.')
                % {"header": header, "column": column}
            )
        elif column in chosen:
            problems.append(
                _('Both "%(first)s" and "%(second)s" are mapped to %(column)s.')
                % {"first": chosen[column], "second": header, "column": column}
            )
        elif column:
            chosen[column] = header
    if "id" not in chosen:
        problems.append(
            _(
                "No column is mapped to id: every list needs one column that "
                "tells its rows apart (a number is enough)."
            )
        )
    return problems


def apply_mapping(table: Table, columns: Sequence[str]) -> CheckedList:
    """Read every row as sabt's columns and check it, as the matching will.

    Raises FileError with each mapping problem, or with the first bad cell
    (file, line and column).
    """
    problems = check_mapping(table.headers, columns)
    if problems:
        raise FileError(" ".join(problems))
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows(table.rows)
    try:
        return read_text(text.getvalue(), table.file_name)
    except ListError as exc:
        raise FileError(str(exc)) from exc


def _read_csv(
    path: Path, file_name: str
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileError(
            _(
                "%(file)s, line %(line)d: not UTF-8 text. Save the file as "
                '"CSV UTF-8", or as an Excel workbook (.xlsx).'
            )
            % {"file": file_name, "line": line}
        ) from exc
    if "\x00" in text:
        raise FileError(
            _("%(file)s is neither a CSV file nor an Excel workbook (.xlsx).")
            % {"file": file_name}
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [tuple(row) for row in _bounded(reader, file_name)]
    except csv.Error as exc:
        raise FileError(
            _("%(file)s, line %(line)d: %(problem)s")
            % {"file": file_name, "line": reader.line_num, "problem": exc}
        ) from exc
    if not rows:
        return (), []
    return rows[0], rows[1:]


def _read_xlsx(
    path: Path, file_name: str
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise FileError(
            _("%(file)s is not an Excel workbook (.xlsx) that can be read.")
            % {"file": file_name}
        ) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return (), []
        cells = sheet.iter_rows(values_only=True)
        rows = [
            tuple(_cell_text(value) for value in row)
            for row in _bounded(cells, file_name)
        ]
    finally:
        workbook.close()
    if not rows:
        return (), []
    width = max(len(row) for row in rows)
    # Sheets end rows at their last filled cell: pad them to one width.
    padded = [row + ("",) * (width - len(row)) for row in rows]
    return padded[0], padded[1:]


RowT = TypeVar("RowT", bound=Sized)


def _bounded(rows: Iterable[RowT], file_name: str) -> Iterator[RowT]:
    for number, row in enumerate(rows):
        if number > MAX_ROWS:
            raise FileError(
                _("%(file)s has more than %(count)d rows; split it.")
                % {"file": file_name, "count": MAX_ROWS}
            )
        if len(row) > MAX_COLUMNS:
            raise FileError(
                _("%(file)s has more than %(count)d columns.")
                % {"file": file_name, "count": MAX_COLUMNS}
            )
        yield row


def _cell_text(value: object) -> str:
    """A cell as a person reads it: 19 not 19.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
