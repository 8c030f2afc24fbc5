"""Round trip: submissions of the forms sabt builds import into what they describe."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from pytest_django import DjangoDbBlocker, Settings

from sabt.evidence.models import EvidenceItem
from sabt.ledger_store.models import LedgerEvent
from sabt.odk.importer import ALREADY, IMPORTED, REFUSED, import_path
from sabt.odk.submission import local_name, parse_xml
from sabt.records.models import Act, Incident, Source, Statement
from sabt.tracing.models import ListEntry, PersonList, TracingRequest
from tests.ledger_store.helpers import projection_snapshot
from tests.odk.instances import (
    LIST_ENTRY,
    PHOTO,
    TESTIMONY,
    TRACING_REQUEST,
    incident_xml,
    instance_xml,
    write_submission,
)

INSTANCE = "uuid:9d3e1a77-2b4c-4f5e-8a6b-7c8d9e0f1a33"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _blobs(settings: Settings, tmp_path: Path) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
) -> Path:
    out = tmp_path_factory.mktemp("forms")
    with django_db_blocker.unblock():
        call_command(
            "forms", "build", "--out", str(out), "--form-version", "2026120301",
            "--form", "incident_report", "--form", "testimony",
            "--form", "tracing_request", "--form", "list_entry",
            stdout=io.StringIO(),
        )  # fmt: skip
    return out


def _paths(xml: bytes) -> set[str]:
    """Every element path below the root of an instance."""
    root = parse_xml(xml)
    paths: set[str] = set()

    def walk(element, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for child in element:
            path = (
                f"{prefix}/{local_name(child.tag)}" if prefix else local_name(child.tag)
            )
            paths.add(path)
            walk(child, path)

    walk(root, "")
    return paths


def _xform_instance(xform: Path) -> bytes:
    from xml.etree.ElementTree import tostring  # noqa: PLC0415

    root = parse_xml(xform.read_bytes())
    instance = next(
        e
        for e in root.iter()
        if local_name(e.tag) == "instance" and "id" not in e.attrib
    )
    return tostring(next(iter(instance)))


@pytest.mark.parametrize(
    ("form", "xml"),
    [
        ("incident_report", incident_xml(INSTANCE)),
        ("testimony", instance_xml("sabt_testimony", INSTANCE, TESTIMONY)),
        (
            "tracing_request",
            instance_xml("sabt_tracing_request", INSTANCE, TRACING_REQUEST),
        ),
        ("list_entry", instance_xml("sabt_list_entry", INSTANCE, LIST_ENTRY)),
    ],
)
def test_the_test_instances_answer_the_built_xforms(
    built: Path, form: str, xml: bytes
) -> None:
    """Every element of the hand-written instance is one the XForm asks for."""
    asked = _paths(_xform_instance(built / f"{form}.xml"))
    assert _paths(xml) - asked == set()


def test_a_testimony_becomes_a_sealed_source_their_consent_and_statement(
    tmp_path: Path, investigator: User
) -> None:
    xml = instance_xml("sabt_testimony", INSTANCE, TESTIMONY)
    root = tmp_path / "instances"
    write_submission(
        root / "t1", xml, {"1638000000001.m4a": b"\x00\x00\x00\x18ftypM4A "}
    )

    (outcome,) = import_path(root, form="testimony", actor=investigator)

    assert outcome.status == IMPORTED, outcome.reason
    source = Source.objects.get(pseudonym="Witness B-7")
    assert source.kind == "witness"
    # The real name is sealed: the row holds a token, never the name.
    assert "گل احمد" not in str(source.__dict__)
    assert (source.consent_name, source.consent_account) == ("nobody", "un_courts")
    statement = Statement.objects.get(source=source)
    assert statement.text == "صبح وقت آمدند و مردان را بردند."
    assert statement.language == "fa"
    audio = EvidenceItem.objects.get(source=source)
    assert audio.kind == "audio"
    (again,) = import_path(root, form="testimony", actor=investigator)
    assert again.status == ALREADY


def test_a_tracing_request_opens_with_its_enquirer_sealed(
    tmp_path: Path, investigator: User
) -> None:
    xml = instance_xml("sabt_tracing_request", INSTANCE, TRACING_REQUEST)
    root = tmp_path / "instances"
    write_submission(root / "r1", xml)

    (outcome,) = import_path(root, form="tracing_request", actor=investigator)

    assert outcome.status == IMPORTED, outcome.reason
    request = TracingRequest.objects.get()
    assert (request.given_name, request.father_name, request.grandfather_name) == (
        "Rahim", "Karim", "Nasim",
    )  # fmt: skip
    assert request.taken_by == "Taliban fighters"
    assert request.last_seen_place == "Bāzārak"
    assert "فاطمه" not in str(request.__dict__)


def test_a_testimony_without_consent_is_refused_whole(
    tmp_path: Path, investigator: User
) -> None:
    answers = {**TESTIMONY, "consent/account_to": "everyone"}
    root = tmp_path / "instances"
    write_submission(root / "t1", instance_xml("sabt_testimony", INSTANCE, answers), {})

    (outcome,) = import_path(root, form="testimony", actor=investigator)

    assert outcome.status == REFUSED
    assert "account" in outcome.reason
    # The source registered before consent failed is rolled back with it.
    assert not Source.objects.exists()


def test_a_list_entry_becomes_one_person_of_a_tracing_list(
    tmp_path: Path, investigator: User
) -> None:
    xml = instance_xml("sabt_list_entry", INSTANCE, LIST_ENTRY)
    root = tmp_path / "instances"
    write_submission(root / "e1", xml, {"1638000000002.jpg": PHOTO})

    (outcome,) = import_path(root, form="list_entry", actor=investigator)
    (again,) = import_path(root, form="list_entry", actor=investigator)

    assert outcome.status == IMPORTED, outcome.reason
    assert outcome.description == (
        '1 file, 1 list entry in "Bazarak mosque, burials, Sept. 2021"'
    )
    assert again.status == ALREADY
    person_list = PersonList.objects.get()
    assert (person_list.kind, str(person_list.as_of)) == ("burials", "2021-09-12")
    entry = ListEntry.objects.get()
    origin = entry.status_reports.get().note
    assert "device collect:Xq2fTzR8sB1" in origin
    assert f"ODK submission {INSTANCE}" in origin
    assert "Line 14 of the register." in origin
    assert (entry.given_name, entry.father_name, entry.grandfather_name) == (
        "Rahim", "Karim", "Nasim",
    )  # fmt: skip
    assert (entry.sex, entry.age_low, entry.status) == ("male", 24, "deceased")
    assert entry.last_seen_place == "Dashtak graveyard"
    assert entry.row_id == INSTANCE
    page = EvidenceItem.objects.get()
    assert page.kind == "photo"
    assert page.title == "Bazarak mosque, burials, Sept. 2021: 1638000000002.jpg"


def _register_export(root: Path, people: list[tuple[str, str, str]]) -> Path:
    """Submission folders, one per (instance id, name, age) of one register."""
    for number, (instance, name, age) in enumerate(people):
        answers = {**LIST_ENTRY, "person_name": name, "person_age": age}
        del answers["photo"]
        if number:  # typed again on the phone, spaced and cased its own way
            answers["list_name"] = "  bazarak mosque,  burials, Sept. 2021"
        write_submission(
            root / f"e{number}", instance_xml("sabt_list_entry", instance, answers)
        )
    return root


REGISTER = [
    ("uuid:0b9e3c1a-1111-4a5e-8a6b-7c8d9e0f1a01", "Rahim", "24"),
    ("uuid:0b9e3c1a-2222-4a5e-8a6b-7c8d9e0f1a02", "Nasir", "31"),
    ("uuid:0b9e3c1a-3333-4a5e-8a6b-7c8d9e0f1a03", "Jawid", "19"),
]


def test_entries_of_one_register_become_one_list(
    tmp_path: Path, investigator: User
) -> None:
    root = _register_export(tmp_path / "export", REGISTER)

    outcomes = import_path(root, form="list_entry", actor=investigator)
    events = LedgerEvent.objects.count()
    again = import_path(root, form="list_entry", actor=investigator)

    assert [o.status for o in outcomes] == [IMPORTED] * 3, outcomes
    person_list = PersonList.objects.get()
    assert person_list.name == "Bazarak mosque, burials, Sept. 2021"
    assert person_list.row_count == 3
    entries = person_list.entries.order_by("position")
    assert [(e.position, e.given_name, e.age_low) for e in entries] == [
        (0, "Rahim", 24), (1, "Nasir", 31), (2, "Jawid", 19),
    ]  # fmt: skip
    for entry, (instance, _name, _age) in zip(entries, REGISTER, strict=True):
        assert f"ODK submission {instance}" in entry.status_reports.get().note
    assert [o.status for o in again] == [ALREADY] * 3
    assert LedgerEvent.objects.count() == events
    before = projection_snapshot()
    call_command("rebuild", stdout=io.StringIO())
    assert projection_snapshot() == before
    assert PersonList.objects.get().entries.count() == 3


def test_a_list_entry_that_cannot_be_read_is_refused_with_its_reason(
    tmp_path: Path, investigator: User
) -> None:
    good, bad = REGISTER[0], (REGISTER[1][0], "Nasir", "two hundred")
    _register_export(tmp_path / "first", [good])
    import_path(tmp_path / "first", form="list_entry", actor=investigator)
    events = LedgerEvent.objects.count()
    _register_export(tmp_path / "second", [bad])

    (outcome,) = import_path(tmp_path / "second", form="list_entry", actor=investigator)

    assert outcome.status == REFUSED
    assert "column age" in outcome.reason
    assert LedgerEvent.objects.count() == events
    assert PersonList.objects.get().row_count == 1


ENGINE = Path(__file__).parent / "engine"
# Answers as a person gives them on the phone, by question name.
ENGINE_ANSWERS: dict[str, dict[str, Any]] = {
    "incident_report": {
        "deviceid": "collect:Xq2fTzR8sB1",
        "title": "Men taken from Bazarak",
        "event_type": "violence_against_civilians",
        "sub_event_type": "attack",
        "date_from": "2021-09-10",
        "date_precision": "day",
        "place": "other",
        "place_other": "Dashtak",
        "perpetrator": "Taliban",
        "counts": {"killed_min": "1", "killed_max": "3"},
        "acts": [
            {
                "act_type": "killing",
                "victim_name": "مریم",
                "victim_sex": "female",
                "victim_age": "27",
            },
            {
                "act_type": "arbitrary_detention",
                "victim_group": "men of the village",
                "victim_count_min": "12",
                "victim_count_max": "20",
            },
        ],
        "photo": "1638000000000.jpg",
    },
    "list_entry": {key: value for key, value in LIST_ENTRY.items() if "/" not in key},
    "tracing_request": {
        "enquirer": {
            "name": "فاطمه",
            "relationship": "mother",
            "consent_to_share": "yes",
        },
        "sought": {
            "person_name": "Rahim",
            "person_father": "Karim",
            "person_sex": "male",
        },
        "last_seen": {
            "place": "geonames_1429434",
            "date": "2021-09-10",
            "taken_by": "Taliban fighters",
        },
    },
}


@pytest.fixture(scope="module")
def engine_instances(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    """Submissions ODK Web Forms' engine writes for the built XForms, all
    in one Node run (starting the engine takes seconds)."""
    node = shutil.which("node")
    assert node, "Node is needed: scripts/system-packages.sh test installs it"
    assert (ENGINE / "node_modules" / "@getodk").is_dir(), (
        "the engine is not installed: scripts/system-packages.sh test runs npm ci"
    )
    folder = tmp_path_factory.mktemp("answers")
    args = []
    for form, answers in ENGINE_ANSWERS.items():
        path = folder / f"{form}.json"
        path.write_text(json.dumps(answers), encoding="utf-8")
        args += [str(built / f"{form}.xml"), str(path)]
    run = subprocess.run(  # our own script, our own files
        [node, str(ENGINE / "fill.mjs"), *args],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr.decode()
    xmls = json.loads(run.stdout)
    return {form: xml.encode() for form, xml in zip(ENGINE_ANSWERS, xmls, strict=True)}


def test_an_incident_the_xform_engine_submits_imports_into_what_it_says(
    engine_instances: dict[str, bytes], tmp_path: Path, investigator: User
) -> None:
    root = tmp_path / "instances"
    xml = engine_instances["incident_report"]
    write_submission(root / "s1", xml, {"1638000000000.jpg": PHOTO})

    (outcome,) = import_path(root, form="incident_report", actor=investigator)

    assert outcome.status == IMPORTED, outcome.reason
    incident = Incident.objects.get()
    assert (incident.title, incident.perpetrator) == (
        "Men taken from Bazarak",
        "Taliban",
    )
    assert (incident.killed_min, incident.killed_max) == (1, 3)
    (place,) = incident.places.all()
    assert (place.name_as_given, place.place) == ("Dashtak", None)
    acts = Act.objects.filter(incident=incident).order_by("act_type")
    victims = [
        (a.act_type, a.victim.name if a.victim else a.victim_group) for a in acts
    ]
    assert victims == [
        ("arbitrary_detention", "men of the village"), ("killing", "مریم"),
    ]  # fmt: skip
    assert EvidenceItem.objects.get().kind == "photo"


def test_a_list_entry_and_a_tracing_request_the_engine_submits_import(
    engine_instances: dict[str, bytes], tmp_path: Path, investigator: User
) -> None:
    root = tmp_path / "instances"
    write_submission(
        root / "e1", engine_instances["list_entry"], {"1638000000002.jpg": PHOTO}
    )
    write_submission(root / "r1", engine_instances["tracing_request"])

    (entry,) = import_path(root / "e1", form="list_entry", actor=investigator)
    (request,) = import_path(root / "r1", form="tracing_request", actor=investigator)

    assert (entry.status, request.status) == (IMPORTED, IMPORTED), (
        entry.reason, request.reason,
    )  # fmt: skip
    assert ListEntry.objects.get().last_seen_place == "Dashtak graveyard"
    sought = TracingRequest.objects.get()
    assert (sought.given_name, sought.taken_by) == ("Rahim", "Taliban fighters")
