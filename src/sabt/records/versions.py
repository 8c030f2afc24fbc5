"""A record's versions: what it says as of each of its heads.

A record edited on two devices without either seeing the other has two
heads. Its version as of a head is its events that head has seen (the head
and its ancestors), folded in log order into the record's fields, the way
the projector would read them had only that branch been recorded. Fields are
named as the events name them (``killed`` is a ``[min, max]`` range).

Record types whose events are not folded here (a tracing request, say) show
each head's event body as it was signed, which is all they have to compare.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sabt.gazetteer.models import Place
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.store import OrmEventStore

# Bookkeeping every body carries, and sealed fields (ciphertext): not shown.
HIDDEN = frozenset({"actor", "case", "sealed"})
# Fields a person may settle by typing a new value, and their longest length.
FREE_TEXT = {
    "title": 300,
    "description": 20_000,
    "perpetrator": 200,
    "name": 200,
    "father_name": 200,
    "grandfather_name": 200,
    "home_place_name": 200,
}
# Free text that cannot be left empty.
REQUIRED = frozenset({"title", "name"})
# The event that settles a record's versions, by the event that created it.
SETTLING = {
    "incident.reported": "incident.conflict_resolved",
    "person.recorded": "person.conflict_resolved",
}
COUNTS = ("killed", "injured", "detained", "displaced")


@dataclass(frozen=True)
class Version:
    event_id: str  # the head
    type: str
    actor: str
    at: str
    fields: Mapping[str, Any]


def versions_of(record: str) -> list[Version]:
    """One version per head, oldest head first; one with a single head."""
    rows = list(
        LedgerEvent.objects.filter(record=record)
        .order_by("log_index")
        .values_list("event_id", "type", "parents", "payload")
    )
    heads = set(OrmEventStore().heads(record))
    parents = {event_id: kind.split() for event_id, _, kind, _ in rows}
    folds = FOLDS.get(rows[0][1]) if rows else None
    versions = []
    for event_id, kind, _parents, payload in rows:
        if event_id not in heads:
            continue
        event = json.loads(payload)
        seen = _ancestors(event_id, parents)
        if folds is None:
            fields = {k: v for k, v in event["body"].items() if k not in HIDDEN}
        else:
            fields = _fold(folds, [r for r in rows if r[0] in seen])
        actor = str(event["body"].get("actor", ""))
        versions.append(Version(event_id, kind, actor, event["at"], fields))
    return versions


def created_by(record: str) -> str:
    """The type of the event that created the record ("" if none did)."""
    row = LedgerEvent.objects.filter(record=record).order_by("log_index").first()
    return row.type if row else ""


def settling_type(record: str) -> str | None:
    """The event type that settles this record's versions, if it has one."""
    return SETTLING.get(created_by(record))


def differing(versions: list[Version]) -> list[str]:
    """The fields on which the versions do not all agree, in name order."""
    names = sorted({name for v in versions for name in v.fields})
    return [
        name for name in names if len({_key(v.fields.get(name)) for v in versions}) > 1
    ]


def same(left: Any, right: Any) -> bool:
    return _key(left) == _key(right)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _ancestors(head: str, parents: Mapping[str, list[str]]) -> set[str]:
    seen, todo = set(), [head]
    while todo:
        event_id = todo.pop()
        if event_id not in seen:
            seen.add(event_id)
            todo.extend(parents.get(event_id, ()))
    return seen


Fold = Callable[[dict[str, Any], dict[str, Any]], None]


def _fold(folds: Mapping[str, Fold], rows: list[Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for event_id, kind, _parents, payload in rows:
        fold = folds.get(kind)
        if fold is not None:
            fold(fields, {**json.loads(payload)["body"], "_event": event_id})
    return {k: v for k, v in fields.items() if not k.startswith("_")}


def _reported(fields: dict[str, Any], body: dict[str, Any]) -> None:
    fields.update(_shown({k: v for k, v in body.items() if k != "counts"}))
    fields.update({name: body["counts"][name] for name in COUNTS})
    fields["status"] = "reported"


def _revised(fields: dict[str, Any], body: dict[str, Any]) -> None:
    changes = dict(body["changes"])
    fields.update(changes.pop("counts", {}))
    fields.update(changes)


def _place_resolved(fields: dict[str, Any], body: dict[str, Any]) -> None:
    place = Place.objects.get(pk=body["place"])
    places = [dict(p) for p in fields["places"]]
    if body["position"] < len(places):
        places[body["position"]].update(place=place.key, district=place.district)
    fields["places"] = places


def _status_changed(fields: dict[str, Any], body: dict[str, Any]) -> None:
    fields["status"] = body["to"]


def _settled(fields: dict[str, Any], body: dict[str, Any]) -> None:
    fields.update(body["values"])
    fields.pop("_latest", None)


def _person_recorded(fields: dict[str, Any], body: dict[str, Any]) -> None:
    fields.update(_shown(body))
    fields["status"] = "unknown"
    fields["_latest"] = ("", "")


def _person_status(fields: dict[str, Any], body: dict[str, Any]) -> None:
    # The latest status by date holds, as the projector reads it.
    latest = (body["as_of"], body["_event"])
    if latest > fields.get("_latest", ("", "")):
        fields["status"], fields["_latest"] = body["status"], latest


def _consent(fields: dict[str, Any], body: dict[str, Any]) -> None:
    fields.update(_shown(body))


def _shown(body: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in HIDDEN and k[0] != "_"}


FOLDS: dict[str, dict[str, Fold]] = {
    "incident.reported": {
        "incident.reported": _reported,
        "odk.incident_revised": _revised,
        "incident.place_resolved": _place_resolved,
        "incident.status_changed": _status_changed,
        "incident.conflict_resolved": _settled,
    },
    "person.recorded": {
        "person.recorded": _person_recorded,
        "person.status_recorded": _person_status,
        "person.conflict_resolved": _settled,
    },
    "source.registered": {
        "source.registered": _consent,
        "source.consent_recorded": _consent,
    },
}
