"""The Panjshir demo case, loaded through the real services.

``panjshir.json`` beside this module holds the case as the two seed documents
allege it. Record ids are UUID5 of the slug, so every service call is
idempotent and loading twice changes nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sabt.core.services import Actor
from sabt.evidence.models import EvidenceItem
from sabt.evidence.services import register_evidence_item
from sabt.gazetteer.models import Place
from sabt.gazetteer.services import add_place
from sabt.ledger_store import write_batch
from sabt.ledger_store.models import LedgerEvent
from sabt.records import services
from sabt.records.models import Person
from sabt.tracing.services.lists import import_list

CASE_FILE = Path(__file__).parent / "panjshir.json"
# Synthetic person lists (invented names) for counting: see "lists" in CASE_FILE.
LISTS_DIR = Path(__file__).parent / "lists"
NAMESPACE = uuid.UUID("2d6b3c1e-5a0f-4f7e-9d8c-3b2a1f0e9d8c")


def demo_id(slug: str) -> str:
    """The record id of a demo slug, the same on every machine."""
    return str(uuid.uuid5(NAMESPACE, f"sabt-demo/panjshir/{slug}"))


@dataclass(frozen=True)
class DemoSummary:
    events_before: int
    events_after: int

    @property
    def events_added(self) -> int:
        return self.events_after - self.events_before


def load_demo(*, actor: Actor) -> DemoSummary:
    """Load the whole case in one transaction; return how many events it added."""
    case = json.loads(CASE_FILE.read_text(encoding="utf-8"))
    before = LedgerEvent.objects.count()
    with write_batch.batch():
        places = _places(actor, case["places"])
        for source in case["sources"]:
            services.register_source(
                actor=actor,
                record=demo_id(source["slug"]),
                kind=source["kind"],
                pseudonym=source["pseudonym"],
                description=source["description"],
                derived_from=[demo_id(s) for s in source.get("derived_from", [])],
            )
        for person in case["persons"]:
            _person(actor, person)
        template = case["village_executions"]
        for given in case["incidents"]:
            incident = (
                _village_incident(template, given) if "village" in given else given
            )
            _incident(actor, incident, places)
        for statement in case["statements"]:
            _statement(actor, statement)
        for item in case["evidence"]:
            _evidence(actor, item)
        for person_list in case.get("lists", []):
            _list(actor, person_list)
    return DemoSummary(before, LedgerEvent.objects.count())


def _places(actor: Actor, places: list[dict[str, Any]]) -> dict[str, str]:
    keys = {}
    for place in places:
        record = demo_id(place["slug"])
        if not Place.objects.filter(pk=record).exists():
            add_place(
                actor=actor,
                record=record,
                name=place["name"],
                names_arabic=place["names_arabic"],
                district=place["district"],
                latitude=place["latitude"],
                longitude=place["longitude"],
                location_note=place["location_note"],
            )
        keys[place["slug"]] = record
    return keys


def _person(actor: Actor, person: dict[str, Any]) -> None:
    record = demo_id(person["slug"])
    if Person.objects.filter(pk=record).exists():
        return
    created = services.record_person(
        actor=actor,
        record=record,
        name=person["name"],
        other_names=person["other_names"],
        sex=person["sex"],
        home_place_name=person["home_place_name"],
    )
    status = person["status"]
    services.record_person_status(
        actor=actor,
        person=created,
        status=status["status"],
        as_of=status["as_of"],
        source=demo_id(status["source"]),
        note=status["note"],
    )


def _village_incident(
    template: dict[str, Any], given: dict[str, Any]
) -> dict[str, Any]:
    village = given["village"]
    fields = {k: v for k, v in template.items() if k != "act"}
    return {
        **fields,
        "slug": given["slug"],
        "title": template["title"] % {"village": village},
        "description": template["description"] % {"village": village},
        "places": [{"name": village, "keep_unresolved": True}],
        "acts": [{**template["act"], "slug": f"{given['slug']}-act"}],
    }


def _incident(actor: Actor, incident: dict[str, Any], places: dict[str, str]) -> None:
    record = demo_id(incident["slug"])
    services.report_incident(
        actor=actor,
        record=record,
        title=incident["title"],
        description=incident["description"],
        event_type=incident["event_type"],
        sub_event_type=incident["sub_event_type"],
        date_from=incident["date_from"],
        date_to=incident.get("date_to"),
        date_precision=incident["date_precision"],
        perpetrator=incident.get("perpetrator", ""),
        places=[
            {"place": places[p["slug"]]} if "slug" in p else p
            for p in incident["places"]
        ],
        counts={k: tuple(v) for k, v in incident.get("counts", {}).items()},
    )
    for act in incident["acts"]:
        services.record_act(
            actor=actor,
            record=demo_id(act["slug"]),
            incident=record,
            act_type=act["act_type"],
            victim=demo_id(act["victim"]) if act.get("victim") else "",
            victim_group=act.get("victim_group", ""),
            victim_count=tuple(act.get("victim_count", (None, None))),
            victims_are_children=act.get("victims_are_children", False),
            perpetrator=act.get("perpetrator", ""),
            legal_characterisation=act.get("legal_characterisation"),
            notes=act.get("notes", ""),
        )


def _statement(actor: Actor, statement: dict[str, Any]) -> None:
    services.record_statement(
        actor=actor,
        record=demo_id(statement["slug"]),
        source=demo_id(statement["source"]),
        text=statement["text"],
        language=statement["language"],
        stance=statement["stance"],
        made_on=statement["made_on"],
        incidents=[demo_id(s) for s in statement.get("incidents", [])],
    )


def _evidence(actor: Actor, item: dict[str, Any]) -> None:
    if EvidenceItem.objects.filter(pk=demo_id(item["slug"])).exists():
        return
    register_evidence_item(
        actor=actor,
        record=demo_id(item["slug"]),
        kind=item["kind"],
        title=item["title"],
        description=item["description"],
        posted_by=item["posted_by"],
        posted_on=item.get("posted_on"),
        source=demo_id(item["source"]),
        incidents=[demo_id(s) for s in item["incidents"]],
    )


def _list(actor: Actor, person_list: dict[str, Any]) -> None:
    """Import one synthetic list; the same file twice gives the list there."""
    path = LISTS_DIR / person_list["file"]
    header = path.read_text(encoding="utf-8").splitlines()[0]
    import_list(
        actor=actor,
        path=path,
        file_name=person_list["file"],
        name=person_list["name"],
        kind=person_list["kind"],
        columns=header.split(","),
        as_of=person_list["as_of"],
        status=person_list.get("status", ""),
        description=person_list["description"],
    )
