"""Turns ``tracing.*`` events into requests, lists, candidates and reviews.

Sealed fields are copied as tokens; nothing here opens them. A request's
status is worked out again after every event that can change it
(``refresh_status``), from the rows alone, so a rebuild gives it back.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from sabt.core.records import RecordBase
from sabt.ledger import Event
from sabt.ledger_store.projection import Handler, dispatch
from sabt.tracing.models import (
    LOCATING_STATUSES,
    Candidate,
    ListEntry,
    PersonList,
    Review,
    StatusReport,
    TracedStatus,
    TracingRequest,
)
from sabt.tracing.record_ids import entry_key

LOCATED = {
    TracedStatus.ALIVE: TracingRequest.Status.LOCATED_ALIVE,
    TracedStatus.DETAINED: TracingRequest.Status.LOCATED_DETAINED,
    TracedStatus.DECEASED: TracingRequest.Status.LOCATED_DECEASED,
}


def _subject_shredded(event: Event) -> None:
    """Mark a request's enquirer destroyed when its data key is shredded.

    Subjects of other kinds (sources) are left to the app that owns them.
    """
    request = TracingRequest.objects.filter(pk=event.record).first()
    if request is None:
        return
    request.enquirer_destroyed_at = event.at
    request.advance(event)
    request.save(update_fields=["enquirer_destroyed_at", "heads", "updated_at"])


# --- Requests -------------------------------------------------------------------


def _request_opened(event: Event) -> None:
    body = event.body
    low, high = body["age"]
    request = TracingRequest.objects.create(
        **RecordBase.fields_created_by(event),
        sealed_enquirer=body.get("sealed", {}),
        relationship=body["relationship"],
        consent_to_share=body["consent_to_share"],
        given_name=body["given_name"],
        father_name=body["father_name"],
        grandfather_name=body["grandfather_name"],
        family_name=body["family_name"],
        sex=body["sex"],
        age_low=low,
        age_high=high,
        village=body["village"],
        district=body["district"],
        last_seen_date=body["last_seen_date"],
        last_seen_place=body["last_seen_place"],
        taken_by=body["taken_by"],
        taken_to=body["taken_to"],
        circumstances=body["circumstances"],
    )
    StatusReport.objects.create(
        key=f"{event.id}/0",
        request=request,
        status=TracedStatus.MISSING,
        as_of=body["last_seen_date"] or _day(event),
        source_kind=StatusReport.SourceKind.REQUEST,
        actor=body["actor"],
        at=event.at,
    )


def _request_closed(event: Event) -> None:
    request = TracingRequest.objects.get(pk=event.record)
    request.closed_reason = event.body["reason"]
    _advance_request(request, event, ["closed_reason"])


def _request_reopened(event: Event) -> None:
    request = TracingRequest.objects.get(pk=event.record)
    request.closed_reason = ""
    _advance_request(request, event, ["closed_reason"])


def _status_recorded(event: Event) -> None:
    """A status report on a request (its record) or a list's entry."""
    body = event.body
    report = StatusReport(
        key=f"{event.id}/0",
        status=body["status"],
        as_of=body["as_of"],
        source_kind=StatusReport.SourceKind.OFFICER,
        source=body["source"],
        note=body["note"],
        actor=body["actor"],
        at=event.at,
    )
    if "entry" in body:
        person_list = PersonList.objects.get(pk=event.record)
        entry = ListEntry.objects.get(pk=body["entry"])
        report.entry = entry
        report.save()
        _refresh_entry(entry)
        for candidate in entry.candidates.filter(decision=Candidate.Decision.CONFIRMED):
            refresh_status(candidate.request)
        person_list.advance(event)
        person_list.save(update_fields=["heads", "updated_at"])
        return
    request = TracingRequest.objects.get(pk=event.record)
    report.request = request
    report.save()
    _advance_request(request, event, [])


def _advance_request(request: TracingRequest, event: Event, fields: list[str]) -> None:
    request.advance(event)
    request.save(update_fields=["heads", "updated_at", *fields])
    refresh_status(request)


# --- Lists ----------------------------------------------------------------------


def _list_imported(event: Event) -> None:
    body = event.body
    file = body["file"]
    PersonList.objects.create(
        **RecordBase.fields_created_by(event),
        name=body["name"],
        kind=body["kind"],
        description=body["description"],
        as_of=body["as_of"],
        status=body["status"],
        sha256=file["sha256"],
        file_name=file["name"],
        file_size=file["size"],
        media_type=file["media_type"],
        mapping=body["mapping"],
        row_count=body["row_count"],
        rejected_rows=body.get("rejected", []),
        duplicate_rows=body.get("duplicates", []),
    )


def _entries_added(event: Event) -> None:
    """Rows of a list, each with its first status report, in two inserts."""
    person_list = PersonList.objects.get(pk=event.record)
    default_as_of = person_list.as_of or _day(event)
    entries: list[ListEntry] = []
    reports: list[StatusReport] = []
    for offset, row in enumerate(event.body["rows"]):
        status = row.get("status", person_list.status)
        as_of = _date(row.get("status_as_of")) or default_as_of
        age = row.get("age") or [None, None]
        born = row.get("birth_year") or [None, None]
        entry = ListEntry(
            key=entry_key(person_list.record, row["id"]),
            person_list=person_list,
            case=person_list.case,
            row_id=row["id"],
            position=event.body["first"] + offset,
            given_name=row.get("given_name", ""),
            father_name=row.get("father_name", ""),
            grandfather_name=row.get("grandfather_name", ""),
            family_name=row.get("family_name", ""),
            sex=row.get("sex", "unknown"),
            age_low=age[0],
            age_high=age[1],
            birth_year_low=born[0],
            birth_year_high=born[1],
            village=row.get("village", ""),
            district=row.get("district", ""),
            last_seen_place=row.get("last_seen_place", ""),
            last_seen_date=row.get("last_seen_date"),
            pfif=row.get("pfif", {}),
            status=status,
            status_as_of=as_of,
        )
        entries.append(entry)
        reports.append(
            StatusReport(
                key=f"{event.id}/{offset}",
                entry=entry,
                status=status,
                as_of=as_of,
                source_kind=StatusReport.SourceKind.LIST,
                source=person_list.name,
                actor=event.body["actor"],
                at=event.at,
            )
        )
    ListEntry.objects.bulk_create(entries)
    StatusReport.objects.bulk_create(reports)
    person_list.advance(event)
    person_list.save(update_fields=["heads", "updated_at"])


# What PFIF keeps of an expired person (Person Finder's PLACEHOLDER_FIELDS).
PFIF_PLACEHOLDER = ("person_record_id", "source_date", "entry_date", "expiry_date")


def _pfif_expired(event: Event) -> None:
    """Forget what an expired PFIF record said of its person: PFIF asks
    for a placeholder only. The row stays, so the list keeps its count."""
    for entry in ListEntry.objects.filter(key__in=event.body["entries"]):
        person = entry.pfif.get("person", {}) if entry.pfif else {}
        entry.pfif = {
            "person": {k: v for k, v in person.items() if k in PFIF_PLACEHOLDER},
            "notes": [],
        }
        for name in (
            "given_name", "father_name", "grandfather_name", "family_name",
            "village", "district", "last_seen_place",
        ):  # fmt: skip
            setattr(entry, name, "")
        entry.sex = "unknown"
        entry.age_low = entry.age_high = None
        entry.birth_year_low = entry.birth_year_high = None
        entry.last_seen_date = None
        entry.save()
    person_list = PersonList.objects.get(pk=event.record)
    person_list.advance(event)
    person_list.save(update_fields=["heads", "updated_at"])


def _list_opened(event: Event) -> None:
    """A list kept entry by entry (services.list_entries): no file behind it."""
    body = event.body
    PersonList.objects.create(
        **RecordBase.fields_created_by(event),
        name=body["name"],
        kind=body["kind"],
        description=body["description"],
        as_of=body["as_of"],
        status=body["status"],
        sha256="",
        file_name="",
        file_size=0,
        media_type="",
        mapping=[],
        row_count=0,
    )


def _entries_appended(event: Event) -> None:
    """Entries added to a list there already, each report noting its origin."""
    _entries_added(event)
    body = event.body
    person_list = PersonList.objects.get(pk=event.record)
    person_list.row_count += len(body["rows"])
    person_list.rejected_rows = [*person_list.rejected_rows, *body["rejected"]]
    person_list.save(update_fields=["row_count", "rejected_rows"])
    for offset, row in enumerate(body["rows"]):
        if row.get("origin"):
            report = StatusReport.objects.filter(key=f"{event.id}/{offset}")
            report.update(note=row["origin"])


def _refresh_entry(entry: ListEntry) -> None:
    latest = _latest(entry.status_reports.all())
    if latest is not None:
        entry.status = latest.status
        entry.status_as_of = latest.as_of
        entry.save(update_fields=["status", "status_as_of"])


# --- Candidates -----------------------------------------------------------------


def _candidate_found(event: Event) -> None:
    body = event.body
    candidate = Candidate.objects.create(
        **RecordBase.fields_created_by(event),
        request_id=body["request"],
        entry_id=body["entry"],
        probability=body["probability"],
        match_weight=body["match_weight"],
        weights=body["weights"],
    )
    _review(event, candidate, "found", {"probability": body["probability"]})
    refresh_contradictions(candidate)
    refresh_status(candidate.request)


def _decided(decision: str) -> Callable[[Event], None]:
    def apply_decision(event: Event) -> None:
        candidate = Candidate.objects.get(pk=event.record)
        candidate.decision = decision
        candidate.decided_by = event.body["actor"]
        candidate.decided_at = event.at
        _save_candidate(candidate, event, ["decision", "decided_by", "decided_at"])
        _review(event, candidate, decision, {})
        refresh_contradictions(candidate)

    return apply_decision


def _match_undone(event: Event) -> None:
    candidate = Candidate.objects.get(pk=event.record)
    undone = candidate.decision
    candidate.decision = Candidate.Decision.PENDING
    candidate.decided_by = candidate.decided_at = ""
    # A notification belonged to the link undone: a new one is needed.
    candidate.notified_at = candidate.notified_by = candidate.notified_how = ""
    _save_candidate(
        candidate,
        event,
        [
            "decision",
            "decided_by",
            "decided_at",
            "notified_at",
            "notified_by",
            "notified_how",
        ],
    )
    _review(event, candidate, "undone", {"undone": undone})
    refresh_contradictions(candidate)


def refresh_contradictions(candidate: Candidate) -> None:
    """Mark what a confirmed match contradicts, from the rows alone.

    A request confirmed as an entry of a list is nobody else of that list,
    and an entry confirmed as a request is nobody else sought: the other
    candidates of the same request in the same list, and of the same
    entry, name the confirmed one in ``contradicted_by``; undone, they are
    free again.
    """
    related = Candidate.objects.filter(
        models.Q(
            request=candidate.request_id,
            entry__person_list=candidate.entry.person_list_id,
        )
        | models.Q(entry=candidate.entry_id)
    ).select_related("entry")
    rows = list(related)
    confirmed = [c for c in rows if c.decision == Candidate.Decision.CONFIRMED]
    for row in rows:
        by = next(
            (
                c.record
                for c in confirmed
                if c.record != row.record
                and (c.entry_id == row.entry_id or c.request_id == row.request_id)
            ),
            "",
        )
        if row.decision == Candidate.Decision.CONFIRMED:
            by = ""
        if row.contradicted_by != by:
            row.contradicted_by = by
            row.save(update_fields=["contradicted_by"])


def _consent_recorded(event: Event) -> None:
    body = event.body
    candidate = Candidate.objects.get(pk=event.record)
    candidate.consent = body["consent"]
    candidate.consent_how = body["how"]
    candidate.consent_on = body["on"]
    _save_candidate(candidate, event, ["consent", "consent_how", "consent_on"])
    details = {"consent": body["consent"], "how": body["how"], "on": body["on"]}
    _review(event, candidate, "consent", details)


def _family_notified(event: Event) -> None:
    body = event.body
    candidate = Candidate.objects.get(pk=event.record)
    candidate.notified_at = event.at
    candidate.notified_by = body["actor"]
    candidate.notified_how = body["how"]
    _save_candidate(candidate, event, ["notified_at", "notified_by", "notified_how"])
    _review(event, candidate, "notified", {"how": body["how"], "basis": body["basis"]})


def _save_candidate(candidate: Candidate, event: Event, fields: list[str]) -> None:
    candidate.advance(event)
    candidate.save(update_fields=["heads", "updated_at", *fields])
    refresh_status(candidate.request)


def _review(
    event: Event, candidate: Candidate, action: str, details: dict[str, Any]
) -> None:
    Review.objects.create(
        event_id=event.id,
        candidate=candidate,
        action=action,
        actor=event.body["actor"],
        at=event.at,
        note=event.body.get("note", ""),
        details=details,
    )


# --- The request's status -------------------------------------------------------


def refresh_status(request: TracingRequest) -> None:
    """Work the request's status out from its reports and candidates.

    Closed if closed; else "located ..." when the latest report on the
    sought person (its own, and those of every entry confirmed to be them)
    says alive, detained or deceased; else "possible match" while a
    candidate awaits a decision or is confirmed; else open.
    """
    status = _status_of(request)
    if status != request.status:
        request.status = status
        request.save(update_fields=["status"])


def _status_of(request: TracingRequest) -> str:
    if request.closed_reason:
        return TracingRequest.Status.CLOSED
    confirmed = request.candidates.filter(decision=Candidate.Decision.CONFIRMED)
    reports = [
        *request.status_reports.all(),
        *StatusReport.objects.filter(entry__in=confirmed.values("entry")),
    ]
    latest = _latest(reports)
    if latest is not None and latest.status in LOCATING_STATUSES:
        return LOCATED[TracedStatus(latest.status)]
    open_decisions = (
        Candidate.Decision.PENDING,
        Candidate.Decision.UNSURE,
        Candidate.Decision.CONFIRMED,
    )
    if request.candidates.filter(decision__in=open_decisions).exists():
        return TracingRequest.Status.POSSIBLE_MATCH
    return TracingRequest.Status.OPEN


def _latest(reports: Iterable[StatusReport]) -> StatusReport | None:
    return max(reports, key=lambda report: report.sort_key, default=None)


def _day(event: Event) -> datetime.date:
    return datetime.date.fromisoformat(event.at[:10])


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


HANDLERS: dict[str, Handler] = {
    "tracing.request_opened": _request_opened,
    "tracing.request_closed": _request_closed,
    "tracing.request_reopened": _request_reopened,
    "tracing.status_recorded": _status_recorded,
    "tracing.list_imported": _list_imported,
    "tracing.entries_added": _entries_added,
    "tracing.pfif_expired": _pfif_expired,
    "tracing.list_opened": _list_opened,
    "tracing.entries_appended": _entries_appended,
    "tracing.candidate_found": _candidate_found,
    "tracing.match_confirmed": _decided(Candidate.Decision.CONFIRMED),
    "tracing.match_rejected": _decided(Candidate.Decision.REJECTED),
    "tracing.match_unsure": _decided(Candidate.Decision.UNSURE),
    "tracing.match_undone": _match_undone,
    "tracing.consent_recorded": _consent_recorded,
    "tracing.family_notified": _family_notified,
}

# An unknown type is an error, never skipped.
apply = dispatch(HANDLERS)
apply_subject_event = dispatch({"subject.shredded": _subject_shredded})
