"""Tests for ``tracing.linkage.columns``: reading a CSV list and ``--map``.

Every problem a list can have is a row of ``BAD_LISTS`` with the exact
message a person sees; none of them returns a list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sabt.tracing.linkage.columns import (
    COLUMNS,
    ListError,
    Years,
    check_map_used,
    parse_map,
    read_list,
)

HEADER = ",".join(COLUMNS)


def write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_every_default_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "d1,Muhammad  Arif,Gulahmad,Karim,,M,~20,,Paryan,Paryan,Bazarak,2021-09-07\n",
    )
    person_list = read_list(path)
    assert person_list.ids == ["d1"]
    assert person_list.text["given_name"] == ["Muhammad Arif"]
    assert person_list.text["father_name"] == ["Gulahmad"]
    assert person_list.text["village"] == ["Paryan"]
    assert person_list.sex == ["m"]
    assert person_list.age == [Years(18, 22)]
    assert person_list.birth_year == [None]
    assert person_list.last_seen_date == [date(2021, 9, 7)]
    assert person_list.ignored == ()


def test_any_column_but_id_may_be_absent(tmp_path: Path) -> None:
    person_list = read_list(write(tmp_path, "id,given_name\n1,Aref\n2,\n"))
    assert person_list.ids == ["1", "2"]
    assert person_list.text["given_name"] == ["Aref", ""]
    assert person_list.text["father_name"] == ["", ""]
    assert person_list.age == [None, None]


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffid,given_name\n1,Aref\n".encode())
    assert read_list(path).ids == ["1"]


def test_names_and_sexes_in_arabic_script_and_arabic_digits(tmp_path: Path) -> None:
    path = write(tmp_path, "id,given_name,sex,age\nh1,محمد عارف,مرد,۱۹\nh2,فاطمه,زن,\n")
    person_list = read_list(path)
    assert person_list.text["given_name"] == ["محمد عارف", "فاطمه"]
    assert person_list.sex == ["m", "f"]
    assert person_list.age == [Years(19, 19), None]


def test_ages_and_years_may_be_ranges_or_estimates(tmp_path: Path) -> None:
    path = write(tmp_path, "id,age,birth_year\n1,18-20,\n2,,~1998\n3,c. 40,\n")
    person_list = read_list(path)
    assert person_list.age == [Years(18, 20), None, Years(38, 42)]
    assert person_list.birth_year == [None, Years(1996, 2000), None]


def test_headers_compare_without_case_or_spaces(tmp_path: Path) -> None:
    person_list = read_list(write(tmp_path, " ID , Given_Name \n1,Aref\n"))
    assert person_list.text["given_name"] == ["Aref"]


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    assert read_list(write(tmp_path, "id\n1\n\n,\n2\n")).ids == ["1", "2"]


def test_other_headers_are_ignored_and_named(tmp_path: Path) -> None:
    path = write(tmp_path, "id,Shoes,given_name,Notes\n1,42,Aref,seen at Bazarak\n")
    assert read_list(path).ignored == ("Shoes", "Notes")


def test_map_renames_their_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "No.,Name,Father,Village\n7,Aref,Gul Ahmad,Parian\n")
    mapping = parse_map("No.=id, name=given_name,Father=father_name,village=village")
    person_list = read_list(path, mapping)
    assert person_list.ids == ["7"]
    assert person_list.text["given_name"] == ["Aref"]
    assert person_list.text["father_name"] == ["Gul Ahmad"]
    assert person_list.text["village"] == ["Parian"]


def test_a_mapped_header_missing_from_one_list_is_fine(tmp_path: Path) -> None:
    mapping = parse_map("Name=given_name")
    with_it = read_list(write(tmp_path, "id,Name\n1,Aref\n", "a.csv"), mapping)
    without = read_list(write(tmp_path, "id,given_name\n1,Aref\n", "b.csv"), mapping)
    check_map_used(mapping, [with_it, without])


def test_a_mapped_header_missing_from_every_list_is_an_error(tmp_path: Path) -> None:
    mapping = parse_map("Nmae=given_name")
    person_list = read_list(write(tmp_path, "id,Name\n1,Aref\n"), mapping)
    with pytest.raises(ListError) as error:
        check_map_used(mapping, [person_list])
    assert str(error.value) == f'--map: no column "nmae" in {tmp_path / "list.csv"}'


BAD_MAPS = {
    "an entry without =": (
        "Name",
        '--map: "Name" is not of the form their_header=column',
    ),
    "a column sabt does not have": (
        "Name=given",
        '--map: "Name=given" names "given", which is not a column; the columns '
        "are id, given_name, father_name, grandfather_name, family_name, sex, "
        "age, birth_year, village, district, last_seen_place, last_seen_date, "
        "date_of_birth, tazkira, phone, email, other_names",
    ),
    "a header mapped twice": (
        "Name=given_name,name=family_name",
        '--map: "name" is mapped twice',
    ),
    "two headers mapped to one column": (
        "Name=given_name,Nom=given_name",
        '--map: both "name" and "nom" map to given_name',
    ),
}


@pytest.mark.parametrize(("text", "message"), BAD_MAPS.values(), ids=BAD_MAPS.keys())
def test_rejects_a_bad_map(text: str, message: str) -> None:
    with pytest.raises(ListError) as error:
        parse_map(text)
    assert str(error.value) == message


# name: (file content, --map, message after the file name)
BAD_LISTS = {
    "an empty file": ("", "", ": empty file; its first line must name the columns"),
    "no id column": (
        "given_name,age\nAref,19\n",
        "",
        ', line 1: no "id" column (the header names: given_name, age); add one, '
        "or name it with --map",
    ),
    "a header twice": (
        "id,age,Age\n1,19,19\n",
        "",
        ', line 1: column "age" appears twice',
    ),
    "a mapped header beside the column it maps to": (
        "id,Name,given_name\n1,Aref,Arif\n",
        "Name=given_name",
        ', line 1: both "name" and "given_name" give column given_name; rename one '
        "with --map",
    ),
    "a row with too many fields": (
        "id,given_name\n1,Aref\n2,Mohammad,Aref\n",
        "",
        ", line 3: 3 fields, but the header names 2",
    ),
    "an empty id": (
        "id,given_name\n1,Aref\n,Karim\n",
        "",
        ", line 3, column id: empty",
    ),
    "a duplicate id": (
        "id,given_name\n7,Aref\n8,Karim\n7,Wahid\n",
        "",
        ', line 4, column id: "7" is already the id on line 2',
    ),
    "an age in words": (
        "id,age\n1,19\n2,twenty\n",
        "",
        ', line 3, column age: "twenty" is not an age (such as 19, ~20 or 18-20)',
    ),
    "an age out of range": (
        "id,age\n1,190\n",
        "",
        ', line 2, column age: "190" is not an age between 0 and 120',
    ),
    "an age range from high to low": (
        "id,age\n1,20-18\n",
        "",
        ', line 2, column age: "20-18" is a range from high to low',
    ),
    "a birth year that is not a year": (
        "id,birth_year\n1,98\n",
        "",
        ', line 2, column birth_year: "98" is not a year between 1880 and 2100',
    ),
    "a date that is not ISO": (
        "id,last_seen_date\n1,7 Sep 2021\n",
        "",
        ', line 2, column last_seen_date: "7 Sep 2021" is not a date written '
        "YYYY-MM-DD",
    ),
    "a day not in the calendar": (
        "id,last_seen_date\n1,2021-09-31\n",
        "",
        ', line 2, column last_seen_date: "2021-09-31" is not a day of the calendar',
    ),
    "an unknown sex": (
        "id,sex\n1,x\n",
        "",
        ', line 2, column sex: "x" is not a sex (m, f, male, female, مرد, زن)',
    ),
    "a quoted line break": (
        'id,given_name\n1,"Aref\nJan"\n2,Karim,extra\n',
        "",
        ", line 4: 3 fields, but the header names 2",
    ),
}


@pytest.mark.parametrize(
    ("content", "mapping", "message"), BAD_LISTS.values(), ids=BAD_LISTS.keys()
)
def test_rejects_a_bad_list_naming_file_line_and_column(
    tmp_path: Path, content: str, mapping: str, message: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ListError) as error:
        read_list(path, parse_map(mapping))
    assert str(error.value) == f"{path}{message}"


def test_rejects_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,given_name\n1,Aref\n2,Zoë\n".encode("latin-1"))
    with pytest.raises(ListError) as error:
        read_list(path)
    assert str(error.value) == (
        f"{path}, line 3: not UTF-8 text (byte 0xeb); save the file as CSV UTF-8"
    )


def test_rejects_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    with pytest.raises(ListError) as error:
        read_list(path)
    assert (
        str(error.value) == f"{path}: cannot read the file: No such file or directory"
    )
