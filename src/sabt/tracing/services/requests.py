"""Tracing requests: a family asks for a relative; what is known of them.

The enquirer's name, contact and notes are sealed with the request's own
data key before the event is signed (DESIGN.md "The event"): the ledger and
the tables hold only ciphertext, and shredding the key erases the enquirer
while the request stays.
"""

from __future__ import annotations

import datetime
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
)
from sabt.core.validation import (
    Errors,
    add_error,
    clean_choice,
    clean_date,
    clean_range,
    clean_text,
    iso,
    new_record_id,
)
from sabt.ledger import KeyFileError
from sabt.ledger_store.keyring import seal_fields
from sabt.tracing.models import (
    SEXES,
    ListEntry,
    StatusReport,
    TracedStatus,
    TracingRequest,
)

NAME_LENGTH = 200
TEXT_LENGTH = 5000
ENQUIRER_LENGTHS = {
    "enquirer_name": 200,
    "enquirer_contact": 500,
    "enquirer_notes": 2000,
}


def open_request(
    *,
    actor: Actor,
    given_name: str,
    enquirer_name: str,
    father_name: str = "",
    grandfather_name: str = "",
    family_name: str = "",
    sex: str = "unknown",
    age: tuple[Any, Any] = (None, None),
    village: str = "",
    district: str = "",
    last_seen_date: datetime.date | str | None = None,
    last_seen_place: str = "",
    taken_by: str = "",
    taken_to: str = "",
    circumstances: str = "",
    relationship: str = "",
    consent_to_share: str = TracingRequest.Consent.NOT_ASKED,
    enquirer_contact: str = "",
    enquirer_notes: str = "",
    case: str = DEFAULT_CASE,
    record: str | None = None,
) -> TracingRequest:
    """Open a request to find ``given_name`` (names as the family writes them).

    ``consent_to_share`` ("yes", "no", "not_asked") is whether the enquirer
    agrees that their name and contact be given to the sought person if
    found. Raises ValidationError naming each bad field, or naming
    ``enquirer_name`` when this node has no organisation key to seal with.
    """
    if found := existing(TracingRequest, record):
        return found
    errors: Errors = {}
    body, enquirer = request_body(
        errors,
        given_name=given_name,
        enquirer_name=enquirer_name,
        father_name=father_name,
        grandfather_name=grandfather_name,
        family_name=family_name,
        sex=sex,
        age=age,
        village=village,
        district=district,
        last_seen_date=last_seen_date,
        last_seen_place=last_seen_place,
        taken_by=taken_by,
        taken_to=taken_to,
        circumstances=circumstances,
        relationship=relationship,
        consent_to_share=consent_to_share,
        enquirer_contact=enquirer_contact,
        enquirer_notes=enquirer_notes,
    )
    body = {"case": clean_case(errors, case), **body}
    raise_if(errors)
    record_id = new_record_id(record)
    with transaction.atomic():
        body["sealed"] = _sealed(record_id, enquirer)
        record_by(actor, "tracing.request_opened", record_id, body)
    return TracingRequest.objects.get(pk=record_id)


def request_body(
    errors: Errors,
    *,
    given_name: str,
    enquirer_name: str,
    father_name: str = "",
    grandfather_name: str = "",
    family_name: str = "",
    sex: str = "unknown",
    age: tuple[Any, Any] = (None, None),
    village: str = "",
    district: str = "",
    last_seen_date: datetime.date | str | None = None,
    last_seen_place: str = "",
    taken_by: str = "",
    taken_to: str = "",
    circumstances: str = "",
    relationship: str = "",
    consent_to_share: str = TracingRequest.Consent.NOT_ASKED,
    enquirer_contact: str = "",
    enquirer_notes: str = "",
) -> tuple[dict[str, Any], dict[str, str]]:
    """The checked body of ``tracing.request_opened`` but its case, and the
    enquirer still to be sealed.

    Shared with the field kit, which records the same event sealed.
    """
    body: dict[str, Any] = {
        "given_name": _name(errors, "given_name", given_name, required=True),
        "father_name": _name(errors, "father_name", father_name),
        "grandfather_name": _name(errors, "grandfather_name", grandfather_name),
        "family_name": _name(errors, "family_name", family_name),
        "sex": clean_choice(errors, "sex", sex, SEXES),
        "age": clean_range(errors, "age", *age, limit=120),
        "village": _name(errors, "village", village),
        "district": _name(errors, "district", district),
        "last_seen_date": iso(clean_date(errors, "last_seen_date", last_seen_date)),
        "last_seen_place": _name(errors, "last_seen_place", last_seen_place),
        "taken_by": _name(errors, "taken_by", taken_by),
        "taken_to": _name(errors, "taken_to", taken_to),
        "circumstances": clean_text(
            errors, "circumstances", circumstances, max_length=TEXT_LENGTH
        ),
        "relationship": clean_text(
            errors, "relationship", relationship, max_length=100
        ),
        "consent_to_share": clean_choice(
            errors,
            "consent_to_share",
            consent_to_share,
            list(TracingRequest.Consent.values),
        ),
    }
    given = {
        "enquirer_name": enquirer_name,
        "enquirer_contact": enquirer_contact,
        "enquirer_notes": enquirer_notes,
    }
    enquirer = {
        field: clean_text(
            errors,
            field,
            given[field],
            max_length=ENQUIRER_LENGTHS[field],
            required=field == "enquirer_name",
        )
        for field in TracingRequest.ENQUIRER_FIELDS
    }
    return body, enquirer


def close_request(
    *, actor: Actor, request: TracingRequest, reason: str
) -> TracingRequest:
    """Close a request (found and told, withdrawn by the family...).

    Closing a closed request changes nothing. Raises ValidationError
    naming ``reason`` when it is empty.
    """
    if request.is_closed:
        return request
    return _with_reason(actor, "tracing.request_closed", request, reason)


def reopen_request(
    *, actor: Actor, request: TracingRequest, reason: str
) -> TracingRequest:
    """Open a closed request again; an open one is left as it is."""
    if not request.is_closed:
        return request
    return _with_reason(actor, "tracing.request_reopened", request, reason)


def _with_reason(
    actor: Actor, event_type: str, request: TracingRequest, reason: str
) -> TracingRequest:
    errors: Errors = {}
    text = clean_text(errors, "reason", reason, max_length=TEXT_LENGTH, required=True)
    raise_if(errors)
    record_by(actor, event_type, request.record, {"reason": text})
    return TracingRequest.objects.get(pk=request.record)


def record_status(
    *,
    actor: Actor,
    status: str,
    as_of: datetime.date | str,
    source: str,
    request: TracingRequest | None = None,
    entry: ListEntry | None = None,
    note: str = "",
) -> StatusReport:
    """Record what is known of a sought person, or of a list entry, at a date.

    Give exactly one of ``request`` and ``entry``. ``source`` says who says
    so (a released detainee, the hospital, a grave-digger). Raises
    ValidationError naming each bad field.
    """
    errors: Errors = {}
    body: dict[str, Any] = {
        "status": clean_choice(errors, "status", status, TracedStatus.values),
        "as_of": iso(clean_date(errors, "as_of", as_of, required=True)),
        "source": clean_text(errors, "source", source, max_length=300, required=True),
        "note": clean_text(errors, "note", note, max_length=TEXT_LENGTH),
    }
    if (request is None) == (entry is None):
        add_error(errors, "request", _("Name either a request or a list entry."))
    raise_if(errors)
    if entry is not None:
        body["entry"] = entry.key
        record = entry.person_list_id
    else:
        record = request.record if request is not None else ""
    event = record_by(actor, "tracing.status_recorded", record, body)
    return StatusReport.objects.get(pk=f"{event.id}/0")


def _name(errors: Errors, field: str, value: Any, *, required: bool = False) -> str:
    return clean_text(errors, field, value, max_length=NAME_LENGTH, required=required)


def _sealed(record: str, enquirer: dict[str, str]) -> dict[str, str]:
    """Seal the enquirer under the request's data key, or say why not."""
    try:
        return seal_fields(record, enquirer)
    except KeyFileError as exc:
        message = _(
            "This node has no organisation key, so the enquirer cannot be "
            "sealed: ask an administrator to run sabt keys org-init."
        )
        raise ValidationError({"enquirer_name": [message]}) from exc
