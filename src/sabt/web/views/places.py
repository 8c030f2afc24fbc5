"""Place pages: one place with its incidents, and adding a place."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.access.queries import get_place_for
from sabt.gazetteer.services import add_place
from sabt.web.forms.fields import service_errors_on
from sabt.web.forms.places import PlaceForm
from sabt.web.http import AuthenticatedHttpRequest
from sabt.web.pages import records as pages


@login_required
@require_GET
def place_detail(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    place = get_place_for(request.user, key)
    context = {"page": pages.place_page(request.user, place)}
    return render(request, "web/places/detail.html", context)


@login_required
@capability_required(Capability.DOCUMENT)
@require_http_methods(["GET", "POST"])
def place_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            place = add_place(actor=request.user, **form.arguments())
            return redirect("web:place-detail", key=place.key)
    return render(request, "web/places/new.html", {"form": form})
