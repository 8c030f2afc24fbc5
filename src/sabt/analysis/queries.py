"""The analyst's reads, through the access gate: counts and the lists to count."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from sabt.access.policy import Capability
from sabt.access.queries import checked, get_or_404, in_cases
from sabt.analysis.models import Count
from sabt.tracing.models import PersonList


def counts_for(user: User) -> QuerySet[Count]:
    """The counts of the cases the user may analyse."""
    return in_cases(user, Count.objects.all(), Capability.ANALYSE)


def lists_to_count(user: User) -> QuerySet[PersonList]:
    """The person lists of the cases the user may analyse."""
    return in_cases(user, PersonList.objects.all(), Capability.ANALYSE)


def get_count_for(user: User, record: str) -> Count:
    """The count, if the user may analyse its case: 404 outside the user's
    cases (a count elsewhere is not said to exist), 403 inside without the
    analyst's capability."""
    visible = in_cases(user, Count.objects.all())
    return checked(user, get_or_404(visible, record), Capability.ANALYSE)
