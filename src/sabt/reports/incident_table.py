"""The incident list as a table to download: CSV and XLSX of what a filter shows.

One row per incident, with what the web list shows (dates with their
precision, type, places as written and as settled, counts as ranges,
status). Codes stay codes beside their labels so a spreadsheet can filter
on them in any language. Every text cell passes ``csvsafe.neutralise``, in
the XLSX too: a cell starting with ``=`` would be a formula there as well.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook

from sabt.csvsafe import neutralise
from sabt.records.models import Incident
from sabt.records.vocabularies import event_types, verification_statuses

Cell = str | int | None


def header() -> list[str]:
    """Column names in the active language."""
    return [
        _("Incident id"),
        _("Title"),
        _("Date from"),
        _("Date to"),
        _("Date precision"),
        _("Type of event (code)"),
        _("Type of event"),
        _("Places as written"),
        _("Places as settled"),
        _("Districts"),
        _("Unresolved places"),
        _("Killed, at least"),
        _("Killed, at most"),
        _("Injured, at least"),
        _("Injured, at most"),
        _("Alleged perpetrator"),
        _("Status (code)"),
        _("Status"),
        _("Case"),
    ]


def row_of(incident: Incident) -> list[Cell]:
    """One incident's cells, its places read from ``incident.places``."""
    places = list(incident.places.all())
    return [
        incident.record,
        incident.title,
        incident.date_from.isoformat(),
        incident.date_to.isoformat() if incident.date_to else "",
        incident.date_precision,
        incident.event_type,
        event_types().label(incident.event_type),
        "; ".join(row.name_as_given for row in places),
        "; ".join(row.place.name for row in places if row.place is not None),
        "; ".join(sorted({row.district for row in places if row.district})),
        sum(1 for row in places if not row.is_resolved),
        incident.killed_min,
        incident.killed_max,
        incident.injured_min,
        incident.injured_max,
        incident.perpetrator,
        incident.status,
        verification_statuses().label(incident.status),
        incident.case,
    ]


def table(incidents: Iterable[Incident]) -> list[list[Cell]]:
    """The header and one safe row per incident."""
    rows: list[list[Cell]] = [list(header())]
    rows.extend(row_of(incident) for incident in incidents)
    return [[_safe(cell) for cell in row] for row in rows]


def csv_bytes(rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads Dari script right."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        ["" if cell is None else cell for cell in row] for row in rows
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[Cell]], *, right_to_left: bool) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Incidents"))
    sheet.sheet_view.rightToLeft = right_to_left
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe(cell: Cell) -> Cell:
    value = neutralise(cell)
    return value if value is None or isinstance(value, int | str) else str(value)
