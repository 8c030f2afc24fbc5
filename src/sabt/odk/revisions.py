"""Edited submissions: a new version of the records the original became.

ODK Collect (and Central's "edit submission") sends an edit as a new
submission whose ``meta/deprecatedID`` names the one it replaces. Its
records are those of the first submission of the chain (the root), so an
edit never duplicates them: its incident's fields change in one
``odk.incident_revised`` event on the incident's record, which history
shows, and acts or media the edit adds join the same incident.

Which root an edit belongs to is read back from those events (their body
names the instance they came from), so an edit of an edit finds its way and
an edit imported twice is recognised. An edit whose original never came
here is imported by ``odk.importer`` as a first submission.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from sabt.core.services import Actor, record_by
from sabt.ledger_store.models import LedgerEvent
from sabt.odk.records import record_id
from sabt.records.projector import REPORTED_SCALARS
from sabt.records.services import report_incident

REVISED = "odk.incident_revised"
# The incident fields an edit may change, as the reported event names them.
FIELDS = (*REPORTED_SCALARS, "counts", "places")


def revision_of(instance_id: str) -> dict[str, Any] | None:
    """The body of the revision an edit ``instance_id`` made, if imported."""
    # Canonical JSON (RFC 8785) has no spaces, so the pair reads as written.
    needle = json.dumps({"instance": instance_id}, ensure_ascii=False)[1:-1]
    needle = needle.replace(": ", ":", 1)
    for row in LedgerEvent.objects.filter(type=REVISED, payload__contains=needle):
        body: dict[str, Any] = json.loads(row.payload)["body"]
        if body.get("instance") == instance_id:
            return body
    return None


def root_of(instance_id: str) -> str:
    """The first submission of the edit chain ``instance_id`` belongs to."""
    revision = revision_of(instance_id)
    return str(revision["root"]) if revision else instance_id


class _Trial(Exception):
    """Raised to roll back a trial report once its body is read."""


def revise_incident(
    *,
    actor: Actor,
    instance_id: str,
    deprecated_id: str,
    root: str,
    report: Mapping[str, Any],
) -> str:
    """Record the edit ``instance_id`` as a new version of the root's incident.

    ``report`` are the arguments ``report_incident`` takes; they are checked
    exactly as a new report is (a trial report, rolled back), so an edit
    cannot store what a report could not. Only the fields that differ from
    the incident's last version are recorded. Raises ValidationError.
    """
    incident = record_id(root, "incident")
    wanted = _cleaned(actor, report)
    current = _current(incident)
    changes = {name: wanted[name] for name in FIELDS if wanted[name] != current[name]}
    record_by(
        actor,
        REVISED,
        incident,
        {
            "instance": instance_id,
            "deprecated": deprecated_id,
            "root": root,
            "changes": changes,
        },
    )
    return incident


def _cleaned(actor: Actor, report: Mapping[str, Any]) -> dict[str, Any]:
    """The body ``incident.reported`` would carry for ``report``."""
    body: dict[str, Any] = {}
    try:
        with transaction.atomic():
            trial = report_incident(actor=actor, **{**report, "record": None})
            body = _reported_body(trial.record)
            raise _Trial
    except _Trial:
        pass
    return body


def _current(incident: str) -> dict[str, Any]:
    """The incident's fields as its report and the revisions since left them."""
    body = _reported_body(incident)
    rows = LedgerEvent.objects.filter(record=incident, type=REVISED)
    for row in rows.order_by("log_index"):
        body.update(json.loads(row.payload)["body"]["changes"])
    return body


def _reported_body(incident: str) -> dict[str, Any]:
    row = LedgerEvent.objects.get(record=incident, type="incident.reported")
    body: dict[str, Any] = json.loads(row.payload)["body"]
    return body
