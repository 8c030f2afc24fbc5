"""An edited submission (``deprecatedID``) is a new version, never a duplicate."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from pytest_django import Settings

from sabt.ledger_store.history import history_of
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.odk.importer import ALREADY, IMPORTED, REFUSED, WOULD_IMPORT, import_path
from sabt.records.models import Act, Incident, Person
from tests.odk.instances import PHOTO, incident_xml, write_submission

FIRST = "uuid:0c6f1e2a-1111-4a5e-8a6b-7c8d9e0f1a01"
EDIT = "uuid:0c6f1e2a-2222-4a5e-8a6b-7c8d9e0f1a02"
EDIT_OF_EDIT = "uuid:0c6f1e2a-3333-4a5e-8a6b-7c8d9e0f1a03"
THIRD_ACT = (
    "<acts><act_type>torture</act_type><victim_name>Karim</victim_name>"
    "<victim_father/><victim_grandfather/><victim_sex>male</victim_sex>"
    "<victim_age>40</victim_age><victim_group/><victim_count_min/>"
    "<victim_count_max/><victims_are_children>no</victims_are_children>"
    "<act_perpetrator/></acts>"
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _blobs(settings: Settings, tmp_path: Path) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"


def _import(folder: Path, xml: bytes, actor: User) -> list:  # type: ignore[type-arg]
    write_submission(folder / "s", xml, {"1638000000000.jpg": PHOTO})
    return import_path(folder, form="incident_report", actor=actor)


def test_an_edit_revises_the_incident_with_history_and_adds_its_acts(
    tmp_path: Path, investigator: User
) -> None:
    (first,) = _import(tmp_path / "1", incident_xml(FIRST), investigator)
    assert first.status == IMPORTED, first.reason
    edit = incident_xml(
        EDIT,
        title="Men taken from Bazarak at dawn",
        killed_max="4",
        deprecated_id=FIRST,
        more_acts=THIRD_ACT,
    )

    (outcome,) = _import(tmp_path / "2", edit, investigator)

    assert outcome.status == IMPORTED, outcome.reason
    assert outcome.description.startswith("a new version of: 1 incident")
    incident = Incident.objects.get()
    assert incident.title == "Men taken from Bazarak at dawn"
    assert (incident.killed_min, incident.killed_max) == (1, 4)
    # The acts and victim the edit shares keep their records; its new act joins.
    assert Act.objects.filter(incident=incident).count() == 3
    assert sorted(Person.objects.values_list("name", flat=True)) == [
        "Karim", "مریم",
    ]  # fmt: skip
    assert [h.type for h in history_of(incident.record)] == [
        "incident.reported",
        "odk.incident_revised",
    ]


def test_an_edit_of_an_edit_finds_the_first_and_imports_once(
    tmp_path: Path, investigator: User
) -> None:
    _import(tmp_path / "1", incident_xml(FIRST), investigator)
    _import(tmp_path / "2", incident_xml(EDIT, deprecated_id=FIRST), investigator)
    again = incident_xml(EDIT_OF_EDIT, title="Taken at dawn", deprecated_id=EDIT)

    (outcome,) = _import(tmp_path / "3", again, investigator)
    (twice,) = import_path(tmp_path / "3", form="incident_report", actor=investigator)

    assert outcome.status == IMPORTED, outcome.reason
    assert twice.status == ALREADY
    assert Incident.objects.get().title == "Taken at dawn"
    history = history_of(Incident.objects.get().record)
    assert [h.type for h in history].count("odk.incident_revised") == 2


def test_an_edit_of_a_submission_never_imported_is_imported_as_itself(
    tmp_path: Path, investigator: User
) -> None:
    """A server exports only the latest version: the edit may be all we get."""
    xml = incident_xml(EDIT, title="Taken at dawn", deprecated_id=FIRST)
    (outcome,) = _import(tmp_path / "1", xml, investigator)
    (twice,) = import_path(tmp_path / "1", form="incident_report", actor=investigator)
    then = incident_xml(EDIT_OF_EDIT, title="Taken before dawn", deprecated_id=EDIT)
    (edited,) = _import(tmp_path / "2", then, investigator)

    assert (outcome.status, twice.status, edited.status) == (
        IMPORTED, ALREADY, IMPORTED,
    )  # fmt: skip
    assert Incident.objects.get().title == "Taken before dawn"


def test_a_revised_incident_rebuilds_from_the_ledger(
    tmp_path: Path, investigator: User
) -> None:
    _import(tmp_path / "1", incident_xml(FIRST), investigator)
    _import(
        tmp_path / "2",
        incident_xml(EDIT, title="Taken at dawn", deprecated_id=FIRST),
        investigator,
    )

    rebuild_projections()

    assert Incident.objects.get().title == "Taken at dawn"


def test_an_edit_the_services_refuse_changes_nothing(
    tmp_path: Path, investigator: User
) -> None:
    _import(tmp_path / "1", incident_xml(FIRST), investigator)
    events = LedgerEvent.objects.count()
    bad = incident_xml(EDIT, event_type="picnic", deprecated_id=FIRST)

    (outcome,) = _import(tmp_path / "2", bad, investigator)

    assert outcome.status == REFUSED
    assert outcome.reason.startswith("event_type:")
    assert LedgerEvent.objects.count() == events
    assert Incident.objects.get().event_type == "violence_against_civilians"


def test_a_dry_run_of_an_edit_shows_the_new_version_and_writes_nothing(
    tmp_path: Path, investigator: User
) -> None:
    _import(tmp_path / "1", incident_xml(FIRST), investigator)
    events = LedgerEvent.objects.count()
    folder = tmp_path / "2"
    write_submission(
        folder / "s",
        incident_xml(EDIT, title="Taken at dawn", deprecated_id=FIRST),
        {"1638000000000.jpg": PHOTO},
    )

    (outcome,) = import_path(
        folder, form="incident_report", actor=investigator, dry_run=True
    )

    assert outcome.status == WOULD_IMPORT, outcome.reason
    assert 'a new version of: 1 incident "Taken at dawn"' in outcome.description
    assert LedgerEvent.objects.count() == events
    assert Incident.objects.get().title == "Men taken from Bazarak"
