"""Which incidents a report or a data export covers: those named, or a case's."""

from __future__ import annotations

from collections.abc import Collection

from sabt.records.models import Incident


class ReportError(ValueError):
    """The report or export cannot be made as asked; nothing was written."""


def incidents_to_cover(incident_ids: Collection[str], case: str | None) -> list[str]:
    """The ids of the incidents asked for, oldest first.

    Either ``incident_ids`` or ``case``, not both. Raises ReportError for
    neither, both, an incident that does not exist or a case with none.
    """
    if bool(incident_ids) == bool(case):
        raise ReportError("name the incidents (--incident) or a case (--case)")
    rows = Incident.objects.order_by("date_from", "record")
    if case:
        ids = list(rows.filter(case=case).values_list("record", flat=True))
        if not ids:
            raise ReportError(f"no incident in case {case!r}")
        return ids
    found = list(rows.filter(pk__in=incident_ids).values_list("record", flat=True))
    missing = sorted(set(incident_ids) - set(found))
    if missing:
        raise ReportError(f"no incident with id {', '.join(missing)}")
    return found
