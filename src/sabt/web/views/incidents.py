"""Incident pages: the list, one incident, and the forms that change it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.access.queries import get_incident_for, visible_incident_places
from sabt.records import services
from sabt.records.filters import count_filtered, filter_incidents
from sabt.records.models import Incident
from sabt.web import first_start
from sabt.web.forms.fields import service_errors_on
from sabt.web.forms.incidents import (
    ActForm,
    IncidentFilterForm,
    IncidentForm,
    ResolvePlaceForm,
    StatusForm,
)
from sabt.web.http import AuthenticatedHttpRequest
from sabt.web.pages import records as pages
from sabt.web.pagination import page_of
from sabt.web.search_audit import audit_submitted_search
from sabt.web.views.conflicts import conflict_context, settle

PAGE_SIZE = 25


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The incidents are what sabt is for: start there."""
    return redirect("web:incident-list")


@login_required
@capability_required(Capability.VIEW)
@require_GET
def incident_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = IncidentFilterForm(request.GET or None, user=request.user)
    wanted = form.wanted()
    audit_submitted_search(request, text=wanted.text, over="incident")
    visible = pages.incident_rows(request.user)
    places = visible_incident_places(request.user)
    incidents = filter_incidents(visible, wanted)
    page = page_of(
        request,
        incidents,
        PAGE_SIZE,
        count=lambda cap: count_filtered(visible, wanted, cap, places=places),
    )
    # htmx wants the list alone, but the whole page when it restores history.
    is_fragment = request.headers.get("HX-Request") == "true" and (
        "HX-History-Restore-Request" not in request.headers
    )
    template = "_fragment.html" if is_fragment else "list.html"
    context = {"form": form, "page": page}
    if not is_fragment and request.user.is_superuser:
        context["first_start"] = first_start.checklist(request.user)
    response = render(request, f"web/incidents/{template}", context)
    # The same URL answers htmx with a fragment: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def incident_detail(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    incident = get_incident_for(request.user, str(record))
    context = {**_detail_context(request, incident), **conflict_context(incident)}
    return render(request, "web/incidents/detail.html", context)


@login_required
@require_POST
def incident_versions(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    """Settle the incident's versions on the values the panel's form chose."""
    incident = get_incident_for(
        request.user, str(record), capability=Capability.DOCUMENT
    )
    return settle(
        request,
        incident,
        detail="web:incident-detail",
        template="web/incidents/detail.html",
        context=lambda: _detail_context(request, incident),
        verified=frozenset({"status"}),  # a verification status
    )


def _detail_context(
    request: AuthenticatedHttpRequest, incident: Incident
) -> dict[str, Any]:
    return {
        "page": pages.incident_page(request.user, incident),
        "status_form": StatusForm(incident=incident),
    }


@login_required
@capability_required(Capability.DOCUMENT)
@require_http_methods(["GET", "POST"])
def incident_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            incident = services.report_incident(actor=request.user, **form.arguments())
            return redirect("web:incident-detail", record=incident.record)
    return render(request, "web/incidents/report.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def incident_status(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    incident = get_incident_for(request.user, str(record), capability=Capability.VERIFY)
    form = StatusForm(request.POST or None, incident=incident)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.change_status(
                actor=request.user, incident=incident, **form.cleaned_data
            )
            messages.success(request, _("The verification status has changed."))
            return redirect("web:incident-detail", record=incident.record)
    context = {"incident": incident, "form": form}
    return render(request, "web/incidents/status.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def incident_place(
    request: AuthenticatedHttpRequest, record: uuid.UUID, position: int
) -> HttpResponse:
    incident = get_incident_for(
        request.user, str(record), capability=Capability.DOCUMENT
    )
    row = incident.places.filter(position=position).first()
    if row is None:
        raise Http404
    form = ResolvePlaceForm(request.POST or None, row=row, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.resolve_incident_place(
                actor=request.user,
                incident=incident,
                position=position,
                **form.cleaned_data,
            )
            return redirect("web:incident-detail", record=incident.record)
    context = {"incident": incident, "row": row, "form": form}
    return render(request, "web/incidents/resolve_place.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def act_new(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    incident = get_incident_for(
        request.user, str(record), capability=Capability.DOCUMENT
    )
    form = ActForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.record_act(
                actor=request.user, incident=incident.record, **form.arguments()
            )
            return redirect("web:incident-detail", record=incident.record)
    return render(
        request, "web/incidents/act.html", {"incident": incident, "form": form}
    )
