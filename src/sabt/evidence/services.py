"""The write path for evidence items."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from sabt.evidence.models import EvidenceItem
from sabt.records.models import Incident, Source
from sabt.records.services.common import (
    Actor,
    existing,
    raise_if,
    require_row,
    sign,
)
from sabt.validation import (
    Errors,
    add_error,
    clean_date,
    clean_text,
    iso,
    new_record_id,
)


def register_evidence_item(
    *,
    actor: Actor,
    kind: str,
    title: str,
    description: str = "",
    url: str = "",
    posted_by: str = "",
    posted_on: datetime.date | str | None = None,
    source: str = "",
    incidents: Sequence[str] = (),
    record: str | None = None,
) -> EvidenceItem:
    """Register an item of evidence, unverified until assessed.

    A report that calls a video "purported" is exactly this: unverified.
    Raises ValidationError naming each bad field.
    """
    if found := existing(EvidenceItem, record):
        return found
    errors: Errors = {}
    body: dict[str, Any] = {
        "kind": kind,
        "title": clean_text(errors, "title", title, max_length=300, required=True),
        "description": clean_text(
            errors, "description", description, max_length=20_000
        ),
        "url": clean_text(errors, "url", url, max_length=2000),
        "posted_by": clean_text(errors, "posted_by", posted_by, max_length=200),
        "posted_on": iso(clean_date(errors, "posted_on", posted_on)),
        "source": source or None,
        "incidents": sorted(set(incidents)),
    }
    if kind not in EvidenceItem.Kind.values:
        add_error(errors, "kind", _("Unknown kind %(value)s.") % {"value": kind})
    if body["url"]:
        try:
            URLValidator(schemes=["http", "https"])(body["url"])
        except DjangoValidationError:
            add_error(
                errors, "url", _("Enter a web address starting with http or https.")
            )
    if source:
        require_row(errors, "source", Source, source)
    for key in body["incidents"]:
        require_row(errors, "incidents", Incident, key)
    raise_if(errors)
    record_id = sign(actor, "evidence.registered", new_record_id(record), body)
    return EvidenceItem.objects.get(pk=record_id)
