"""Records edited at headquarters and on a kit offline: two heads each.

As in ``test_conflicts``, the kit's change is an event its enrolled key signs
on the version it last saw, ingested as an import ingests it; headquarters'
change is signed by the node on that same version. Neither sees the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from nacl.signing import SigningKey

from sabt.ledger import sign_event
from sabt.ledger_store.recording import ingest_event
from sabt.records import services
from sabt.records.models import Incident, Person

HQ_TITLE = "Night raid on Bazarak"
KIT_TITLE = "Raid at night, Bazarak"
KIT_PERPETRATOR = "Armed men in uniform (alleged)"


@dataclass(frozen=True)
class TwoHeads:
    record: str
    here: str  # headquarters' head, the older: the first version shown
    kit: str


def _signed(
    key: SigningKey, type: str, record: str, parent: str, body: dict[str, Any]
) -> str:
    event = sign_event(key, type=type, record=record, parents=[parent], body=body)
    assert ingest_event(event)
    return event.id


def _revision(actor: str, case: str, changes: dict[str, Any]) -> dict[str, Any]:
    """An edited ODK submission's new version of the incident."""
    return {
        "actor": actor,
        "case": case,
        "instance": f"uuid:{actor}-edit",
        "deprecated": "uuid:first",
        "root": "uuid:first",
        "changes": changes,
    }


def incident_in_conflict(
    investigator: User, node_key: SigningKey, kit_key: SigningKey
) -> TwoHeads:
    """Headquarters retitles it and counts two killed; the kit retitles it
    and names the perpetrator."""
    incident = services.report_incident(
        actor=investigator,
        title="Night raid",
        event_type="violence_against_civilians",
        date_from="2021-09-10",
        places=[{"name": "Bazarak", "keep_unresolved": True}],
        counts={"killed": (1, 1)},
    )
    root = incident.heads[0]
    here = _signed(
        node_key,
        "odk.incident_revised",
        incident.record,
        root,
        _revision(
            "investigator",
            incident.case,
            {"title": HQ_TITLE, "counts": {"killed": [2, 2]}},
        ),
    )
    kit = _signed(
        kit_key,
        "odk.incident_revised",
        incident.record,
        root,
        _revision(
            "kit-1",
            incident.case,
            {"title": KIT_TITLE, "perpetrator": KIT_PERPETRATOR},
        ),
    )
    assert sorted(Incident.objects.get(pk=incident.record).heads) == sorted([here, kit])
    return TwoHeads(incident.record, here, kit)


def person_in_conflict(investigator: User, kit_key: SigningKey) -> TwoHeads:
    """Headquarters hears she is missing; the kit, that she is detained."""
    person = services.record_person(actor=investigator, name="Zarmina Sultani")
    root = person.heads[0]
    here = services.record_person_status(
        actor=investigator, person=person, status="missing", as_of="2021-09-10"
    ).heads[0]
    kit = _signed(
        kit_key,
        "person.status_recorded",
        person.record,
        root,
        {
            "actor": "kit-1",
            "status": "detained",
            "as_of": "2021-09-12",
            "source": None,
            "note": "",
        },
    )
    assert sorted(Person.objects.get(pk=person.record).heads) == sorted([here, kit])
    return TwoHeads(person.record, here, kit)
