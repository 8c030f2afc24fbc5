"""People pages: the list, one person, and recording a person."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.access.queries import get_person_for, visible_people
from sabt.records import services
from sabt.web.forms.fields import service_errors_on
from sabt.web.forms.people import PersonForm
from sabt.web.http import AuthenticatedHttpRequest
from sabt.web.pages import records as pages
from sabt.web.pagination import page_of
from sabt.web.views.conflicts import conflict_context, settle


@login_required
@capability_required(Capability.VIEW)
@require_GET
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    people = visible_people(request.user).select_related("home_place")
    page = page_of(request, people)
    return render(request, "web/people/list.html", {"page": page})


@login_required
@require_GET
def person_detail(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    person = get_person_for(request.user, str(record))
    context = {"page": pages.person_page(request.user, person)}
    return render(request, "web/people/detail.html", context | conflict_context(person))


@login_required
@require_POST
def person_versions(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    """Settle the person's versions on the values the panel's form chose."""
    person = get_person_for(request.user, str(record), capability=Capability.DOCUMENT)
    return settle(
        request,
        person,
        detail="web:person-detail",
        template="web/people/detail.html",
        context=lambda: {"page": pages.person_page(request.user, person)},
    )


@login_required
@capability_required(Capability.DOCUMENT)
@require_http_methods(["GET", "POST"])
def person_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            person = services.record_person(actor=request.user, **form.arguments())
            return redirect("web:person-detail", record=person.record)
    return render(request, "web/people/new.html", {"form": form})
