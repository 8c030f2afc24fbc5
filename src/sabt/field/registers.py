"""Entries a kit copied from a register, added to that register's list.

A kit cannot see the lists headquarters holds, so it records each person
it copies as an event of its own (``field.list_entry_recorded``, sealed
like all its work). When a bundle is imported, each such event new here
is added, through the tracing services, to the one list of its register
(kind and name) in the kit's case, as an ODK list entry is
(``tracing.services.list_entries.add_to_register``). Its row id is the
kit's record id, so an entry given twice joins once. The kit's event
itself projects nothing: the list is the tracing events it gave rise to,
which the ledger holds and a rebuild replays.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.field.errors import BundleRefused
from sabt.field.projector import LIST_ENTRY_RECORDED
from sabt.ledger import Event
from sabt.tracing.services.list_entries import EntryRow, add_to_register

# The list's own description; each entry's origin is on its first report.
KIT_LIST_DESCRIPTION = (
    "Copied from the register on a field kit, one entry per person; each "
    "entry notes the kit, the time and the bundle it came in."
)


def add_kit_entries(events: Iterable[Event], *, by: str, bundle: str) -> list[str]:
    """Add each kit list entry among ``events`` to its register's list.

    ``by`` is who imports the bundle, recorded as the author of the lists'
    events. Returns the records of the lists the entries joined.
    """
    # The importer signs as a name given on the command line, not an account.
    actor = User(username=by)
    lists: list[str] = []
    for event in events:
        if event.type != LIST_ENTRY_RECORDED:
            continue
        body = event.body
        try:
            joined = add_to_register(
                actor=actor,
                case=body["case"],
                kind=body["list_kind"],
                name=body["list_name"],
                row=EntryRow(
                    cells={**body["cells"], "id": event.record},
                    status=body["status"],
                    as_of=body["date"],
                    origin=_origin(event, bundle),
                ),
                description=KIT_LIST_DESCRIPTION,
            )
        except ValidationError as exc:
            reasons = "; ".join(exc.messages)
            raise BundleRefused(f"event {event.id}: {reasons}") from exc
        lists.append(joined.record)
    return lists


def _origin(event: Event, bundle: str) -> str:
    origin = (
        f"Copied on field kit {event.body['actor']} at {event.at} "
        f"(kit record {event.record}), imported in bundle {bundle}."
    )
    notes = event.body.get("notes", "")
    return f"{origin}\n\n{notes}" if notes else origin
