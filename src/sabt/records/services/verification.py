"""Moving an incident through verification, each step an event with a reason."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sabt.core.services import Actor, raise_if, record_by
from sabt.core.validation import Errors, add_error, clean_text
from sabt.records.corroboration import corroboration_of
from sabt.records.models import Incident
from sabt.records.vocabularies import verification_statuses


def change_status(
    *, actor: Actor, incident: Incident, status: str, reason: str
) -> Incident:
    """Move an incident to ``status``, saying why.

    Allowed moves are the ``next`` column of the statuses vocabulary.
    "corroborated" needs two independent supporting sources. Raises
    ValidationError naming the field at fault.
    """
    errors: Errors = {}
    why = clean_text(errors, "reason", reason, max_length=5000, required=True)
    current = verification_statuses().get(incident.status)
    allowed = current.extra["next"].split() if current else []
    if status not in verification_statuses():
        add_error(errors, "status", _("Unknown status %(value)s.") % {"value": status})
    elif status not in allowed:
        message = _("An incident cannot move from %(current)s to %(status)s.")
        add_error(
            errors, "status", message % {"current": incident.status, "status": status}
        )
    elif status == "corroborated" and not corroboration_of(incident).is_corroborated:
        add_error(
            errors,
            "status",
            _(
                "Corroborated needs at least two independent sources; "
                "link another first."
            ),
        )
    raise_if(errors)
    body = {"from": incident.status, "to": status, "reason": why}
    record_by(actor, "incident.status_changed", incident.record, body)
    return Incident.objects.get(pk=incident.record)
