"""Tests for ``sabt link`` and ``sabt dedupe``: CSV lists in, candidate pairs out.

The commands run in-process through ``call_command``, as ``sabt`` runs
them; one test runs the ``sabt`` program itself. Every bad input fails with
its message and leaves the output file as it was.
"""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sabt.tracing.management.commands.dedupe import Command as DedupeCommand
from sabt.tracing.management.commands.link import Command as LinkCommand
from tests.serving import sabt, sqlite_env
from tests.tracing.lists import (
    AREF_DETAINED,
    AREF_IN_HOSPITAL,
    AREF_REQUEST,
    OTHER_AREF_DETAINED,
    write_list,
)

# Its processes run on SQLite (tests.serving.sqlite_env) in either half.
pytestmark = pytest.mark.no_database

HEADER = [
    "id_a",
    "id_b",
    "probability",
    "match_weight",
    "given_name_weight",
    "father_name_weight",
    "grandfather_name_weight",
    "family_name_weight",
    "sex_weight",
    "birth_year_weight",
    "village_weight",
    "last_seen_date_weight",
    "date_of_birth_weight",
    "tazkira_weight",
    "phone_weight",
    "email_weight",
]

# Two more people for the lists, nobody's match.
KARIM = {
    "id": "q-karim",
    "given_name": "Abdul Karim",
    "father_name": "Noor Mohammad",
    "sex": "m",
    "age": "34",
    "village": "Dashtak",
}
FATIMA = {
    "id": "d-fatima",
    "given_name": "Fatima",
    "father_name": "Ghulam Sakhi",
    "sex": "f",
    "age": "25",
    "village": "Khenj",
}


@pytest.fixture
def requests(tmp_path: Path) -> Path:
    return write_list(tmp_path / "requests.csv", [AREF_REQUEST, KARIM])


@pytest.fixture
def detainees(tmp_path: Path) -> Path:
    rows = [AREF_DETAINED, OTHER_AREF_DETAINED, FATIMA]
    return write_list(tmp_path / "detainees.csv", rows)


def run(*args: str | Path) -> list[str]:
    """Run a command; return what it wrote, line by line."""
    out = StringIO()
    call_command(*[str(arg) for arg in args], stdout=out)
    return out.getvalue().splitlines()


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == HEADER
        return list(reader)


def ids(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(row["id_a"], row["id_b"]) for row in rows]


def test_link_writes_the_pairs_at_or_above_the_threshold(
    tmp_path: Path, requests: Path, detainees: Path
) -> None:
    out = tmp_path / "pairs.csv"
    lines = run("link", requests, detainees, "--out", out, "--as-of", "2021-09-20")
    pairs = read_pairs(out)
    assert ids(pairs) == [("q-aref", "d-arif")]
    assert float(pairs[0]["probability"]) >= 0.9
    assert float(pairs[0]["father_name_weight"]) > 0
    assert lines == [
        f"read 2 rows from {requests}",
        f"read 3 rows from {detainees}",
        "blocking (pairs each rule added): given name + father's name (1); "
        "given name + village (1); father's name + village (0)",
        "compared: given_name, father_name, sex, birth_year, village",
        "parameters: the fixed priors (5 records)",
        f"scored 2 candidate pairs; wrote 1 with probability 0.9 or more to {out}",
    ]


def test_threshold_sets_which_pairs_are_written(
    tmp_path: Path, requests: Path, detainees: Path
) -> None:
    out = tmp_path / "pairs.csv"
    run("link", requests, detainees, "--out", out, "--threshold", "0")
    every = read_pairs(out)
    assert set(ids(every)) >= {("q-aref", "d-arif"), ("q-aref", "d-arif-rahim")}
    probabilities = [float(row["probability"]) for row in every]
    assert probabilities == sorted(probabilities, reverse=True)
    run("link", requests, detainees, "--out", out, "--threshold", "0.9999")
    assert len(read_pairs(out)) < len(every)


def test_map_reads_other_headers_as_columns(tmp_path: Path, requests: Path) -> None:
    detainees = tmp_path / "register.csv"
    detainees.write_text(
        "No.,Name,Father,Village,Age,Notes\n"
        "17,Muhammad Arif,Gulahmad,Paryan,~20,taken at the checkpoint\n"
        "18,Fatima,Ghulam Sakhi,Khenj,25,\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.csv"
    lines = run(
        "link",
        requests,
        detainees,
        "--out",
        out,
        "--map",
        "No.=id,Name=given_name,Father=father_name,Village=village,Age=age",
    )
    assert ids(read_pairs(out)) == [("q-aref", "17")]
    assert "  ignored columns: Notes (rename them with --map to use them)" in lines


def test_link_finds_the_arabic_script_register_entry(
    tmp_path: Path, requests: Path
) -> None:
    hospital = write_list(tmp_path / "hospital.csv", [AREF_IN_HOSPITAL, FATIMA])
    out = tmp_path / "pairs.csv"
    run("link", requests, hospital, "--out", out)
    assert ids(read_pairs(out)) == [("q-aref", "h-arif")]


def test_dedupe_finds_a_person_listed_twice(tmp_path: Path) -> None:
    rows = [AREF_DETAINED, AREF_IN_HOSPITAL, OTHER_AREF_DETAINED, FATIMA, KARIM]
    merged = write_list(tmp_path / "merged.csv", rows)
    out = tmp_path / "pairs.csv"
    lines = run("dedupe", merged, "--out", out, "--as-of", "2021-09-20")
    assert ids(read_pairs(out)) == [("d-arif", "h-arif")]
    assert lines[0] == f"read 5 rows from {merged}"


def test_help_says_what_each_command_does() -> None:
    link_help = LinkCommand().create_parser("sabt", "link").format_help()
    dedupe_help = DedupeCommand().create_parser("sabt", "dedupe").format_help()
    assert "Links two lists of people" in link_help
    assert "--threshold" in link_help
    assert "Finds the rows of one list of people" in dedupe_help
    assert "--map" in dedupe_help


def test_the_sabt_program_links_two_files(
    tmp_path: Path, requests: Path, detainees: Path
) -> None:
    out = tmp_path / "pairs.csv"
    result = sabt(
        sqlite_env(tmp_path / "home"), "link", str(requests), str(detainees),
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert ids(read_pairs(out)) == [("q-aref", "d-arif")]


# name: (detainee list content, extra arguments, message; {path} is the list)
BAD_INPUTS = {
    "a list that is not UTF-8": (
        b"id,given_name\nd1,Zo\xeb\n",
        [],
        "{path}, line 2: not UTF-8 text (byte 0xeb); save the file as CSV UTF-8",
    ),
    "no id column": (
        b"given_name,age\nArif,20\n",
        [],
        '{path}, line 1: no "id" column (the header names: given_name, age); '
        "add one, or name it with --map",
    ),
    "a duplicate id": (
        b"id,given_name\nd1,Arif\nd1,Karim\n",
        [],
        '{path}, line 3, column id: "d1" is already the id on line 2',
    ),
    "an unknown column in --map": (
        b"id,Name\nd1,Arif\n",
        ["--map", "Name=name"],
        '--map: "Name=name" names "name", which is not a column; the columns are '
        "id, given_name, father_name, grandfather_name, family_name, sex, age, "
        "birth_year, village, district, last_seen_place, last_seen_date, "
        "date_of_birth, tazkira, phone, email, other_names",
    ),
    "a header in --map that no list has": (
        b"id,Name\nd1,Arif\n",
        ["--map", "Nmae=given_name"],
        '--map: no column "nmae" in {requests} or {path}',
    ),
    "an age that is not a number": (
        b"id,age\nd1,twenty\n",
        [],
        '{path}, line 2, column age: "twenty" is not an age (such as 19, ~20 or 18-20)',
    ),
    "a date that is not ISO": (
        b"id,last_seen_date\nd1,07/09/2021\n",
        [],
        '{path}, line 2, column last_seen_date: "07/09/2021" is not a date '
        "written YYYY-MM-DD",
    ),
    "a threshold above 1": (
        b"id\nd1\n",
        ["--threshold", "1.5"],
        "Error: argument --threshold: 1.5 is not a probability between 0 and 1",
    ),
    "a threshold that is not a number": (
        b"id\nd1\n",
        ["--threshold", "high"],
        'Error: argument --threshold: "high" is not a number',
    ),
    "an --as-of date that is not ISO": (
        b"id\nd1\n",
        ["--as-of", "20 Sep 2021"],
        'Error: argument --as-of: "20 Sep 2021" is not a date written YYYY-MM-DD',
    ),
}


@pytest.mark.parametrize(
    ("content", "arguments", "message"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys()
)
def test_bad_input_fails_with_its_message_and_writes_nothing(
    tmp_path: Path,
    requests: Path,
    content: bytes,
    arguments: list[str],
    message: str,
) -> None:
    detainees = tmp_path / "detainees.csv"
    detainees.write_bytes(content)
    out = tmp_path / "pairs.csv"
    with pytest.raises(CommandError) as error:
        run("link", requests, detainees, "--out", out, *arguments)
    assert str(error.value) == message.format(path=detainees, requests=requests)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "detainees.csv",
        "requests.csv",
    ]


def test_bad_input_leaves_an_earlier_output_as_it_was(
    tmp_path: Path, requests: Path
) -> None:
    out = tmp_path / "pairs.csv"
    out.write_text("the pairs of yesterday\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,age\nd1,twenty\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run("link", requests, bad, "--out", out)
    assert out.read_text(encoding="utf-8") == "the pairs of yesterday\n"


def test_refuses_an_output_folder_that_does_not_exist(
    tmp_path: Path, requests: Path, detainees: Path
) -> None:
    out = tmp_path / "missing" / "pairs.csv"
    with pytest.raises(CommandError) as error:
        run("link", requests, detainees, "--out", out)
    assert str(error.value) == f"{out}: cannot write the pairs there: no such folder"


def test_refuses_to_write_the_pairs_over_a_list(tmp_path: Path, requests: Path) -> None:
    with pytest.raises(CommandError) as error:
        run("dedupe", requests, "--out", requests)
    assert (
        str(error.value) == f"{requests}: is a list to read; write the pairs elsewhere"
    )
    assert requests.read_text(encoding="utf-8").startswith("id,given_name")


def test_refuses_an_output_that_is_a_folder(tmp_path: Path, requests: Path) -> None:
    with pytest.raises(CommandError) as error:
        run("dedupe", requests, "--out", tmp_path)
    assert str(error.value) == (
        f"{tmp_path}: is a folder; name the file to write the pairs to"
    )


def test_a_list_without_rows_gives_no_pairs(tmp_path: Path, requests: Path) -> None:
    empty = write_list(tmp_path / "empty.csv", [])
    out = tmp_path / "pairs.csv"
    lines = run("link", requests, empty, "--out", out)
    assert read_pairs(out) == []
    assert lines[2:] == [
        "parameters: none needed (no two rows to compare)",
        f"scored 0 candidate pairs; wrote 0 with probability 0.9 or more to {out}",
    ]


def test_an_id_that_is_a_formula_is_written_as_text(
    tmp_path: Path, detainees: Path
) -> None:
    formula = '=HYPERLINK("http://example.org","x")'
    requests = write_list(
        tmp_path / "formula.csv", [{**AREF_REQUEST, "id": formula}, KARIM]
    )
    out = tmp_path / "pairs.csv"
    run("link", requests, detainees, "--out", out, "--as-of", "2021-09-20")
    pairs = read_pairs(out)
    assert ids(pairs) == [("'" + formula, "d-arif")]
    assert float(pairs[0]["match_weight"]) != 0
