"""Registering sources: who told us, under which pseudonym."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from sabt.records.models import Source
from sabt.records.services.common import (
    Actor,
    existing,
    raise_if,
    require_row,
    sign,
)
from sabt.records.vocabularies import source_kinds
from sabt.validation import Errors, add_error, clean_code, clean_text, new_record_id

RELIABILITY = ("unknown", "usually_reliable", "fairly_reliable", "not_reliable")


def register_source(
    *,
    actor: Actor,
    kind: str,
    pseudonym: str,
    description: str = "",
    reliability: str = "unknown",
    derived_from: Sequence[str] = (),
    record: str | None = None,
) -> Source:
    """Register a source. ``derived_from`` names sources this one repeats.

    Raises ValidationError naming each bad field.
    """
    if found := existing(Source, record):
        return found
    errors: Errors = {}
    body: dict[str, Any] = {
        "kind": clean_code(errors, "kind", kind, source_kinds()),
        "pseudonym": clean_text(
            errors, "pseudonym", pseudonym, max_length=200, required=True
        ),
        "description": clean_text(errors, "description", description, max_length=5000),
        "reliability": reliability,
        "derived_from": sorted(str(s) for s in derived_from),
    }
    if reliability not in RELIABILITY:
        add_error(
            errors,
            "reliability",
            _("Unknown reliability %(value)s.") % {"value": reliability},
        )
    for parent in body["derived_from"]:
        require_row(errors, "derived_from", Source, parent)
    raise_if(errors)
    record_id = sign(actor, "source.registered", new_record_id(record), body)
    return Source.objects.get(pk=record_id)
