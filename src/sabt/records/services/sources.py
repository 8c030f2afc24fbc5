"""Registering sources: who told us, under which pseudonym.

A source's real identity (name, contact) is sealed with the source's own data
key before the event is signed: the event and the projection carry only
ciphertext (DESIGN.md "The event").
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import (
    Actor,
    clean_case,
    existing,
    raise_if,
    record_by,
    require_row,
    require_same_case,
)
from sabt.core.validation import (
    Errors,
    add_error,
    clean_code,
    clean_date,
    clean_text,
    iso,
    new_record_id,
)
from sabt.ledger import KeyFileError
from sabt.ledger_store.keyring import seal_fields
from sabt.records import consent
from sabt.records.models import Source
from sabt.records.vocabularies import source_kinds

RELIABILITY = ("unknown", "usually_reliable", "fairly_reliable", "not_reliable")
# Longest sealed value of each identity field, in characters.
IDENTITY_LENGTHS = {"real_name": 200, "contact": 500, "contact_notes": 2000}


def register_source(
    *,
    actor: Actor,
    kind: str,
    pseudonym: str,
    description: str = "",
    reliability: str = "unknown",
    derived_from: Sequence[str] = (),
    real_name: str = "",
    contact: str = "",
    contact_notes: str = "",
    case: str = DEFAULT_CASE,
    record: str | None = None,
) -> Source:
    """Register a source. ``derived_from`` names sources this one repeats.

    ``real_name``, ``contact`` and ``contact_notes`` are the real identity:
    sealed under the source's data key, never stored in clear. Raises
    ValidationError naming each bad field, or naming ``real_name`` when this
    node has no organisation key to seal with.
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
        "case": clean_case(errors, case),
    }
    if reliability not in RELIABILITY:
        add_error(
            errors,
            "reliability",
            _("Unknown reliability %(value)s.") % {"value": reliability},
        )
    for parent in body["derived_from"]:
        row = require_row(errors, "derived_from", Source, parent)
        require_same_case(errors, "derived_from", case, row)
    given = {"real_name": real_name, "contact": contact, "contact_notes": contact_notes}
    identity = {
        field: clean_text(
            errors, field, given[field], max_length=IDENTITY_LENGTHS[field]
        )
        for field in Source.IDENTITY_FIELDS
    }
    raise_if(errors)
    record_id = new_record_id(record)
    with transaction.atomic():
        sealed = _sealed(record_id, identity)
        if sealed:
            body["sealed"] = sealed
        record_by(actor, "source.registered", record_id, body)
    return Source.objects.get(pk=record_id)


def _sealed(record: str, identity: dict[str, str]) -> dict[str, str]:
    """Seal the identity under the source's data key, or say why it cannot be."""
    try:
        return seal_fields(record, identity)
    except KeyFileError as exc:
        message = _(
            "This node has no organisation key, so a real identity cannot be "
            "sealed: leave it empty, or ask an administrator to run "
            "sabt keys org-init."
        )
        field = next(name for name, value in identity.items() if value)
        raise ValidationError({field: [message]}) from exc


def record_consent(
    *,
    actor: Actor,
    source: Source,
    name: str,
    account: str,
    obtained_how: str,
    obtained_on: datetime.date | str,
    notes: str = "",
) -> Source:
    """Record what the source lets us share: their ``name`` and their ``account``.

    Each is a level of ``records.consent.LEVELS``. A narrower level than
    before is a withdrawal, recorded like any other change. Raises
    ValidationError naming each bad field.
    """
    errors: Errors = {}
    body = consent_body(
        errors,
        name=name,
        account=account,
        obtained_how=obtained_how,
        obtained_on=obtained_on,
        notes=notes,
    )
    raise_if(errors)
    record_by(actor, "source.consent_recorded", source.record, body, settles=True)
    return Source.objects.get(pk=source.record)


def consent_body(
    errors: Errors,
    *,
    name: str,
    account: str,
    obtained_how: str,
    obtained_on: datetime.date | str,
    notes: str,
) -> dict[str, Any]:
    """The checked body of a ``source.consent_recorded`` event.

    Shared with the field kit, which records the same event sealed.
    """
    for field, value in (("name", name), ("account", account)):
        if value not in consent.LEVELS:
            message = _("Unknown level %(value)s; one of: %(levels)s.")
            levels = ", ".join(consent.LEVELS)
            add_error(errors, field, message % {"value": value, "levels": levels})
    if obtained_how not in consent.HOW_OBTAINED:
        message = _("Unknown way: %(value)s.")
        add_error(errors, "obtained_how", message % {"value": obtained_how})
    return {
        "name": name,
        "account": account,
        "obtained_how": obtained_how,
        "obtained_on": iso(
            clean_date(errors, "obtained_on", obtained_on, required=True)
        ),
        "notes": clean_text(errors, "notes", notes, max_length=5000),
    }
