"""A tracing request submission: the enquirer (sealed) and the person sought."""

from __future__ import annotations

from sabt.gazetteer.models import Place
from sabt.odk.forms.choices import OTHER_PLACE, place_keys
from sabt.odk.forms.tracing import TRACING_FORM_ID
from sabt.odk.mapping import Context, Mapping
from sabt.odk.records import record_id
from sabt.odk.submission import Submission
from sabt.tracing.models import TracingRequest
from sabt.tracing.services.requests import open_request


def import_tracing_request(submission: Submission, context: Context) -> list[str]:
    values = submission.data.values
    age = values.get("sought-person_age", "")
    request = open_request(
        actor=context.actor,
        given_name=values.get("sought-person_name", ""),
        father_name=values.get("sought-person_father", ""),
        grandfather_name=values.get("sought-person_grandfather", ""),
        sex=values.get("sought-person_sex") or "unknown",
        age=(age, age),
        last_seen_place=place_name(values, "last_seen-place"),
        last_seen_date=values.get("last_seen-date") or None,
        taken_by=values.get("last_seen-taken_by", ""),
        taken_to=values.get("last_seen-taken_to", ""),
        circumstances=values.get("last_seen-circumstances", ""),
        relationship=values.get("enquirer-relationship", ""),
        consent_to_share=values.get("enquirer-consent_to_share") or "not_asked",
        enquirer_name=values.get("enquirer-name", ""),
        enquirer_contact=values.get("enquirer-contact", ""),
        case=context.case,
        record=record_id(submission.instance_id, "request"),
    )
    return [request.record]


def place_name(values: dict[str, str], question: str) -> str:
    """The place's name as the web form stores it: the gazetteer's, or as typed."""
    choice = values.get(question, "")
    if choice == OTHER_PLACE:
        return values.get(f"{question}_other", "")
    place = Place.objects.filter(pk=place_keys().get(choice, "")).first()
    return place.name if place else choice


TRACING_REQUEST = Mapping(
    name="tracing_request",
    form_id=TRACING_FORM_ID,
    repeats=frozenset(),
    imported=lambda instance: TracingRequest.objects.filter(
        pk=record_id(instance, "request")
    ).exists(),
    apply=import_tracing_request,
)
