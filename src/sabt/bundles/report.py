"""A readable report of incidents for an audience, within each source's consent.

The same disclosure plan as an export (``bundles.disclosure``): statements
whose sources keep their account from this audience are left out, and a
source is named only if they allowed their name to reach it; otherwise the
report uses their pseudonym. The report says what it left out.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from sabt.access.audit import record_read
from sabt.bundles.disclosure import LEVEL_WORDS, plan_for_incidents
from sabt.records.models import Incident, Statement


class ReportError(ValueError):
    """The report cannot be written as asked; nothing was written."""


def write_report(
    incident_ids: Collection[str], *, audience: str, to: Path, written_by: str
) -> int:
    """Write an HTML report to ``to``; return how many statements it quotes."""
    try:
        disclosure = plan_for_incidents(incident_ids, audience)
    except ValueError as exc:
        raise ReportError(str(exc)) from exc
    incidents = Incident.objects.filter(pk__in=incident_ids).prefetch_related("places")
    sections: list[dict[str, Any]] = []
    quoted_count = 0
    for incident in incidents.order_by("date_from", "record"):
        statements = (
            Statement.objects.filter(incidents=incident, pk__in=disclosure.records)
            .select_related("source")
            .order_by("made_on", "record")
        )
        quoted = [(s, disclosure.name_of(s.source)) for s in statements]
        quoted_count += len(quoted)
        sections.append({"incident": incident, "statements": quoted})
    withheld = [w for w in disclosure.withheld if w["what"] == "statement"]
    html = render_to_string(
        "bundles/report.html",
        {
            "sections": sections,
            "audience": LEVEL_WORDS[audience],
            "withheld_statements": len(withheld),
            "unnamed_sources": len(disclosure.withheld) - len(withheld),
        },
    )
    to.write_text(html, encoding="utf-8")
    record_read(
        username=written_by,
        action="exported",
        detail=f"report for {audience} of {len(incident_ids)} incidents"[:200],
    )
    return quoted_count
