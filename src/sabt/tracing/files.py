"""Reading a person list from a CSV or XLSX file, through a column mapping.

A list arrives as someone else made it: any headers, in any language. It
is read in three steps, before anything is recorded:

1. ``read_table``: the file's header row and its rows as text (CSV in
   UTF-8, or the first sheet of an XLSX workbook);
2. ``guess_mapping``: a first guess of which of sabt's columns
   (``linkage.columns.COLUMNS``) each header holds, for a person to correct;
3. ``apply_mapping``: each row read as those columns and checked with the
   linkage's own parsers (``linkage.columns.parse_years`` and kin: ages
   such as "~20", sexes in Dari, dates), which is what the matching will
   compare.

A problem with the file as a whole (not UTF-8, not a workbook, empty, no
``id`` column, a mapping that is wrong, too large) refuses it with
``FileError``. Lists are small, and a file is measured before it is read:
its size on disk, what an XLSX expands to (``check_archive``: the ZIP's own
account of each part, which Python's zipfile never reads past), and then
its rows and cells as they are read. A ZIP bomb is refused before
openpyxl opens it. A
problem with one row (an age that is not an age, a repeated or empty id,
too few or too many cells) leaves out that row only: it is returned as a
``RejectedRow`` with its line and the reason, and every other row is read
whole. A row is either read whole or left out, never in part.

Untrusted XML inside XLSX files is parsed by openpyxl, which uses
defusedxml when it is installed (it is a dependency of sabt).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from sabt.tracing.linkage.columns import (
    COLUMNS,
    TEXT_COLUMNS,
    Years,
    parse_date,
    parse_sex,
    parse_years,
)
from sabt.tracing.linkage.columns import PersonList as CheckedList

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's "Unicode text" starts with one of these byte-order marks.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Every XLSX file is a ZIP archive.
ZIP_MAGIC = b"PK\x03\x04"
# Rows shown on the mapping page before the import is confirmed.
PREVIEW_ROWS = 20
# More rows than any register sabt is meant for; a bigger file is a mistake
# or an attack on the server's memory.
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000
MIB = 1024 * 1024
# 200,000 rows of a register take some 20 MB as CSV, less as XLSX.
MAX_FILE_BYTES = 64 * MIB
# What an XLSX's parts may expand to in all. Each cell read is a Python
# string: 256 MB of XML is already some 1 GB in openpyxl and here.
MAX_EXPANDED_BYTES = 256 * MIB
MAX_PARTS = 1000
# How many times a part may expand: a sheet's XML deflates 5 to 30 times,
# and 100 is the bound Apache POI holds workbooks to. Parts under 1 MiB
# (styles, a short sheet of one value) may shrink more: they cost nothing.
MAX_EXPANSION = 100
EXPANSION_CHECKED_FROM = MIB

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
    """A file's header row and its other rows, every cell as text.

    ``lines`` holds the line (CSV) or sheet row (XLSX) each row starts on,
    counting the header as 1, for messages a person can follow in the file.
    """

    file_name: str
    media_type: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...] = ()

    def line_of(self, position: int) -> int:
        """The line the row at ``position`` starts on."""
        if position < len(self.lines):
            return self.lines[position]
        return position + 2

    def preview(self) -> tuple[tuple[str, ...], ...]:
        """The first rows that are not blank, as written."""
        filled = (row for row in self.rows if any(cell.strip() for cell in row))
        return tuple(row for _, row in zip(range(PREVIEW_ROWS), filled, strict=False))


def read_table(path: Path, file_name: str) -> Table:
    """Read a CSV (UTF-8) or XLSX file as a header row and rows of text.

    The kind is told by content, not by name. Raises FileError saying what
    is wrong: not UTF-8, not a workbook, empty, too large, too many rows.
    """
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FileError(
            _("%(file)s is larger than %(size)d MB; split it.")
            % {"file": file_name, "size": MAX_FILE_BYTES // MIB}
        )
    with path.open("rb") as handle:
        start = handle.read(len(ZIP_MAGIC))
    if start == ZIP_MAGIC:
        headers, rows = _read_xlsx(path, file_name)
        lines = [number + 2 for number in range(len(rows))]
        media_type = XLSX_TYPE
    else:
        headers, rows, lines = _read_csv(path, file_name)
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
    return Table(file_name, media_type, headers, tuple(rows), tuple(lines))


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


@dataclass(frozen=True)
class RejectedRow:
    """A row left out of an import: its line in the file, and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class MappedList:
    """The rows read whole through a mapping, and the rows left out."""

    checked: CheckedList
    lines: tuple[int, ...]
    rejected: tuple[RejectedRow, ...]

    def __len__(self) -> int:
        return len(self.checked)


def apply_mapping(table: Table, columns: Sequence[str]) -> MappedList:
    """Read every row as sabt's columns and check it, as the matching will.

    A row with a problem is left out and reported with its line and the
    reason (``MappedList.rejected``); the others are read whole. Raises
    FileError with each mapping problem, or when no row can be read.
    """
    mapped = read_rows(table, columns)
    if not len(mapped) and mapped.rejected:
        first = mapped.rejected[0]
        raise FileError(
            _(
                "None of the %(count)d rows of %(file)s can be read; "
                "the first, line %(line)d: %(reason)s"
            )
            % {
                "count": len(mapped.rejected),
                "file": table.file_name,
                "line": first.line,
                "reason": first.reason,
            }
        )
    return mapped


def read_rows(table: Table, columns: Sequence[str]) -> MappedList:
    """``apply_mapping``, but a table none of whose rows can be read is no
    error: each row is in ``rejected`` with its reason.
    """
    problems = check_mapping(table.headers, columns)
    if problems:
        raise FileError(" ".join(problems))
    reader = _RowReader(table, columns)
    for position, row in enumerate(table.rows):
        reader.add(row, table.line_of(position))
    return reader.result()


class _RowReader:
    """Rows checked one at a time, kept column by column, or left out."""

    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        self.width = len(table.headers)
        self.positions = {column: n for n, column in enumerate(columns) if column}
        self.first_line_of: dict[str, int] = {}
        self.ids: list[str] = []
        self.lines: list[int] = []
        self.text: dict[str, list[str]] = {name: [] for name in TEXT_COLUMNS}
        self.sex: list[str] = []
        self.age: list[Years | None] = []
        self.birth_year: list[Years | None] = []
        self.last_seen_date: list[datetime.date | None] = []
        self.rejected: list[RejectedRow] = []
        self.file_name = table.file_name
        self.headers = frozenset(" ".join(h.split()).casefold() for h in table.headers)
        self.ignored = tuple(
            header.strip()
            for header, column in zip(table.headers, columns, strict=True)
            if header.strip() and not column
        )

    def add(self, row: Sequence[str], line: int) -> None:
        """Check one row; keep it whole, or reject it with the reason."""
        if not any(cell.strip() for cell in row):
            return  # blank lines between rows are common in hand-made lists
        if len(row) != self.width:
            self._reject(
                line,
                _("%(count)d cells, but the header names %(width)d.")
                % {"count": len(row), "width": self.width},
            )
            return
        record_id = self._cell(row, "id").strip()
        if not record_id:
            self._reject(line, _("column id: empty; every row needs an id."))
            return
        if record_id in self.first_line_of:
            self._reject(
                line,
                _('column id: "%(id)s" is already the id on line %(first)d.')
                % {"id": record_id, "first": self.first_line_of[record_id]},
            )
            return
        try:
            sex = self._parsed(row, "sex", parse_sex)
            age = self._parsed(row, "age", _age)
            born = self._parsed(row, "birth_year", _birth_year)
            seen = self._parsed(row, "last_seen_date", parse_date)
        except _RowProblem as exc:
            self._reject(line, str(exc))
            return
        # Every check passed: only now is any of the row kept.
        self.first_line_of[record_id] = line
        self.ids.append(record_id)
        self.lines.append(line)
        for name in TEXT_COLUMNS:
            self.text[name].append(" ".join(self._cell(row, name).split()))
        self.sex.append(sex)
        self.age.append(age)
        self.birth_year.append(born)
        self.last_seen_date.append(seen)

    def result(self) -> MappedList:
        checked = CheckedList(
            source=self.file_name,
            ids=self.ids,
            text=self.text,
            sex=self.sex,
            age=self.age,
            birth_year=self.birth_year,
            last_seen_date=self.last_seen_date,
            headers=self.headers,
            ignored=self.ignored,
        )
        return MappedList(checked, tuple(self.lines), tuple(self.rejected))

    def _cell(self, row: Sequence[str], name: str) -> str:
        position = self.positions.get(name)
        return "" if position is None else row[position]

    def _parsed(self, row: Sequence[str], column: str, parse: Callable[[str], T]) -> T:
        try:
            return parse(self._cell(row, column))
        except ValueError as exc:
            # The parsers quote ages, years, dates and sexes, never a name.
            raise _RowProblem(
                _("column %(column)s: %(problem)s.")
                % {"column": column, "problem": exc}
            ) from exc

    def _reject(self, line: int, reason: str) -> None:
        self.rejected.append(RejectedRow(line, reason))


class _RowProblem(ValueError):
    """A cell of a row cannot be read; the row is left out."""


def _age(text: str) -> Years | None:
    return parse_years(text, is_year=False)


def _birth_year(text: str) -> Years | None:
    return parse_years(text, is_year=True)


def _read_csv(
    path: Path, file_name: str
) -> tuple[tuple[str, ...], list[tuple[str, ...]], list[int]]:
    data = path.read_bytes()
    if data.startswith(UTF16_BOMS):
        raise FileError(
            _(
                "%(file)s is UTF-16 text, not UTF-8. Save the file as "
                '"CSV UTF-8", or as an Excel workbook (.xlsx).'
            )
            % {"file": file_name}
        )
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
    rows: list[tuple[str, ...]] = []
    # The line each row starts on: a quoted line break spans lines.
    lines: list[int] = []
    ended = 0
    try:
        for row in _bounded(reader, file_name):
            lines.append(ended + 1)
            ended = reader.line_num
            rows.append(tuple(row))
    except csv.Error as exc:
        raise FileError(
            _("%(file)s, line %(line)d: %(problem)s")
            % {"file": file_name, "line": reader.line_num, "problem": exc}
        ) from exc
    if not rows:
        return (), [], []
    return rows[0], rows[1:], lines[1:]


def _read_xlsx(
    path: Path, file_name: str
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    # Given a name, openpyxl refuses one not ending .xlsx, as blobs are named.
    handle = path.open("rb")
    try:
        check_archive(handle, file_name)
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except FileError:
        handle.close()
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        handle.close()
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
        handle.close()
    if not rows:
        return (), []
    width = max(len(row) for row in rows)
    # Sheets end rows at their last filled cell: pad them to one width.
    padded = [row + ("",) * (width - len(row)) for row in rows]
    return padded[0], padded[1:]


def check_archive(handle: BinaryIO, file_name: str) -> None:
    """Refuse a ZIP whose parts expand too far, in all or one at a time.

    Reads only the ZIP's directory. Raises FileError saying what is wrong,
    or zipfile.BadZipFile if it is not a ZIP at all.
    """
    parts = zipfile.ZipFile(handle).infolist()
    if len(parts) > MAX_PARTS:
        raise FileError(
            _("%(file)s holds %(count)d parts: not a workbook, or not a list.")
            % {"file": file_name, "count": len(parts)}
        )
    expanded = sum(part.file_size for part in parts)
    if expanded > MAX_EXPANDED_BYTES:
        raise FileError(
            _(
                "%(file)s expands to %(size)d MB when unzipped, more than the "
                "%(limit)d MB a list may take; split it."
            )
            % {
                "file": file_name,
                "size": expanded // MIB,
                "limit": MAX_EXPANDED_BYTES // MIB,
            }
        )
    for part in parts:
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size >= EXPANSION_CHECKED_FROM and ratio > MAX_EXPANSION:
            raise FileError(
                _(
                    "%(file)s: its part %(part)s expands %(ratio)d times when "
                    "unzipped, as no real workbook does (a ZIP bomb?)."
                )
                % {"file": file_name, "part": part.filename[:100], "ratio": ratio}
            )


RowT = TypeVar("RowT", bound=Sized)
T = TypeVar("T")


def _bounded(rows: Iterable[RowT], file_name: str) -> Iterator[RowT]:
    cells = 0
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
        cells += len(row)
        if cells > MAX_CELLS:
            raise FileError(
                _("%(file)s has more than %(count)d cells; split it.")
                % {"file": file_name, "count": MAX_CELLS}
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
