"""Tests for importing person lists (tracing.files, tracing.services.lists,
tracing.projector): CSV and XLSX files written here, the column mapping and
its preview, files refused with a clear message, bad rows left out and
reported by line while the good ones import, and rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.evidence.blobs import BlobStore
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.tracing import files
from sabt.tracing.files import (
    CSV_TYPE,
    XLSX_TYPE,
    FileError,
    guess_mapping,
    read_table,
)
from sabt.tracing.models import ListEntry, PersonList
from sabt.tracing.services.lists import store_upload
from sabt.web.pages.tracing import mapping_preview
from tests.ledger_store.helpers import projection_snapshot
from tests.tracing.factories import (
    DETAINEE_HEADER,
    DETAINEE_ROWS,
    GARBAGE,
    GARBAGE_HEADER,
    HOSPITAL_HEADER,
    HOSPITAL_ROWS,
    detainee_list,
    garbage_list_file,
    garbage_rejections,
    hospital_list,
    import_file,
    write_bomb_xlsx,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

DETAINEE_COLUMNS = ["id", "given_name", "age", "sex", "village"]


def nothing_imported(before: int) -> bool:
    return LedgerEvent.objects.count() == before and not PersonList.objects.exists()


# --- Reading files and guessing the mapping -------------------------------------


def test_headers_are_mapped_by_name_and_alias(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    table = read_table(path, "d.csv")
    assert table.media_type == CSV_TYPE
    assert guess_mapping(table.headers) == DETAINEE_COLUMNS


def test_dari_headers_are_mapped_too(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "h.xlsx", HOSPITAL_HEADER, HOSPITAL_ROWS)
    table = read_table(path, "h.xlsx")
    assert table.media_type == XLSX_TYPE
    assert guess_mapping(table.headers) == [
        "id",
        "given_name",
        "age",
        "sex",
        "village",
        "last_seen_date",
    ]


def test_xlsx_numbers_and_dates_read_as_a_person_writes_them(tmp_path: Path) -> None:
    import datetime  # noqa: PLC0415

    rows = [("7", "Aref", 19.0, datetime.datetime(2021, 9, 7), None)]  # noqa: DTZ001  # Excel has no zones
    path = write_xlsx(tmp_path / "x.xlsx", ("id", "name", "age", "seen", "x"), rows)
    assert read_table(path, "x.xlsx").rows == (("7", "Aref", "19", "2021-09-07", ""),)


def test_preview_shows_the_first_rows_as_they_will_be_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    preview = mapping_preview(read_table(path, "d.csv"), DETAINEE_COLUMNS)
    assert preview.problem == ""
    assert preview.rows == 3
    assert [str(label) for label in preview.labels] == [
        "Line",
        "Row id",
        "Given name",
        "Sex",
        "Age",
        "Village",
    ]
    assert preview.read[0] == (
        "2",
        "d-1",
        "Muhammad Arif s/o Gulahmad",
        "male",
        "18-22",
        "Paryan",
    )


def test_preview_shows_at_most_twenty_rows(tmp_path: Path) -> None:
    rows = [(str(n), f"Person {n}") for n in range(50)]
    path = write_csv(tmp_path / "long.csv", ("id", "name"), rows)
    preview = mapping_preview(read_table(path, "long.csv"), ["id", "given_name"])
    assert preview.rows == 50
    assert len(preview.read) == 20
    assert len(preview.raw) == 20


def test_preview_says_what_is_wrong_and_shows_the_raw_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    preview = mapping_preview(
        read_table(path, "d.csv"), ["id", "given_name", "sex", "", ""]
    )
    assert preview.problem.startswith(
        "None of the 3 rows of d.csv can be read; the first, line 2: "
        'column sex: "~20" is not a sex'
    )
    assert preview.raw[0][1] == "Muhammad Arif s/o Gulahmad"


def test_preview_lists_every_row_that_will_be_left_out(tmp_path: Path) -> None:
    table = read_table(garbage_list_file(tmp_path), "register.csv")
    preview = mapping_preview(table, list(GARBAGE_HEADER))
    assert preview.problem == ""
    assert preview.rows == 90
    assert [
        {"line": row.line, "reason": row.reason} for row in preview.rejected
    ] == garbage_rejections()
    assert preview.read[3][:3] == ("5", "p-4", "Mohammad Nabi")


# --- Importing --------------------------------------------------------------------


def test_a_csv_list_is_imported_as_events_and_rows(
    officer: User, tmp_path: Path
) -> None:
    person_list = detainee_list(officer, tmp_path)
    assert person_list.kind == "detainees"
    assert person_list.row_count == 3
    assert person_list.status == "detained"
    assert person_list.media_type == CSV_TYPE
    assert person_list.mapping == [
        ["No", "id"],
        ["Name", "given_name"],
        ["Age", "age"],
        ["Gender", "sex"],
        ["Village", "village"],
    ]
    types = list(
        LedgerEvent.objects.filter(record=person_list.record)
        .order_by("log_index")
        .values_list("type", flat=True)
    )
    assert types == ["tracing.list_imported", "tracing.entries_added"]
    aref = person_list.entries.get(row_id="d-1")
    assert aref.given_name == "Muhammad Arif s/o Gulahmad"
    assert (aref.age_low, aref.age_high) == (18, 22)  # "~20"
    assert aref.sex == "male"
    assert aref.village == "Paryan"
    assert aref.status == "detained"
    assert str(aref.status_as_of) == "2021-10-01"
    [report] = aref.status_reports.all()
    assert (report.status, report.source) == ("detained", person_list.name)


def test_an_xlsx_list_in_arabic_script_is_imported(
    officer: User, tmp_path: Path
) -> None:
    person_list = hospital_list(officer, tmp_path)
    assert person_list.media_type == XLSX_TYPE
    aref = person_list.entries.get(row_id="h-1")
    assert aref.given_name == "محمد عارف ولد گل احمد"
    assert aref.sex == "male"  # مرد
    assert aref.village == "پریان"
    assert str(aref.last_seen_date) == "2021-09-12"
    assert aref.status == "alive"


def test_the_file_is_kept_and_named_by_its_digest(
    officer: User, tmp_path: Path
) -> None:
    person_list = detainee_list(officer, tmp_path)
    original = (tmp_path / "detainees.csv").read_bytes()
    assert person_list.sha256 == hashlib.sha256(original).hexdigest()
    assert person_list.file_size == len(original)
    from django.conf import settings  # noqa: PLC0415

    stored = BlobStore(settings.SABT_BLOB_DIR).path_of(person_list.sha256)
    assert stored.read_bytes() == original
    event = LedgerEvent.objects.get(
        record=person_list.record, type="tracing.list_imported"
    )
    assert json.loads(event.payload)["body"]["file"]["sha256"] == person_list.sha256


def test_importing_the_same_file_twice_changes_nothing(
    officer: User, tmp_path: Path
) -> None:
    first = detainee_list(officer, tmp_path)
    count = LedgerEvent.objects.count()
    again = detainee_list(officer, tmp_path, name="The same list again")
    assert again.pk == first.pk
    assert LedgerEvent.objects.count() == count


def test_rows_are_recorded_in_chunks(officer: User, tmp_path: Path) -> None:
    rows = [(str(n), f"Person {n}", "Rokha") for n in range(1, 1202)]
    path = write_csv(tmp_path / "long.csv", ("id", "given_name", "village"), rows)
    person_list = import_file(officer, path)
    events = LedgerEvent.objects.filter(
        record=person_list.record, type="tracing.entries_added"
    )
    assert events.count() == 3  # 500 + 500 + 201
    assert person_list.entries.count() == 1201
    assert person_list.entries.get(row_id="1201").position == 1200


def test_a_list_can_say_another_status(officer: User, tmp_path: Path) -> None:
    person_list = detainee_list(officer, tmp_path, kind="other", status="alive")
    assert set(person_list.entries.values_list("status", flat=True)) == {"alive"}


def test_rebuild_gives_back_the_same_tables(officer: User, tmp_path: Path) -> None:
    detainee_list(officer, tmp_path)
    hospital_list(officer, tmp_path)
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before


# --- Files refused ---------------------------------------------------------------


def test_a_file_that_is_not_utf8_is_refused(officer: User, tmp_path: Path) -> None:
    path = tmp_path / "cp1256.csv"
    path.write_bytes("id,name\n1,محمد عارف\n".encode("cp1256"))
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path, columns=["id", "given_name"])
    [message] = caught.value.message_dict["file"]
    assert message.startswith("cp1256.csv, line 2: not UTF-8 text.")
    assert 'Save the file as "CSV UTF-8"' in message
    assert nothing_imported(before)


def test_a_list_without_an_id_column_is_refused(officer: User, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path, columns=["", "given_name", "age", "sex", "village"])
    assert "No column is mapped to id" in caught.value.message_dict["columns"][0]
    assert nothing_imported(before)


def test_a_mapping_to_an_unknown_column_is_refused(
    officer: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path, columns=["id", "full_name", "age", "sex", "village"])
    [message] = caught.value.message_dict["columns"]
    assert message == '"Name" is mapped to full_name, which is not a column.'
    assert nothing_imported(before)


def test_two_headers_mapped_to_one_column_are_refused(
    officer: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    with pytest.raises(ValidationError) as caught:
        import_file(
            officer, path, columns=["id", "given_name", "age", "sex", "given_name"]
        )
    assert caught.value.message_dict["columns"] == [
        'Both "Name" and "Village" are mapped to given_name.'
    ]


def test_an_empty_file_is_refused(officer: User, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path, columns=[])
    assert caught.value.message_dict["file"] == [
        "empty.csv is empty: its first row must name the columns."
    ]
    assert nothing_imported(before)


def test_a_header_without_rows_is_refused(officer: User, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "header.csv", ("id", "name"), [])
    with pytest.raises(ValidationError, match="has no rows below its header"):
        import_file(officer, path, columns=["id", "given_name"])


def test_a_bad_cell_leaves_out_its_row_only(officer: User, tmp_path: Path) -> None:
    rows = [*DETAINEE_ROWS, ("d-4", "Gul Agha", "old", "M", "Anaba")]
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, rows)
    person_list = import_file(officer, path)
    assert person_list.row_count == 3
    assert sorted(person_list.entries.values_list("row_id", flat=True)) == [
        "d-1",
        "d-2",
        "d-3",
    ]
    assert person_list.rejected_rows == [
        {
            "line": 5,
            "reason": 'column age: "old" is not an age (such as 19, ~20 or 18-20).',
        }
    ]


def test_a_repeated_row_id_leaves_out_the_second_row(
    officer: User, tmp_path: Path
) -> None:
    rows = [*DETAINEE_ROWS, ("d-1", "Gul Agha", "30", "M", "Anaba")]
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, rows)
    person_list = import_file(officer, path)
    assert person_list.entries.get(row_id="d-1").given_name == (
        "Muhammad Arif s/o Gulahmad"
    )
    assert person_list.rejected_rows == [
        {"line": 5, "reason": 'column id: "d-1" is already the id on line 2.'}
    ]


def test_a_list_whose_rows_all_fail_is_refused(officer: User, tmp_path: Path) -> None:
    rows = [("d-1", "Gul Agha", "old", "M", "Anaba"), ("", "Nabi", "20", "M", "")]
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, rows)
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path)
    [message] = caught.value.message_dict["file"]
    assert message == (
        "None of the 2 rows of d.csv can be read; the first, line 2: "
        'column age: "old" is not an age (such as 19, ~20 or 18-20).'
    )
    assert nothing_imported(before)


# --- A register with garbage rows -------------------------------------------------


def test_good_rows_import_and_each_bad_row_is_reported(
    officer: User, tmp_path: Path
) -> None:
    person_list = import_file(officer, garbage_list_file(tmp_path))
    assert person_list.row_count == 90
    assert person_list.entries.count() == 90
    assert person_list.rejected_rows == garbage_rejections()
    nabi = person_list.entries.get(row_id="p-4")
    assert nabi.given_name == "Mohammad Nabi"  # its line break made a space
    assert str(nabi.last_seen_date) == "2021-09-07"
    kept = set(person_list.entries.values_list("row_id", flat=True))
    assert not kept & {"g-11", "g-20", "g-29", "g-47", "g-56", "g-74", "g-83"}


def test_the_ledger_holds_the_good_rows_and_the_reasons(
    officer: User, tmp_path: Path
) -> None:
    person_list = import_file(officer, garbage_list_file(tmp_path))
    events = LedgerEvent.objects.filter(record=person_list.record)
    imported = json.loads(events.get(type="tracing.list_imported").payload)["body"]
    assert imported["row_count"] == 90
    assert imported["rejected"] == garbage_rejections()
    rows = [
        row
        for event in events.filter(type="tracing.entries_added")
        for row in json.loads(event.payload)["body"]["rows"]
    ]
    assert len(rows) == 90
    expected = {f"p-{n}" for n in range(1, 101) if n not in GARBAGE}
    assert {row["id"] for row in rows} == expected


def test_a_list_with_garbage_rows_rebuilds_to_the_same_tables(
    officer: User, tmp_path: Path
) -> None:
    import_file(officer, garbage_list_file(tmp_path))
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before
    assert PersonList.objects.get().rejected_rows == garbage_rejections()


def test_a_utf16_file_is_refused(officer: User, tmp_path: Path) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("id,name\n1,محمد عارف\n".encode("utf-16"))
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path, columns=["id", "given_name"])
    assert caught.value.message_dict["file"] == [
        'unicode.csv is UTF-16 text, not UTF-8. Save the file as "CSV UTF-8", '
        "or as an Excel workbook (.xlsx)."
    ]
    assert nothing_imported(before)


def test_a_file_missing_the_required_columns_is_refused(
    officer: User, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "names.csv", ("Name", "Village"), [("Gul Agha", "Anaba")]
    )
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path)
    [message] = caught.value.message_dict["columns"]
    assert message.startswith("No column is mapped to id")
    assert nothing_imported(before)


def test_a_file_that_is_not_a_workbook_is_refused(
    officer: User, tmp_path: Path
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path, columns=["id"])
    assert caught.value.message_dict["file"] == [
        "broken.xlsx is not an Excel workbook (.xlsx) that can be read."
    ]


def test_bad_metadata_names_each_field(officer: User, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(
            officer, path, name="", kind="rumours", as_of="2999-01-01", case="x"
        )
    assert set(caught.value.message_dict) == {"name", "kind", "as_of", "case"}
    assert nothing_imported(before)


def test_a_refused_upload_is_not_kept(tmp_path: Path, _blob_dir: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\n")
    with pytest.raises(ValidationError, match=r"empty\.csv is empty"):
        store_upload(path, "empty.csv")
    assert not list(_blob_dir.glob("??/??/*"))


def test_reading_a_file_that_is_binary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(FileError, match="neither a CSV file nor an Excel workbook"):
        read_table(path, "photo.csv")


def test_entries_keep_their_case(
    officer: User, tmp_path: Path, other_case: str
) -> None:
    person_list = detainee_list(officer, tmp_path, case=other_case)
    assert person_list.case == other_case
    assert set(ListEntry.objects.values_list("case", flat=True)) == {other_case}


def test_a_workbook_stored_without_its_extension_is_read(tmp_path: Path) -> None:
    """Blobs have no .xlsx in their name; the mapping page reads them so."""
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "given_name"])
    sheet.append(["d-1", "Aref"])
    path = tmp_path / ("0" * 64)
    workbook.save(tmp_path / "list.xlsx")
    (tmp_path / "list.xlsx").rename(path)
    table = read_table(path, "list.xlsx")
    assert table.headers == ("id", "given_name")
    assert table.rows == (("d-1", "Aref"),)


# --- Hostile files ---------------------------------------------------------------


def test_an_xlsx_expanding_to_a_gigabyte_is_refused_and_not_kept(
    officer: User, tmp_path: Path, _blob_dir: Path
) -> None:
    path = write_bomb_xlsx(
        tmp_path / "bomb.xlsx", DETAINEE_HEADER, DETAINEE_ROWS, mib=1024
    )
    assert path.stat().st_size < 8 * 1024 * 1024
    expected = (
        "bomb.xlsx expands to 1024 MB when unzipped, more than the 256 MB "
        "a list may take; split it."
    )
    with pytest.raises(ValidationError) as caught:
        store_upload(path, "bomb.xlsx")
    assert caught.value.message_dict["file"] == [expected]
    assert not list(_blob_dir.glob("??/??/*"))
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_file(officer, path, columns=DETAINEE_COLUMNS)
    assert caught.value.message_dict["file"] == [expected]
    assert nothing_imported(before)


def test_an_xlsx_part_that_expands_too_far_is_refused(tmp_path: Path) -> None:
    path = write_bomb_xlsx(
        tmp_path / "bomb.xlsx", DETAINEE_HEADER, DETAINEE_ROWS, mib=32
    )
    with pytest.raises(FileError) as caught:
        read_table(path, "bomb.xlsx")
    assert re.fullmatch(
        r"bomb\.xlsx: its part xl/worksheets/sheet1\.xml expands \d+ times when "
        r"unzipped, as no real workbook does \(a ZIP bomb\?\)\.",
        str(caught.value),
    )


def test_a_list_with_too_many_cells_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_CELLS", 10)
    path = write_xlsx(tmp_path / "d.xlsx", DETAINEE_HEADER, DETAINEE_ROWS)
    with pytest.raises(
        FileError, match=r"^d\.xlsx has more than 10 cells; split it\.$"
    ):
        read_table(path, "d.xlsx")


def test_a_list_file_too_large_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "d.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,given_name\n")
        for number in range(150_000):
            handle.write(f"{number},Aref\n")
    with pytest.raises(FileError, match=r"^d\.csv is larger than 1 MB; split it\.$"):
        read_table(path, "d.csv")
