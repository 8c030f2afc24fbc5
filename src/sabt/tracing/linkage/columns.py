"""Reading a list of people from a UTF-8 CSV file, and saying what is wrong.

A list has one person a row. Its header names sabt's columns (``COLUMNS``),
or other headers renamed by ``--map`` ("Name=given_name,Father=father_name").
Only ``id`` is required; any other column may be absent or empty, and names
and places may be in Latin or Arabic script. Headers that are neither
sabt's columns nor mapped are ignored, and listed so a person can map them.

Every problem raises ``ListError`` naming the file, the line and the column,
before anything else happens, so bad input changes nothing. A message
quotes the cell only for ages, years, dates and sexes, never a name: the
names of the missing are sealed data and must not reach a log.
"""

# Dari and Pashto words for the sexes are data.
# ruff: noqa: RUF001

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple, TypeVar

COLUMNS = (
    "id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "sex",
    "age",
    "birth_year",
    "village",
    "district",
    "last_seen_place",
    "last_seen_date",
)

# Identifiers some lists hold and Afghan registers mostly lack: a date of
# birth, the tazkira (national identity card) number, a phone number, an
# email address, and other names the person is known by or other-script
# spellings (Person Finder's alternate_names). ``sabt link`` reads them;
# the web app's import keeps to ``COLUMNS``.
IDENTIFIER_COLUMNS = ("date_of_birth", "tazkira", "phone", "email", "other_names")
# Identifiers kept as text, with runs of white space made one space.
IDENTIFIER_TEXT_COLUMNS = ("tazkira", "phone", "email", "other_names")
LINK_COLUMNS = COLUMNS + IDENTIFIER_COLUMNS

# Columns kept as text, with runs of white space made one space.
TEXT_COLUMNS = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "village",
    "district",
    "last_seen_place",
)

# How lists write the sexes: English, the first letters, and Dari and
# Pashto words (man, woman, boy, girl; Pashto "male", "female"; "males",
# "females" as official forms head their boxes). Anything meaning "not
# known" is empty.
SEXES: dict[str, str] = {
    "m": "m",
    "male": "m",
    "man": "m",
    "boy": "m",
    "مرد": "m",
    "پسر": "m",
    "نارینه": "m",
    "ذکور": "m",
    "f": "f",
    "female": "f",
    "woman": "f",
    "girl": "f",
    "زن": "f",
    "دختر": "f",
    "ښځینه": "f",
    "اناث": "f",
    "u": "",
    "unknown": "",
    "?": "",
    "-": "",
}

# "~20" or "c. 20": an estimate, counted as this many years either way.
APPROXIMATE_YEARS = 2
APPROXIMATE = re.compile(r"^(~|c\.\s*|ca\.\s*|about\s+)", re.IGNORECASE)

# An age or a year: one number, or a range "18-20". Digits may be Arabic-
# Indic (۱۹): Python reads any decimal digit.
YEARS = re.compile(r"^(\d+)(?:\s*[-–]\s*(\d+))?$")  # - or an en dash

OLDEST_AGE = 120
FIRST_BIRTH_YEAR = 1880
LAST_BIRTH_YEAR = 2100

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ListError(ValueError):
    """A list, or the ``--map`` that renames its headers, cannot be read.

    ``run`` raises it too when the pairs cannot be written where asked.
    """


class Years(NamedTuple):
    """A number of years, or a year, known to lie between low and high."""

    low: int
    high: int


@dataclass(frozen=True)
class PersonList:
    """A list read and checked, one entry a row, column by column.

    ``text`` holds the name and place columns (``TEXT_COLUMNS``), "" where
    empty or absent; ``sex`` is "m", "f" or ""; ``headers`` are the file's
    headers as compared with ``--map``; ``ignored`` names, as written, the
    headers that were neither sabt's columns nor mapped.
    """

    source: str
    ids: list[str]
    text: dict[str, list[str]]
    sex: list[str]
    age: list[Years | None]
    birth_year: list[Years | None]
    last_seen_date: list[date | None]
    headers: frozenset[str]
    ignored: tuple[str, ...]
    date_of_birth: list[date | None] = field(default_factory=list)
    identifiers: dict[str, list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)


T = TypeVar("T")


def parse_map(text: str) -> dict[str, str]:
    """Parse ``--map``: "their_header=our_column,..." to {their_header: column}.

    Headers compare without case and surrounding spaces. Raises ListError
    for an entry without "=", a column sabt does not have, a header mapped
    twice, or two headers mapped to one column.
    """
    mapping: dict[str, str] = {}
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        their, equals, ours = entry.partition("=")
        their, ours = _header(their), _header(ours)
        if not equals or not their or not ours:
            raise ListError(f'--map: "{entry}" is not of the form their_header=column')
        if ours not in LINK_COLUMNS:
            known = ", ".join(LINK_COLUMNS)
            raise ListError(
                f'--map: "{entry}" names "{ours}", which is not a column; '
                f"the columns are {known}"
            )
        if their in mapping:
            raise ListError(f'--map: "{their}" is mapped twice')
        for other, column in mapping.items():
            if column == ours:
                raise ListError(f'--map: both "{other}" and "{their}" map to {ours}')
        mapping[their] = ours
    return mapping


def check_map_used(mapping: Mapping[str, str], lists: Sequence[PersonList]) -> None:
    """Raise ListError if a header in ``--map`` is in none of the lists.

    A header missing from one list is fine (one map serves both lists of
    ``sabt link``); missing from all, it is a typing mistake.
    """
    for their in mapping:
        if not any(their in person_list.headers for person_list in lists):
            names = " or ".join(person_list.source for person_list in lists)
            raise ListError(f'--map: no column "{their}" in {names}')


def read_list(path: Path, mapping: Mapping[str, str] | None = None) -> PersonList:
    """Read and check a UTF-8 CSV list (a byte-order mark is allowed).

    ``mapping`` is a parsed ``--map``. Raises ListError naming the file,
    line and column of the first problem.
    """
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ListError(f"{source}: cannot read the file: {reason}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"0x{data[exc.start]:02x}"
        raise ListError(
            f"{source}, line {line}: not UTF-8 text (byte {byte}); "
            "save the file as CSV UTF-8"
        ) from exc
    return read_text(text, source, mapping)


def read_text(
    text: str, source: str, mapping: Mapping[str, str] | None = None
) -> PersonList:
    """Check CSV text whose first line is the header.

    ``source`` names the list in messages. Lines count from 1 at the
    header, and a quoted line break inside a cell counts as a line.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ListError(
            f"{source}: empty file; its first line must name the columns"
        ) from None
    except csv.Error as exc:
        raise ListError(f"{source}, line 1: {exc}") from exc
    positions, ignored = _positions(header, source, mapping or {})
    table = _Table(source, positions, width=len(header))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ListError(f"{source}, line {reader.line_num}: {exc}") from exc
        table.add(row, reader.line_num)
    return PersonList(
        source=source,
        ids=table.ids,
        text=table.text,
        sex=table.sex,
        age=table.age,
        birth_year=table.birth_year,
        last_seen_date=table.last_seen_date,
        headers=frozenset(_header(raw) for raw in header),
        ignored=ignored,
        date_of_birth=table.date_of_birth if "date_of_birth" in positions else [],
        identifiers={
            name: table.identifiers[name]
            for name in IDENTIFIER_TEXT_COLUMNS
            if name in positions
        },
    )


def parse_years(text: str, *, is_year: bool) -> Years | None:
    """Return an age ("19", "~20", "18-20") or a birth year as a range.

    An estimate ("~20", "c. 20", "about 20") widens the range by
    APPROXIMATE_YEARS either way. Returns None for an empty value; raises
    ValueError, with the sentence to show, for anything else.
    """
    value = text.strip()
    if not value:
        return None
    approximate = APPROXIMATE.match(value)
    if approximate:
        value = value[approximate.end() :]
    found = YEARS.match(value)
    kind, example = (
        ("a year", "1998, ~1998 or 1997-1999")
        if is_year
        else ("an age", "19, ~20 or 18-20")
    )
    if found is None:
        raise ValueError(f'"{text}" is not {kind} (such as {example})')
    low = int(found.group(1))
    high = int(found.group(2)) if found.group(2) else low
    first, last = (FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR) if is_year else (0, OLDEST_AGE)
    if not (first <= low <= last and first <= high <= last):
        raise ValueError(f'"{text}" is not {kind} between {first} and {last}')
    if low > high:
        raise ValueError(f'"{text}" is a range from high to low')
    if approximate:
        low, high = max(low - APPROXIMATE_YEARS, 0), high + APPROXIMATE_YEARS
    return Years(low, high)


def parse_date(text: str) -> date | None:
    """Return a date written YYYY-MM-DD, or None for an empty value."""
    value = text.strip()
    if not value:
        return None
    if not ISO_DATE.match(value):
        raise ValueError(f'"{text}" is not a date written YYYY-MM-DD')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f'"{text}" is not a day of the calendar') from None


def parse_sex(text: str) -> str:
    """Return "m", "f", or "" for an empty or unknown sex."""
    value = text.strip().casefold()
    if value and value not in SEXES:
        raise ValueError(f'"{text}" is not a sex (m, f, male, female, مرد, زن)')
    return SEXES.get(value, "")


def _header(text: str) -> str:
    return " ".join(text.split()).casefold()


def _positions(
    header: list[str], source: str, mapping: Mapping[str, str]
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Map each of sabt's columns to its position in the header."""
    positions: dict[str, int] = {}
    given_by: dict[str, str] = {}
    ignored: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(header):
        name = _header(raw)
        if name and name in seen:
            raise ListError(f'{source}, line 1: column "{name}" appears twice')
        seen.add(name)
        column = mapping.get(name, name if name in LINK_COLUMNS else "")
        if not column:
            if name:
                ignored.append(raw.strip())
            continue
        if column in positions:
            first = given_by[column]
            raise ListError(
                f'{source}, line 1: both "{first}" and "{name}" give '
                f"column {column}; rename one with --map"
            )
        positions[column] = position
        given_by[column] = name
    if "id" not in positions:
        names = ", ".join(raw.strip() for raw in header)
        raise ListError(
            f'{source}, line 1: no "id" column (the header names: {names}); '
            "add one, or name it with --map"
        )
    return positions, tuple(ignored)


class _Table:
    """Checked rows, accumulated column by column."""

    def __init__(self, source: str, positions: dict[str, int], width: int) -> None:
        self.source = source
        self.positions = positions
        self.width = width
        self.first_line_of: dict[str, int] = {}
        self.ids: list[str] = []
        self.text: dict[str, list[str]] = {name: [] for name in TEXT_COLUMNS}
        self.sex: list[str] = []
        self.age: list[Years | None] = []
        self.birth_year: list[Years | None] = []
        self.last_seen_date: list[date | None] = []
        self.date_of_birth: list[date | None] = []
        self.identifiers: dict[str, list[str]] = {
            name: [] for name in IDENTIFIER_TEXT_COLUMNS
        }

    def add(self, row: list[str], line: int) -> None:
        if not any(cell.strip() for cell in row):
            return  # blank lines between rows are common in hand-made lists
        if len(row) != self.width:
            raise ListError(
                f"{self.source}, line {line}: {len(row)} fields, "
                f"but the header names {self.width}"
            )
        record_id = self._cell(row, "id").strip()
        if not record_id:
            raise ListError(f"{self.source}, line {line}, column id: empty")
        first = self.first_line_of.setdefault(record_id, line)
        if first != line:
            raise ListError(
                f'{self.source}, line {line}, column id: "{record_id}" is '
                f"already the id on line {first}"
            )
        self.ids.append(record_id)
        for name in TEXT_COLUMNS:
            self.text[name].append(" ".join(self._cell(row, name).split()))
        self.sex.append(self._parsed(row, line, "sex", parse_sex))
        self.age.append(self._parsed(row, line, "age", _age))
        self.birth_year.append(self._parsed(row, line, "birth_year", _year))
        self.last_seen_date.append(
            self._parsed(row, line, "last_seen_date", parse_date)
        )
        self.date_of_birth.append(self._parsed(row, line, "date_of_birth", _birth))
        for name in IDENTIFIER_TEXT_COLUMNS:
            self.identifiers[name].append(" ".join(self._cell(row, name).split()))

    def _cell(self, row: list[str], name: str) -> str:
        position = self.positions.get(name)
        return "" if position is None else row[position]

    def _parsed(
        self, row: list[str], line: int, name: str, parse: Callable[[str], T]
    ) -> T:
        try:
            return parse(self._cell(row, name))
        except ValueError as exc:
            raise ListError(
                f"{self.source}, line {line}, column {name}: {exc}"
            ) from exc


def _age(text: str) -> Years | None:
    return parse_years(text, is_year=False)


def _birth(text: str) -> date | None:
    born = parse_date(text)
    if born is not None and not FIRST_BIRTH_YEAR <= born.year <= LAST_BIRTH_YEAR:
        raise ValueError(
            f'"{text}" is not a date of birth between {FIRST_BIRTH_YEAR} '
            f"and {LAST_BIRTH_YEAR}"
        )
    return born


def _year(text: str) -> Years | None:
    return parse_years(text, is_year=True)
