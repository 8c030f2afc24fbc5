"""PFIF as Google Person Finder speaks it: its own test files (``data/
personfinder``, Apache 2.0), which sabt imports, which it refuses and why,
and a round trip that keeps every field Person Finder's parser reads.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger
from sabt.tracing import services
from sabt.tracing.models import PersonList
from sabt.tracing.pfif import NAMESPACE
from sabt.tracing.pfif.exchange import export_pfif_lists, import_pfif, purge_expired
from sabt.tracing.pfif.reader import read_document, read_pfif
from sabt.tracing.pfif.validate import validate_pfif
from sabt.tracing.pfif.writer import write_pfif
from tests.ledger_store.helpers import projection_snapshot, run_command
from tests.tracing.factories import make_request

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "data" / "personfinder"
PERSON = "test.google.com/person.21009"


def person_finder_fields(record: str) -> list[str]:
    """The fields of a PFIF 1.4 ``record`` (person or note), as Person
    Finder's parser lists them (its ``PFIF_1_4``)."""
    source = (FILES / "personfinder_pfif.py.txt").read_text(encoding="utf-8")
    block = source[source.index("PFIF_1_4 = PfifVersion(") :]
    listed = re.search(rf"'{record}': \[(.*?)\]", block, re.DOTALL)
    assert listed is not None
    return re.findall(r"'(\w+)'", listed.group(1))


def copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(FILES / name, target)
    return target


# --- The validator ----------------------------------------------------------------


def test_person_finders_pfif_1_4_file_is_valid() -> None:
    assert validate_pfif((FILES / "test.pfif-1.4.xml").read_bytes()) == []


@pytest.mark.parametrize(
    "name", ["test.pfif-1.1.xml", "test.pfif-1.2.xml", "test.pfif-1.2-note.xml"]
)
def test_older_versions_are_read_but_not_valid_1_4(name: str) -> None:
    [problem] = validate_pfif((FILES / name).read_bytes())
    assert "not {http://zesty.ca/pfif/1.4}pfif" in str(problem)


# --- Which files import -------------------------------------------------------------


def test_the_1_4_file_imports_with_its_latest_status(
    officer: User, tmp_path: Path
) -> None:
    imported = import_pfif(
        actor=officer, path=copy(tmp_path, "test.pfif-1.4.xml"), list_name="PF 1.4"
    )
    entry = imported.entries.get()
    assert (entry.given_name, entry.family_name) == (
        "_test_given_name",
        "_test_family_name",
    )
    assert entry.village == "_test_home_city"
    # date_of_birth 1970-01 is used, not the age 35-45 of 2000.
    assert (entry.birth_year_low, entry.birth_year_high) == (1970, 1970)
    # The latest note by source_date says "is_note_author": the person
    # wrote it, so is alive; the backdated "believed_missing" is older.
    assert (entry.status, str(entry.status_as_of)) == ("alive", "2000-01-18")
    assert len(entry.pfif["notes"]) == 4


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("test.pfif-1.1.xml", "_test_description"),
        ("test.pfif-1.2.xml", "_test_description"),
    ],
)
def test_older_files_import_with_the_1_4_names(
    officer: User, tmp_path: Path, name: str, description: str
) -> None:
    [person] = read_pfif(FILES / name)
    assert person.get("given_name") == "_test_first_name"
    assert person.get("family_name") == "_test_last_name"
    assert person.get("full_name") == "_test_first_name _test_last_name"
    assert person.get("description") == description
    assert person.get("home_postal_code").startswith("_test_home_")
    assert person.notes[0].get("author_made_contact") in ("true", "false")
    imported = import_pfif(actor=officer, path=copy(tmp_path, name), list_name=name)
    assert imported.entries.get().given_name == "_test_first_name"


def test_age_counts_from_the_records_source_date(officer: User, tmp_path: Path) -> None:
    path = tmp_path / "age.xml"
    path.write_text(
        (FILES / "test.pfif-1.2-source.xml")
        .read_text(encoding="utf-8")
        .replace("<pfif:date_of_birth>1970-01</pfif:date_of_birth>", ""),
        encoding="utf-8",
    )
    entry = import_pfif(actor=officer, path=path, list_name="ages").entries.get()
    # 35 to 45 years old on 2000-01-01: born 1954 to 1965, whatever today is.
    assert (entry.birth_year_low, entry.birth_year_high) == (1954, 1965)


def test_a_file_of_two_persons_imports_both(officer: User, tmp_path: Path) -> None:
    # Person Finder refuses the second for its domain, which is not its
    # own; sabt keeps copies of other repositories' records, so takes both.
    imported = import_pfif(
        actor=officer,
        path=copy(tmp_path, "test.pfif-1.2-badrecord.xml"),
        list_name="two",
    )
    assert sorted(imported.entries.values_list("row_id", flat=True)) == [
        "foo.google.com/person.666",
        PERSON,
    ]


def test_notes_alone_about_unknown_people_are_refused(
    officer: User, tmp_path: Path
) -> None:
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        import_pfif(
            actor=officer,
            path=copy(tmp_path, "test.pfif-1.2-believed-dead.xml"),
            list_name="update",
        )
    assert refused.value.message_dict["file"] == [
        "test.pfif-1.2-believed-dead.xml: no person to import (notes about "
        f"{PERSON}, whom no PFIF list of this case holds)"
    ]
    assert LedgerEvent.objects.count() == before


@pytest.mark.parametrize(
    ("update", "status"),
    [
        ("test.pfif-1.2-believed-dead.xml", "deceased"),
        ("test.pfif-1.2-notification.xml", "missing"),
    ],
)
def test_notes_alone_update_the_people_a_list_holds(
    officer: User, tmp_path: Path, update: str, status: str
) -> None:
    import_pfif(actor=officer, path=copy(tmp_path, "test.pfif-1.2.xml"), list_name="PF")
    updated = import_pfif(actor=officer, path=copy(tmp_path, update), list_name="news")
    entry = updated.entries.get()
    assert (entry.row_id, entry.given_name, entry.status) == (
        PERSON,
        "_test_first_name",
        status,
    )


def test_notes_about_someone_unknown_are_left_out_with_the_reason(
    officer: User, tmp_path: Path
) -> None:
    import_pfif(actor=officer, path=copy(tmp_path, "test.pfif-1.2.xml"), list_name="PF")
    notes = import_pfif(
        actor=officer, path=copy(tmp_path, "test.pfif-1.2-note.xml"), list_name="news"
    )
    assert notes.entries.get().row_id == PERSON
    [left_out] = notes.rejected_rows
    assert "test.google.com/person.21010, whom no PFIF list" in left_out["reason"]


def test_an_atom_feed_of_pfif_imports(officer: User, tmp_path: Path) -> None:
    person = (FILES / "test.pfif-1.4.xml").read_text(encoding="utf-8")
    inner = person[person.index("<pfif:person>") : person.index("</pfif:pfif>")]
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:pfif="{NAMESPACE}">'
        "<id>https://example.org/feeds/person</id><title>Person Finder</title>"
        f"<entry><id>pfif:{PERSON}</id><title>_test_full_name1</title>{inner}"
        "</entry></feed>",
        encoding="utf-8",
    )
    assert read_document(feed).version == "1.4"
    imported = import_pfif(actor=officer, path=feed, list_name="feed")
    assert imported.entries.get().row_id == PERSON


def test_the_same_bytes_again_import_nothing_new(officer: User, tmp_path: Path) -> None:
    path = copy(tmp_path, "test.pfif-1.4.xml")
    code, first, _ = run_command("pfif", "import", str(path), "--list-name", "First")
    assert code == 0
    assert first.startswith("imported 1 people as the list First")
    events = LedgerEvent.objects.count()
    code, again, _ = run_command("pfif", "import", str(path), "--list-name", "Second")
    assert code == 0
    assert again.startswith(
        "nothing new imported: test.pfif-1.4.xml was imported before, as the list First"
    )
    assert LedgerEvent.objects.count() == events
    assert PersonList.objects.get().name == "First"


# --- Expiry -------------------------------------------------------------------------


def expiring(tmp_path: Path, expiry: str) -> Path:
    path = tmp_path / f"expiring-{expiry[:4]}.xml"
    path.write_text(
        (FILES / "test.pfif-1.4.xml")
        .read_text(encoding="utf-8")
        .replace(
            "<pfif:author_email>",
            f"<pfif:expiry_date>{expiry}</pfif:expiry_date><pfif:author_email>",
            1,
        ),
        encoding="utf-8",
    )
    return path


def test_an_expired_person_is_not_imported(officer: User, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="expired on 2001-01-01T00:00:00Z"):
        import_pfif(
            actor=officer,
            path=expiring(tmp_path, "2001-01-01T00:00:00Z"),
            list_name="old",
        )
    assert not PersonList.objects.exists()


def test_a_person_that_expires_is_no_longer_exported(
    officer: User, tmp_path: Path
) -> None:
    imported = import_pfif(
        actor=officer,
        path=expiring(tmp_path, "2031-01-01T00:00:00Z"),
        list_name="expiring",
        now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    lists = PersonList.objects.filter(pk=imported.pk)
    before = datetime.datetime(2030, 12, 31, tzinfo=datetime.UTC)
    after = datetime.datetime(2031, 1, 2, tzinfo=datetime.UTC)
    assert len(list(export_pfif_lists(lists, now=before))) == 1
    assert list(export_pfif_lists(lists, now=after)) == []


# --- Round trip ---------------------------------------------------------------------


def test_a_round_trip_keeps_every_field_person_finder_reads(
    officer: User, tmp_path: Path
) -> None:
    original = FILES / "test.pfif-1.4.xml"
    imported = import_pfif(
        actor=officer,
        path=copy(tmp_path, "test.pfif-1.4.xml"),
        list_name="PF",
        now=datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
    )
    out = tmp_path / "out.xml"
    with out.open("wb") as stream:
        write_pfif(export_pfif_lists(PersonList.objects.filter(pk=imported.pk)), stream)
    assert validate_pfif(out.read_bytes()) == []
    [before], [after] = read_pfif(original), read_pfif(out)
    for field in person_finder_fields("person"):
        expected = (
            "2026-01-02T03:04:05Z" if field == "entry_date" else before.get(field)
        )
        assert after.get(field) == expected, field
    assert len(after.notes) == len(before.notes) == 4
    for old, new in zip(before.notes, after.notes, strict=True):
        for field in person_finder_fields("note"):
            expected = (
                "2026-01-02T03:04:05Z" if field == "entry_date" else old.get(field)
            )
            assert new.get(field) == expected, (old.get("note_record_id"), field)


# --- Matching -----------------------------------------------------------------------


def test_an_alternate_name_is_matched(officer: User, tmp_path: Path) -> None:
    make_request(officer)  # Mohammad Aref s/o Gul Ahmad, of Parian, 19
    path = tmp_path / "alternate.xml"
    path.write_text(
        f"""<pfif:pfif xmlns:pfif="{NAMESPACE}"><pfif:person>
<pfif:person_record_id>example.org/p1</pfif:person_record_id>
<pfif:source_date>2021-09-20T00:00:00Z</pfif:source_date>
<pfif:full_name>Aref Panjshiri</pfif:full_name>
<pfif:alternate_names>Hamid Karimi
Mohammad Aref s/o Gul Ahmad</pfif:alternate_names>
<pfif:sex>male</pfif:sex><pfif:age>19</pfif:age>
<pfif:home_city>Parian</pfif:home_city>
</pfif:person></pfif:pfif>""",
        encoding="utf-8",
    )
    imported = import_pfif(actor=officer, path=path, list_name="alternate")
    [candidate] = services.find_candidates(actor=officer, person_list=imported)
    assert candidate.entry.row_id == "example.org/p1"
    assert candidate.probability > 0.5


def test_an_expired_record_is_purged_to_its_placeholder(
    officer: User, tmp_path: Path
) -> None:
    imported = import_pfif(
        actor=officer,
        path=expiring(tmp_path, "2031-01-01T00:00:00Z"),
        list_name="expiring",
        now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    later = datetime.datetime(2031, 1, 2, tzinfo=datetime.UTC)
    assert purge_expired(actor=officer, now=later) == 1
    entry = imported.entries.get()
    assert (entry.given_name, entry.family_name, entry.village) == ("", "", "")
    assert entry.birth_year_low is None
    assert entry.pfif == {
        "person": {
            "person_record_id": PERSON,
            "source_date": "2000-01-01T00:00:00Z",
            "entry_date": "2030-01-01T00:00:00Z",
            "expiry_date": "2031-01-01T00:00:00Z",
        },
        "notes": [],
    }
    assert purge_expired(actor=officer, now=later) == 0
    assert LedgerEvent.objects.filter(type="tracing.pfif_expired").count() == 1
    assert verify_ledger() == []
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before


def test_the_command_purges_what_has_expired(officer: User, tmp_path: Path) -> None:
    import_pfif(
        actor=officer,
        path=expiring(tmp_path, "2021-01-01T00:00:00Z"),
        list_name="expired since",
        now=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    code, stdout, _ = run_command("pfif", "expire", "--as", "officer")
    assert (code, stdout.strip()) == (
        0,
        "purged 1 expired PFIF records of case default",
    )
    code, stdout, _ = run_command("pfif", "expire")
    assert stdout.strip() == "purged 0 expired PFIF records of case default"
