"""Reads of tracing rows that take a user: the only way interfaces reach them.

A user sees the requests, lists and candidates of the cases where they hold
``Capability.TRACE`` (``access.policy.cases_where``). "Not yours" and "not
there" both raise Http404, so a page never says that a request exists.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from sabt.access.policy import Capability, can
from sabt.access.queries import cases_for, get_or_404, in_cases
from sabt.core.cases import Case
from sabt.core.records import RecordBase
from sabt.tracing.models import Candidate, ListEntry, PersonList, TracingRequest

User = AbstractBaseUser | AnonymousUser
RowT = TypeVar("RowT", bound=RecordBase)


def trace_cases(user: User) -> QuerySet[Case]:
    """The cases in which the user may trace."""
    return cases_for(user, Capability.TRACE)


def visible_requests(user: User) -> QuerySet[TracingRequest]:
    return _in_cases(user, TracingRequest.objects.all())


def get_request_for(user: User, record: str) -> TracingRequest:
    """Return one request the user may trace, or raise Http404."""
    return get_or_404(visible_requests(user), record)


def visible_lists(user: User) -> QuerySet[PersonList]:
    return _in_cases(user, PersonList.objects.all())


def get_list_for(user: User, record: str) -> PersonList:
    return get_or_404(visible_lists(user), record)


def visible_entries(user: User, person_list: PersonList) -> QuerySet[ListEntry]:
    """The rows of a list the user may see (``get_list_for`` first)."""
    if not visible_lists(user).filter(pk=person_list.record).exists():
        return ListEntry.objects.none()
    return person_list.entries.order_by("position")


def get_entry_for(user: User, person_list: PersonList, key: str) -> ListEntry:
    entry = visible_entries(user, person_list).filter(pk=key).first()
    if entry is None:
        raise Http404
    return entry


def visible_candidates(user: User) -> QuerySet[Candidate]:
    rows = Candidate.objects.select_related("request", "entry", "entry__person_list")
    return _in_cases(user, rows)


def get_candidate_for(user: User, record: str) -> Candidate:
    return get_or_404(visible_candidates(user), record)


def review_queue(user: User) -> QuerySet[Candidate]:
    """Candidates awaiting a decision (or marked unsure), most probable first."""
    waiting = (Candidate.Decision.PENDING, Candidate.Decision.UNSURE)
    return (
        visible_candidates(user)
        .filter(decision__in=waiting)
        .order_by("-probability", "record")
    )


def can_see_enquirer(user: User, request: TracingRequest) -> bool:
    """Whether the user may open the request's sealed enquirer."""
    return can(user, Capability.SEE_SEALED, request.case)


def _in_cases(user: User, rows: QuerySet[RowT]) -> QuerySet[RowT]:
    return in_cases(user, rows, Capability.TRACE)
