"""Settling a record edited in two places at once.

A person picks, for each field the versions disagree on, the value that
holds (or types a new one where the field is free text). One signed event
records the whole settled version; recorded over every head, it names them
all as parents, and the record has one head again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sabt.core.records import RecordBase
from sabt.core.services import Actor, raise_if, record_by
from sabt.core.validation import Errors, add_error, clean_text
from sabt.ledger_store.store import OrmEventStore
from sabt.records.versions import (
    FREE_TEXT,
    REQUIRED,
    differing,
    same,
    settling_type,
    versions_of,
)


def resolve_conflict(
    *,
    actor: Actor,
    record: RecordBase,
    seen_heads: Sequence[str],
    choices: Mapping[str, Any],
) -> RecordBase:
    """Record the version that holds over the heads the person saw.

    ``choices`` has one value for each field that differs: one of the
    versions' values, or new text for a free-text field. Raises
    ValidationError, recording nothing, if someone changed or settled the
    record since ``seen_heads`` were read, or if a field lacks a choice.
    """
    kind = settling_type(record.record)
    with transaction.atomic():
        OrmEventStore().lock()
        errors: Errors = {}
        versions = versions_of(record.record)
        heads = sorted(v.event_id for v in versions)
        if kind is None or len(heads) < 2:
            message = _("This record has one version: nothing to settle.")
            raise ValidationError({"heads": [message]})
        if sorted(seen_heads) != heads:
            message = _(
                "Someone changed or settled this record meanwhile: "
                "reload the page and choose again."
            )
            add_error(errors, "heads", message)
        raise_if(errors)
        values = dict(versions[0].fields)
        for name in differing(versions):
            values[name] = _chosen(errors, name, choices, versions)
        unknown = sorted(set(choices) - set(differing(versions)))
        if unknown:
            message = _("These fields do not differ: %(names)s.")
            add_error(errors, "heads", message % {"names": ", ".join(unknown)})
        raise_if(errors)
        record_by(actor, kind, record.record, {"values": values}, settles=True)
    return type(record)._default_manager.get(pk=record.record)


def _chosen(
    errors: Errors, name: str, choices: Mapping[str, Any], versions: Sequence[Any]
) -> Any:
    if name not in choices:
        add_error(errors, name, _("Choose which version holds, or type a new value."))
        return None
    value = choices[name]
    if any(same(value, v.fields.get(name)) for v in versions):
        return value
    if name in FREE_TEXT:
        limit = FREE_TEXT[name]
        return clean_text(
            errors, name, value, max_length=limit, required=name in REQUIRED
        )
    add_error(errors, name, _("Choose one of the versions' values."))
    return None
