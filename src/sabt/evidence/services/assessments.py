"""The write path for verification assessments (Berkeley Protocol).

Each assessment is a signed event: the kind of analysis, the method used,
the finding, the analyst and their confidence. The item's conclusion is
never written by a person; the projector derives it with
``evidence.conclusion.conclusion_of`` after each assessment.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sabt.core.services import Actor, raise_if, record_by
from sabt.core.validation import Errors, add_error, clean_text
from sabt.evidence.models import Assessment, EvidenceItem


def assess(
    *,
    actor: Actor,
    item: EvidenceItem,
    kind: str,
    method: str,
    finding: str,
    confidence: str,
    analyst: str,
    details: str = "",
    sha256: str = "",
) -> Assessment:
    """Record one assessment of ``item`` (or of one of its files, by hash).

    ``kind``, ``finding`` and ``confidence`` take the values of
    ``Assessment.Kind``, ``Assessment.Finding`` and ``Assessment.Confidence``.
    Raises ValidationError naming each bad field; then nothing is appended.
    """
    errors: Errors = {}
    for field, value, choices in (
        ("kind", kind, Assessment.Kind.values),
        ("finding", finding, Assessment.Finding.values),
        ("confidence", confidence, Assessment.Confidence.values),
    ):
        if value not in choices:
            message = _("Unknown %(field)s: %(value)s.")
            add_error(errors, field, message % {"field": field, "value": value})
    body = {
        "kind": kind,
        "method": clean_text(errors, "method", method, max_length=5000, required=True),
        "finding": finding,
        "details": clean_text(errors, "details", details, max_length=20_000),
        "confidence": confidence,
        "analyst": clean_text(
            errors, "analyst", analyst, max_length=200, required=True
        ),
    }
    # Only an assessment of one file names it: an empty "sha256" would read
    # as a file every reader of the event looks for.
    if sha256:
        body["sha256"] = sha256
    if sha256 and not item.files.filter(sha256=sha256).exists():
        message = _("This item has no file with SHA-256 %(value)s.")
        add_error(errors, "sha256", message % {"value": sha256})
    raise_if(errors)
    event = record_by(actor, "evidence.assessed", item.record, body)
    return Assessment.objects.get(pk=event.id)
