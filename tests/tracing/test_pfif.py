"""Tests for PFIF 1.4 exchange (tracing.pfif: writer, reader, exchange,
validate, and ``sabt pfif``): what leaves sabt, that it keeps the rules of
PFIF 1.4, that it round-trips through an empty sabt unchanged, what comes
back, and hostile XML refused.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET  # reading our own output
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from pytest_django import Settings

from sabt.access.models import ReadAudit
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import verify_ledger
from sabt.tracing import services
from sabt.tracing.models import Candidate, PersonList, TracingRequest
from sabt.tracing.pfif import NAMESPACE
from sabt.tracing.pfif.exchange import export_requests, import_pfif
from sabt.tracing.pfif.reader import PfifError, read_pfif
from sabt.tracing.pfif.validate import validate_pfif
from sabt.tracing.pfif.writer import write_pfif
from tests.ledger_store.helpers import run_command
from tests.tracing.factories import (
    MOTHER,
    MOTHER_PHONE,
    detainee_list,
    make_request,
)

pytestmark = pytest.mark.django_db

P = f"{{{NAMESPACE}}}"


def export(folder: Path) -> Path:
    out = folder / "export.xml"
    with out.open("wb") as stream:
        write_pfif(export_requests(TracingRequest.objects.all()), stream)
    return out


def notes_of(path: Path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter(f"{P}note"))  # noqa: S314  # our own file


def located(officer: User, folder: Path, *, consent: str) -> TracingRequest:
    """Aref confirmed in the detainee list, his consent as given."""
    aref = make_request(officer, enquirer_notes="the house by the mosque in Omarz")
    detainees = detainee_list(officer, folder)
    top = services.find_candidates(actor=officer, person_list=detainees)[0]
    services.confirm_match(actor=officer, candidate=top)
    if consent != "not_asked":
        services.record_consent(
            actor=officer,
            candidate=Candidate.objects.get(pk=top.pk),
            consent=consent,
            how="in person",
            on="2021-10-12",
        )
    return TracingRequest.objects.get(pk=aref.pk)


def test_export_writes_pfif_persons_and_notes(officer: User, tmp_path: Path) -> None:
    aref = make_request(officer)
    root = ET.parse(export(tmp_path)).getroot()  # noqa: S314  # our own file
    assert root.tag == f"{P}pfif"
    [person] = root.findall(f"{P}person")
    assert (
        person.findtext(f"{P}person_record_id") == f"sabt.local/request.{aref.record}"
    )
    assert person.findtext(f"{P}full_name") == "Mohammad Aref s/o Gul Ahmad"
    assert person.findtext(f"{P}given_name") == "Mohammad Aref"
    assert person.findtext(f"{P}sex") == "male"
    assert person.findtext(f"{P}age") == "19"
    assert person.findtext(f"{P}home_city") == "Parian"
    [note] = person.findall(f"{P}note")
    assert note.findtext(f"{P}status") == "information_sought"
    assert note.findtext(f"{P}last_known_location") == "Parian bazaar"
    children = [child.tag.removeprefix(P) for child in person]
    assert children.index("person_record_id") < children.index("full_name")


def test_export_never_holds_the_enquirer(officer: User, tmp_path: Path) -> None:
    located(officer, tmp_path, consent="given")
    text = export(tmp_path).read_text(encoding="utf-8")
    for secret in (MOTHER, "Hawa", MOTHER_PHONE, "Omarz", "mother", "Taliban"):
        assert secret not in text
    assert "author_name>sabt<" in text


def test_whereabouts_are_exported_only_with_consent(
    officer: User, tmp_path: Path
) -> None:
    located(officer, tmp_path, consent="refused")
    statuses = [note.findtext(f"{P}status") for note in notes_of(export(tmp_path))]
    assert statuses == ["information_sought"]
    assert "Bagram" not in export(tmp_path).read_text(encoding="utf-8")


def test_whereabouts_are_exported_with_consent(officer: User, tmp_path: Path) -> None:
    located(officer, tmp_path, consent="given")
    notes = notes_of(export(tmp_path))
    assert [note.findtext(f"{P}status") for note in notes] == [
        "information_sought",
        "believed_alive",
    ]
    assert notes[1].findtext("{urn:sabt:pfif:1}status") == "detained"


def test_export_then_import_keeps_names_and_statuses(
    officer: User, tmp_path: Path
) -> None:
    aref = located(officer, tmp_path, consent="given")
    make_request(officer, given_name="محمد نبی", father_name="عبدالله", sex="male")
    path = export(tmp_path)
    imported = import_pfif(actor=officer, path=path, list_name="From our export")
    assert imported.kind == PersonList.Kind.PFIF
    assert imported.row_count == 2
    entry = imported.entries.get(row_id=f"sabt.local/request.{aref.record}")
    assert (entry.given_name, entry.father_name) == ("Mohammad Aref", "Gul Ahmad")
    assert (entry.sex, entry.village) == ("male", "Parian")
    # Aged 19 on the record's source_date: born that year less 20 or 19.
    year = int(entry.pfif["person"]["source_date"][:4])
    assert (entry.birth_year_low, entry.birth_year_high) == (year - 20, year - 19)
    assert entry.age_low is None
    assert entry.status == "detained"
    assert str(entry.status_as_of) == "2021-10-01"
    nabi = imported.entries.exclude(pk=entry.pk).get()
    assert (nabi.given_name, nabi.father_name) == ("محمد نبی", "عبدالله")
    assert nabi.status == "missing"


def test_a_request_not_yet_found_round_trips_as_missing(
    officer: User, tmp_path: Path
) -> None:
    make_request(officer)
    imported = import_pfif(actor=officer, path=export(tmp_path), list_name="Ours")
    assert imported.entries.get().status == "missing"


def test_notes_outside_their_person_are_read(tmp_path: Path) -> None:
    path = tmp_path / "loose.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="{NAMESPACE}">
  <pfif:person>
    <pfif:person_record_id>example.org/p1</pfif:person_record_id>
    <pfif:full_name>Gul Agha s/o Sayed Jan</pfif:full_name>
  </pfif:person>
  <pfif:note>
    <pfif:note_record_id>example.org/n1</pfif:note_record_id>
    <pfif:person_record_id>example.org/p1</pfif:person_record_id>
    <pfif:source_date>2021-09-20T10:00:00Z</pfif:source_date>
    <pfif:author_name>Kabul hospital</pfif:author_name>
    <pfif:status>believed_dead</pfif:status>
  </pfif:note>
</pfif:pfif>
""",
        encoding="utf-8",
    )
    [person] = read_pfif(path)
    assert person.notes[0].get("status") == "believed_dead"


def test_an_imported_person_takes_its_latest_note(
    officer: User, tmp_path: Path
) -> None:
    path = tmp_path / "notes.xml"
    path.write_text(
        f"""<pfif:pfif xmlns:pfif="{NAMESPACE}"><pfif:person>
<pfif:person_record_id>example.org/p1</pfif:person_record_id>
<pfif:full_name>Gul Agha s/o Sayed Jan</pfif:full_name>
<pfif:home_city>Dashtak</pfif:home_city>
<pfif:note><pfif:note_record_id>example.org/n2</pfif:note_record_id>
<pfif:source_date>2021-09-25T00:00:00Z</pfif:source_date>
<pfif:status>believed_alive</pfif:status></pfif:note>
<pfif:note><pfif:note_record_id>example.org/n1</pfif:note_record_id>
<pfif:source_date>2021-09-10T00:00:00Z</pfif:source_date>
<pfif:status>information_sought</pfif:status></pfif:note>
</pfif:person></pfif:pfif>""",
        encoding="utf-8",
    )
    imported = import_pfif(actor=officer, path=path, list_name="Partner system")
    entry = imported.entries.get()
    assert (entry.given_name, entry.father_name) == ("Gul Agha", "Sayed Jan")
    assert (entry.status, str(entry.status_as_of)) == ("alive", "2021-09-25")


# --- The rules of PFIF 1.4 ----------------------------------------------------------


def test_our_export_keeps_the_rules_of_pfif(officer: User, tmp_path: Path) -> None:
    located(officer, tmp_path, consent="given")
    make_request(officer, given_name="محمد نبی", last_seen_date=None, age=(None, None))
    dead = make_request(officer, given_name="Gul Agha", father_name="Sayed Jan")
    services.record_status(
        actor=officer, request=dead, status="deceased", as_of="2021-09-20",
        source="Bazarak hospital register",
    )  # fmt: skip
    path = export(tmp_path)
    statuses = [note.findtext(f"{P}status", "") for note in notes_of(path)]
    assert sorted(statuses) == [
        "believed_alive",
        "believed_dead",
        *["information_sought"] * 3,
    ]
    assert validate_pfif(path.read_bytes()) == []


VALID_PERSON = {
    "person_record_id": "example.org/p1",
    "entry_date": "2021-09-20T10:00:00Z",
    "source_date": "2021-09-19T08:30:00Z",
    "full_name": "Gul Agha s/o Sayed Jan",
    "sex": "male",
    "date_of_birth": "1990-05",
    "age": "30-32",
}
VALID_NOTE = {
    "note_record_id": "example.org/n1",
    "person_record_id": "example.org/p1",
    "linked_person_record_id": "other.example.net/p9",
    "entry_date": "2021-09-20T10:00:00Z",
    "author_name": "Kabul hospital",
    "source_date": "2021-09-20T09:00:00Z",
    "status": "believed_alive",
    "text": "Treated for a wound.",
}


def document(person: dict[str, str], note: dict[str, str]) -> bytes:
    def fields(values: dict[str, str]) -> str:
        return "".join(f"<pfif:{k}>{v}</pfif:{k}>" for k, v in values.items())

    return (
        f'<pfif:pfif xmlns:pfif="{NAMESPACE}"><pfif:person>{fields(person)}'
        f"<pfif:note>{fields(note)}</pfif:note></pfif:person></pfif:pfif>"
    ).encode()


def without(values: dict[str, str], name: str) -> dict[str, str]:
    return {k: v for k, v in values.items() if k != name}


VIOLATIONS = {
    "no full name": (
        without(VALID_PERSON, "full_name"),
        VALID_NOTE,
        ["person example.org/p1, full_name: is required"],
    ),
    "a date without its zone": (
        {**VALID_PERSON, "entry_date": "2021-09-20 10:00:00"},
        VALID_NOTE,
        [
            "person example.org/p1, entry_date: '2021-09-20 10:00:00' is not a UTC "
            "time YYYY-MM-DDThh:mm:ssZ"
        ],
    ),
    "a day not in the calendar": (
        VALID_PERSON,
        {**VALID_NOTE, "source_date": "2021-02-30T09:00:00Z"},
        [
            "note example.org/n1, source_date: '2021-02-30T09:00:00Z' is not a UTC "
            "time YYYY-MM-DDThh:mm:ssZ"
        ],
    ),
    "a status PFIF does not have": (
        VALID_PERSON,
        {**VALID_NOTE, "status": "detained"},
        ["note example.org/n1, status: 'detained' is not one of"],
    ),
    "a record id without its domain": (
        {**VALID_PERSON, "person_record_id": "p1"},
        {**VALID_NOTE, "person_record_id": "p1"},
        [
            "person p1, person_record_id: 'p1' is not domain/unique_string",
            "note example.org/n1, person_record_id: 'p1' is not domain/unique_string",
        ],
    ),
    "a linked record id without its domain": (
        VALID_PERSON,
        {**VALID_NOTE, "linked_person_record_id": "just text"},
        [
            "note example.org/n1, linked_person_record_id: 'just text' is not "
            "domain/unique_string"
        ],
    ),
    "a note without text": (
        VALID_PERSON,
        without(VALID_NOTE, "text"),
        ["note example.org/n1, text: is required"],
    ),
    "a sex PFIF does not have": (
        {**VALID_PERSON, "sex": "m"},
        VALID_NOTE,
        ["person example.org/p1, sex: 'm' is not one of"],
    ),
    "a birth date in another form": (
        {**VALID_PERSON, "date_of_birth": "05/1990"},
        VALID_NOTE,
        ["person example.org/p1, date_of_birth: '05/1990' is not YYYY, YYYY-MM"],
    ),
    "an age that is not a number": (
        {**VALID_PERSON, "age": "about 30"},
        VALID_NOTE,
        ["person example.org/p1, age: 'about 30' is not an age N or a range N-M"],
    ),
    "a field twice": (
        VALID_PERSON,
        {**VALID_NOTE, "text": "Treated.</pfif:text><pfif:text>Again."},
        ["note example.org/n1, text: appears more than once"],
    ),
    "a country that is not a code": (
        {**VALID_PERSON, "home_country": "Afghanistan"},
        VALID_NOTE,
        ["person example.org/p1, home_country: 'Afghanistan' is not a code"],
    ),
    "a note of another person nested": (
        VALID_PERSON,
        {**VALID_NOTE, "person_record_id": "example.org/p2"},
        ["note example.org/n1, person_record_id: is not the id of its person"],
    ),
}


def test_a_valid_document_has_no_problems() -> None:
    assert validate_pfif(document(VALID_PERSON, VALID_NOTE)) == []


@pytest.mark.parametrize(
    ("person", "note", "expected"), VIOLATIONS.values(), ids=VIOLATIONS.keys()
)
def test_each_violation_is_reported(
    person: dict[str, str], note: dict[str, str], expected: list[str]
) -> None:
    problems = [str(problem) for problem in validate_pfif(document(person, note))]
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_fields_in_any_order_and_a_nested_note_without_its_person_are_valid() -> None:
    person = {"full_name": "Gul Agha", **without(VALID_PERSON, "full_name")}
    note = without(without(VALID_NOTE, "person_record_id"), "author_name")
    assert (
        validate_pfif(document(person, {"text": "First.", **without(note, "text")}))
        == []
    )


def test_a_top_level_note_must_name_its_person() -> None:
    loose = "".join(
        f"<pfif:{k}>{v}</pfif:{k}>"
        for k, v in without(VALID_NOTE, "person_record_id").items()
    )
    text = (
        f'<pfif:pfif xmlns:pfif="{NAMESPACE}"><pfif:note>{loose}</pfif:note>'
        "</pfif:pfif>"
    ).encode()
    assert [str(p) for p in validate_pfif(text)] == [
        "note example.org/n1, person_record_id: is required"
    ]


def test_another_namespace_is_not_pfif_1_4() -> None:
    old = document(VALID_PERSON, VALID_NOTE).replace(b"pfif/1.4", b"pfif/1.2")
    [problem] = validate_pfif(old)
    assert "not {http://zesty.ca/pfif/1.4}pfif" in str(problem)


# --- Round trip -------------------------------------------------------------------


class _Rollback(Exception):
    """Undoes everything since the savepoint: the database is empty again."""


def test_export_import_into_an_empty_sabt_and_export_again_is_the_same_xml(
    officer: User, tmp_path: Path
) -> None:
    first = tmp_path / "first.xml"
    with pytest.raises(_Rollback), transaction.atomic():
        located(officer, tmp_path, consent="given")
        make_request(officer, given_name="محمد نبی", father_name="عبدالله")
        run_command("pfif", "export", "--out", str(first), "--as", "officer")
        raise _Rollback
    assert not TracingRequest.objects.exists()
    assert not LedgerEvent.objects.exists()

    code, _, _ = run_command("pfif", "import", str(first), "--list-name", "Ours")
    assert code == 0
    second = tmp_path / "second.xml"
    run_command(
        "pfif", "export", "--with-pfif-lists", "--out", str(second), "--as", "officer"
    )
    assert validate_pfif(first.read_bytes()) == []
    assert "believed_alive" in first.read_text(encoding="utf-8")
    # The copy was entered into sabt when it was imported; nothing else changes.
    assert without_entry_dates(second) == without_entry_dates(first)
    entered = set(ENTRY_DATE.findall(second.read_bytes()))
    assert len(entered) == 1
    assert entered.pop() >= max(ENTRY_DATE.findall(first.read_bytes()))
    assert verify_ledger() == []


ENTRY_DATE = re.compile(rb"<pfif:entry_date>([^<]*)</pfif:entry_date>")


def without_entry_dates(path: Path) -> bytes:
    return ENTRY_DATE.sub(b"", path.read_bytes())


def test_the_same_state_exports_the_same_bytes(officer: User, tmp_path: Path) -> None:
    located(officer, tmp_path, consent="given")
    once = export(tmp_path).read_bytes()
    assert export(tmp_path).read_bytes() == once


# --- Hostile and broken files ---------------------------------------------------

EXTERNAL_ENTITY = f"""<?xml version="1.0"?>
<!DOCTYPE pfif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<pfif:pfif xmlns:pfif="{NAMESPACE}"><pfif:person>
<pfif:person_record_id>x/1</pfif:person_record_id>
<pfif:full_name>&secret;</pfif:full_name>
</pfif:person></pfif:pfif>"""

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + f']>\n<pfif:pfif xmlns:pfif="{NAMESPACE}"><pfif:person>'
    "<pfif:person_record_id>x/1</pfif:person_record_id>"
    "<pfif:full_name>&lol9;</pfif:full_name></pfif:person></pfif:pfif>"
)


@pytest.mark.parametrize(
    "attack",
    [EXTERNAL_ENTITY, BILLION_LAUGHS],
    ids=["external entity", "billion laughs"],
)
def test_hostile_xml_is_refused_and_nothing_imported(
    officer: User, tmp_path: Path, attack: str
) -> None:
    path = tmp_path / "attack.xml"
    path.write_text(attack, encoding="utf-8")
    with pytest.raises(PfifError, match="refused: the XML declares a DTD"):
        read_pfif(path)
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError, match="refused"):
        import_pfif(actor=officer, path=path, list_name="attack")
    assert LedgerEvent.objects.count() == before
    assert not PersonList.objects.exists()


def test_xml_that_is_not_pfif_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<rss><channel/></rss>", encoding="utf-8")
    with pytest.raises(PfifError, match=r"not a PFIF document"):
        read_pfif(path)


def test_broken_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<pfif:pfif", encoding="utf-8")
    with pytest.raises(PfifError, match="not well-formed XML"):
        read_pfif(path)


def test_a_person_without_an_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noid.xml"
    path.write_text(
        f'<pfif:pfif xmlns:pfif="{NAMESPACE}"><pfif:person>'
        "<pfif:full_name>Someone</pfif:full_name></pfif:person></pfif:pfif>",
        encoding="utf-8",
    )
    with pytest.raises(PfifError, match="person 1 has no person_record_id"):
        read_pfif(path)


# --- The command ------------------------------------------------------------------


def test_the_command_exports_and_audits(officer: User, tmp_path: Path) -> None:
    make_request(officer)
    out = tmp_path / "out.xml"
    code, stdout, _ = run_command(
        "pfif", "export", "--out", str(out), "--as", "officer"
    )
    assert code == 0
    assert stdout.strip() == f"wrote 1 people of case default to {out}"
    assert "Mohammad Aref" in out.read_text(encoding="utf-8")
    audit = ReadAudit.objects.get(action="exported")
    assert audit.actor == "officer"
    assert "PFIF export of 1" in audit.detail


def test_the_command_imports_a_file(officer: User, tmp_path: Path) -> None:
    make_request(officer)
    path = export(tmp_path)
    code, stdout, _ = run_command("pfif", "import", str(path), "--list-name", "Partner")
    assert code == 0
    assert stdout.startswith("imported 1 people as the list Partner")
    event = LedgerEvent.objects.get(type="tracing.list_imported")
    assert json.loads(event.payload)["body"]["kind"] == "pfif"


def test_the_command_refuses_an_unknown_case(tmp_path: Path, db: None) -> None:
    buffer = io.StringIO()
    with pytest.raises(Exception, match="no case elsewhere"):
        from django.core.management import call_command  # noqa: PLC0415

        call_command(
            "pfif", "export", "--out", str(tmp_path / "x.xml"), "--case", "elsewhere",
            stdout=buffer,
        )  # fmt: skip


def test_the_command_without_a_node_key_writes_nothing(
    officer: User, tmp_path: Path, settings: Settings
) -> None:
    make_request(officer)
    missing = tmp_path / "keys" / "node.key"
    settings.SABT_NODE_KEY = missing
    folder = tmp_path / "out"
    folder.mkdir()
    before = LedgerEvent.objects.count()
    with pytest.raises(CommandError) as refused:
        run_command("pfif", "export", "--out", str(folder / "x.xml"), "--as", "officer")
    assert str(refused.value) == (
        f"export refused, nothing written: {missing}: cannot read key file "
        "(No such file or directory)"
    )
    assert list(folder.iterdir()) == []
    assert LedgerEvent.objects.count() == before


def test_a_woman_is_exported_as_a_daughter(officer: User, tmp_path: Path) -> None:
    make_request(officer, given_name="Fatima", father_name="Gul Ahmad", sex="female")
    make_request(officer, given_name="زرغونه", father_name="عبدالله", sex="female")
    names = [
        person.findtext(f"{P}full_name")
        for person in ET.parse(export(tmp_path)).getroot().iter(f"{P}person")  # noqa: S314  # our own file
    ]
    assert names == ["Fatima d/o Gul Ahmad", "زرغونه بنت عبدالله"]
