"""Finding candidates, reviewing them, and telling the family.

``find_candidates`` runs the linkage model (``tracing.matching``) between
the requests of a list's case and the list, and records each pair worth a
look as a ``tracing.candidate_found`` event with its probability and each
field's weight. A person then confirms, rejects or marks it unsure (each an
event; ``undo_decision`` returns it to the queue). Confirming links the
request and the entry; neither record changes or disappears.

Telling the family follows the Red Cross and Red Crescent practice of
Restoring Family Links: a person found alive (free or detained) decides
whether their family may be told where they are, so ``notify_family`` is
refused until their consent is recorded as given. A person found dead
cannot consent, and families have a right to know the fate of their
relatives (IHL customary rule 117; Additional Protocol I, art. 32), so the
death of a confirmed match may be told without it; the officer still
records how the family was told.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sabt.core.services import Actor, raise_if, record_by
from sabt.core.validation import (
    Errors,
    add_error,
    clean_choice,
    clean_date,
    clean_text,
    iso,
)
from sabt.tracing.matching import REVIEW_THRESHOLD, match
from sabt.tracing.models import (
    Candidate,
    PersonList,
    TracedStatus,
    TracingRequest,
)
from sabt.tracing.record_ids import candidate_record

NOTE_LENGTH = 5000

DECISION_EVENTS: dict[str, str] = {
    Candidate.Decision.CONFIRMED: "tracing.match_confirmed",
    Candidate.Decision.REJECTED: "tracing.match_rejected",
    Candidate.Decision.UNSURE: "tracing.match_unsure",
}


def find_candidates(
    *,
    actor: Actor,
    person_list: PersonList,
    threshold: float = REVIEW_THRESHOLD,
) -> list[Candidate]:
    """Match the list against the case's requests that are not closed.

    Records a ``tracing.candidate_found`` event for each new pair at least
    ``threshold`` probable; a pair found before is left as it is. Returns
    the new candidates, most probable first.
    """
    return find_candidates_explained(
        actor=actor, person_list=person_list, threshold=threshold
    )[0]


def find_candidates_explained(
    *,
    actor: Actor,
    person_list: PersonList,
    threshold: float = REVIEW_THRESHOLD,
) -> tuple[list[Candidate], list[str]]:
    """``find_candidates``, and how the linkage compared the list: which
    rules chose the pairs and which fields it compared."""
    requests = TracingRequest.objects.filter(case=person_list.case).exclude(
        status=TracingRequest.Status.CLOSED
    )
    entries = person_list.entries.order_by("position")
    as_of = person_list.as_of or datetime.date.fromisoformat(
        person_list.created_at[:10]
    )
    pairs, explanation = match(
        requests.order_by("record"), entries, as_of=as_of, threshold=threshold
    )
    records = {candidate_record(pair.request, pair.entry): pair for pair in pairs}
    known = set(
        Candidate.objects.filter(pk__in=list(records)).values_list("pk", flat=True)
    )
    with transaction.atomic():
        for record, pair in records.items():
            if record in known:
                continue
            body = {
                "case": person_list.case,
                "request": pair.request,
                "entry": pair.entry,
                "list": person_list.record,
                "probability": pair.probability,
                "match_weight": pair.match_weight,
                "weights": pair.weights,
            }
            record_by(actor, "tracing.candidate_found", record, body)
    new = [record for record in records if record not in known]
    found = Candidate.objects.filter(pk__in=new).order_by("-probability", "pk")
    return list(found), explanation


def confirm_match(*, actor: Actor, candidate: Candidate, note: str = "") -> Candidate:
    """Confirm that the entry is the person the request seeks."""
    return _decide(actor, candidate, Candidate.Decision.CONFIRMED, note)


def reject_match(*, actor: Actor, candidate: Candidate, note: str = "") -> Candidate:
    """Record that the entry is someone else."""
    return _decide(actor, candidate, Candidate.Decision.REJECTED, note)


def mark_unsure(*, actor: Actor, candidate: Candidate, note: str = "") -> Candidate:
    """Record that the reviewer cannot tell yet; it stays in the queue."""
    return _decide(actor, candidate, Candidate.Decision.UNSURE, note)


def undo_decision(*, actor: Actor, candidate: Candidate, note: str = "") -> Candidate:
    """Take back the candidate's decision: it is pending again.

    Undoing a confirmation unlinks the request and the entry; the request's
    status follows. Raises ValidationError naming ``decision`` when there is
    no decision to undo.
    """
    errors: Errors = {}
    if candidate.decision == Candidate.Decision.PENDING:
        add_error(errors, "decision", _("This candidate has no decision to undo."))
    body = {"note": clean_text(errors, "note", note, max_length=NOTE_LENGTH)}
    raise_if(errors)
    record_by(actor, "tracing.match_undone", candidate.record, body)
    return Candidate.objects.get(pk=candidate.record)


def record_consent(
    *,
    actor: Actor,
    candidate: Candidate,
    consent: str,
    how: str = "",
    on: datetime.date | str | None = None,
    note: str = "",
) -> Candidate:
    """Record the found person's consent to their family being told.

    ``consent`` is "given", "refused" or "not_asked"; for the first two,
    ``how`` it was obtained (in person, by phone, through the detaining
    authority...) and ``on`` which day are required. Raises
    ValidationError naming each bad field.
    """
    errors: Errors = {}
    asked = consent != Candidate.Consent.NOT_ASKED
    body: dict[str, Any] = {
        "consent": clean_choice(
            errors, "consent", consent, list(Candidate.Consent.values)
        ),
        "how": clean_text(errors, "how", how, max_length=200, required=asked),
        "on": iso(clean_date(errors, "on", on, required=asked)),
        "note": clean_text(errors, "note", note, max_length=NOTE_LENGTH),
    }
    raise_if(errors)
    record_by(actor, "tracing.consent_recorded", candidate.record, body)
    return Candidate.objects.get(pk=candidate.record)


def notify_family(
    *, actor: Actor, candidate: Candidate, how: str, note: str = ""
) -> Candidate:
    """Record that the family may be, and was, told of a confirmed match.

    Refused (ValidationError naming ``decision`` or ``consent``) unless the
    match is confirmed and either the person found consented or was found
    dead (see the module's docstring). Telling the family twice records
    nothing new.
    """
    if candidate.is_confirmed and candidate.is_notified:
        return candidate
    errors: Errors = {}
    basis = notify_basis(candidate)
    if not candidate.is_confirmed:
        add_error(errors, "decision", _("Confirm the match before telling the family."))
    elif basis is None:
        add_error(errors, "consent", refusal_reason(candidate))
    body = {
        "how": clean_text(errors, "how", how, max_length=200, required=True),
        "note": clean_text(errors, "note", note, max_length=NOTE_LENGTH),
        "basis": basis or "",
    }
    raise_if(errors)
    record_by(actor, "tracing.family_notified", candidate.record, body)
    return Candidate.objects.get(pk=candidate.record)


def notify_basis(candidate: Candidate) -> str | None:
    """Why the family may be told ("consent", "deceased"), or None."""
    if candidate.entry.status == TracedStatus.DECEASED:
        return "deceased"
    if candidate.consent == Candidate.Consent.GIVEN:
        return "consent"
    return None


def refusal_reason(candidate: Candidate) -> str:
    """The sentence saying why the family may not be told yet."""
    if candidate.consent == Candidate.Consent.REFUSED:
        return _(
            "The person found refused to let their family be told where they "
            "are. Do not tell the family; record their consent again only if "
            "they change their mind."
        )
    return _(
        "The person found has not been asked whether their family may be "
        "told. Ask them, and record their consent first."
    )


def _decide(actor: Actor, candidate: Candidate, decision: str, note: str) -> Candidate:
    """Record a decision; the same decision again records nothing."""
    if candidate.decision == decision:
        return candidate
    errors: Errors = {}
    body = {"note": clean_text(errors, "note", note, max_length=NOTE_LENGTH)}
    if errors:
        raise ValidationError(errors)
    record_by(actor, DECISION_EVENTS[decision], candidate.record, body)
    return Candidate.objects.get(pk=candidate.record)
