"""Factories of the tracing tests: each calls a service, so every row has its
event. The example is issue #6's: a mother asks for "Mohammad Aref son of
Gul Ahmad, from Parian, 19, taken on 7 Sep 2021".
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from openpyxl import Workbook

from sabt.tracing import services
from sabt.tracing.files import guess_mapping, read_table
from sabt.tracing.models import PersonList, TracingRequest

MOTHER = "Bibi Hawa Panjshiri"
MOTHER_PHONE = "+93 799 555 017"

AREF: dict[str, Any] = {
    "given_name": "Mohammad Aref",
    "father_name": "Gul Ahmad",
    "sex": "male",
    "age": (19, 19),
    "village": "Parian",
    "district": "Paryan",
    "last_seen_date": "2021-09-07",
    "last_seen_place": "Parian bazaar",
    "taken_by": "Taliban fighters",
    "taken_to": "behind the front line, by truck",
    "relationship": "mother",
    "consent_to_share": "yes",
    "enquirer_name": MOTHER,
    "enquirer_contact": MOTHER_PHONE,
}

# A detainee list: Aref with his lineage in one cell, his namesake with
# another father, a stranger.
DETAINEE_HEADER = ("No", "Name", "Age", "Gender", "Village")
DETAINEE_ROWS = (
    ("d-1", "Muhammad Arif s/o Gulahmad", "~20", "M", "Paryan"),
    ("d-2", "Mohammad Arif s/o Abdul Rahim", "20", "M", "Paryan"),
    ("d-3", "Sayed Agha s/o Sayed Jan", "31", "M", "Dashtak"),
)
# A hospital register in Arabic script.
HOSPITAL_HEADER = ("شماره", "نام", "سن", "جنسیت", "قریه", "last_seen_date")
HOSPITAL_ROWS = (
    ("h-1", "محمد عارف ولد گل احمد", "20", "مرد", "پریان", "2021-09-12"),
    ("h-2", "محمد عارف ولد عبدالکریم", "19", "مرد", "پریان", "2021-09-12"),
)


def make_request(actor: User, **overrides: Any) -> TracingRequest:
    return services.open_request(actor=actor, **{**AREF, **overrides})


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def write_bomb_xlsx(
    path: Path, header: Sequence[Any], rows: Iterable[Sequence[Any]], *, mib: int
) -> Path:
    """A real workbook whose sheet expands to ``mib`` MiB: a ZIP bomb.

    The sheet's XML is followed by spaces, which XML allows after the root
    element, written a MiB at a time: 1 GiB deflates to about 1 MB.
    """
    plain = write_xlsx(path.with_suffix(".plain.xlsx"), header, rows)
    spaces = b" " * (1024 * 1024)
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb,
    ):
        for part in source.infolist():
            data = source.read(part)
            if part.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(part, data)
                continue
            with bomb.open(part.filename, "w", force_zip64=True) as sheet:
                sheet.write(data)
                for _ in range(mib):
                    sheet.write(spaces)
    plain.unlink()
    return path


def import_file(
    actor: User,
    path: Path,
    *,
    kind: str = "detainees",
    name: str = "Detainees, Bagram, October 2021",
    columns: Sequence[str] | None = None,
    **overrides: Any,
) -> PersonList:
    """Import a list with the guessed mapping unless ``columns`` is given."""
    if columns is None:
        columns = guess_mapping(read_table(path, path.name).headers)
    return services.import_list(
        actor=actor,
        path=path,
        file_name=path.name,
        name=name,
        kind=kind,
        columns=columns,
        **overrides,
    )


def detainee_list(actor: User, folder: Path, **overrides: Any) -> PersonList:
    path = write_csv(folder / "detainees.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    return import_file(actor, path, as_of="2021-10-01", **overrides)


def hospital_list(actor: User, folder: Path, **overrides: Any) -> PersonList:
    path = write_xlsx(folder / "hospital.xlsx", HOSPITAL_HEADER, HOSPITAL_ROWS)
    return import_file(
        actor,
        path,
        kind="hospital",
        name="Bazarak hospital register",
        as_of="2021-09-15",
        **overrides,
    )


def as_mapping(values: Mapping[str, str], headers: Sequence[str]) -> list[str]:
    """A mapping from {header: column}, "" for the headers not named."""
    return [values.get(header, "") for header in headers]


# A register of 100 rows, 10 of them garbage of different kinds, each with
# the line it is on and the reason the import must give. Row 4's name holds
# a quoted line break, so every later row is one line further down.
GARBAGE_HEADER = (
    "id",
    "given_name",
    "father_name",
    "age",
    "sex",
    "birth_year",
    "village",
    "last_seen_date",
)
GARBAGE: dict[int, tuple[tuple[str, ...], str]] = {
    # row number (1-100): (cells, reason)
    11: (
        ("g-11", "Gul Agha", "Sayed Jan", "old", "M", "", "Anaba", ""),
        'column age: "old" is not an age (such as 19, ~20 or 18-20).',
    ),
    20: (
        ("g-20", "Abdul Wahid", "Rahmatullah", "25", "M", "", "Rokha", "7/9/2021"),
        'column last_seen_date: "7/9/2021" is not a date written YYYY-MM-DD.',
    ),
    29: (
        ("g-29", "Nasir", "Ghulam", "30", "M", "", "Dashtak", "2021-02-30"),
        'column last_seen_date: "2021-02-30" is not a day of the calendar.',
    ),
    38: (
        ("p-5", "Shir Agha", "Nazar", "22", "M", "", "Paryan", ""),
        'column id: "p-5" is already the id on line 7.',
    ),
    47: (("g-47", "Karim", "Rahim"), "3 cells, but the header names 8."),
    56: (
        ("g-56", "Jawad", "Aziz", "19", "M", "", "Bazarak", "", "extra"),
        "9 cells, but the header names 8.",
    ),
    65: (
        ("", "Hamid", "Zahir", "40", "M", "", "Omarz", ""),
        "column id: empty; every row needs an id.",
    ),
    74: (
        ("g-74", "Bashir", "Qadir", "33", "xyz", "", "Khenj", ""),
        'column sex: "xyz" is not a sex (m, f, male, female, مرد, زن).',
    ),
    83: (
        ("g-83", "Latif", "Wali", "", "M", "nineteen", "Dara", ""),
        'column birth_year: "nineteen" is not a year (such as 1998, ~1998 or '
        "1997-1999).",
    ),
    92: (
        ("g-92", "Samad", "Mirza", "300", "M", "", "Shutul", ""),
        'column age: "300" is not an age between 0 and 120.',
    ),
}


def garbage_line(row: int) -> int:
    """The line of a row: the header is line 1, row 4 spans two lines."""
    return row + 1 if row <= 4 else row + 2  # see GARBAGE


def garbage_rows() -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for number in range(1, 101):
        if number in GARBAGE:
            rows.append(GARBAGE[number][0])
            continue
        name = "Mohammad\nNabi" if number == 4 else f"Person {number}"
        rows.append(
            (f"p-{number}", name, "Abdullah", str(18 + number % 40), "M",
             "", "Paryan", "2021-09-07")
        )  # fmt: skip
    return rows


def garbage_list_file(folder: Path) -> Path:
    """The 100-row register with its 10 garbage rows, as UTF-8 CSV."""
    return write_csv(folder / "register.csv", GARBAGE_HEADER, garbage_rows())


def garbage_rejections() -> list[dict[str, Any]]:
    """What the import must report: each garbage row's line and reason."""
    return [
        {"line": garbage_line(number), "reason": reason}
        for number, (_, reason) in sorted(GARBAGE.items())
    ]
