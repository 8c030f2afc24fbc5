"""The kit's pages: a form for each kind of record, and the counts page.

Every save goes through ``sabt.field.capture``, sealed before it is kept,
and answers with a redirect to the counts page: nothing typed is ever sent
back. No page is kept in the browser's cache (``never_cache``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sabt.field import capture
from sabt.field.status import CREATED, kit_status
from sabt.web.field.forms import (
    KitActForm,
    KitEvidenceForm,
    KitIncidentForm,
    KitListEntryForm,
    KitPersonForm,
    KitSourceForm,
    KitStatementForm,
    KitTracingForm,
)
from sabt.web.field.memory import held_in_memory
from sabt.web.forms.fields import service_errors_on

# How the counts page names what the kit recorded, by the event that made it.
COUNTED = {
    "incident.reported": _("Incidents"),
    "source.registered": _("Sources"),
    "statement.recorded": _("Statements"),
    "evidence.registered": _("Evidence items"),
    "person.recorded": _("People"),
    "act.recorded": _("Acts"),
    "tracing.request_opened": _("Tracing requests"),
    "field.list_entry_recorded": _("List entries"),
}


@dataclass(frozen=True)
class Kind:
    """One kind of record the kit takes: its form, its title, how it is sealed."""

    form: type[forms.Form]
    title: Promise
    seal: Callable[[Any], object]


def _save_source(form: KitSourceForm) -> None:
    capture.register_consenting_source(form.source(), form.consent())


def _save_evidence(form: KitEvidenceForm) -> None:
    upload = form.cleaned_data["file"]
    with held_in_memory(upload) as path:
        capture.add_evidence_file(path=path, file_name=upload.name, **form.arguments())


KINDS = {
    "incident": Kind(
        KitIncidentForm,
        _("Report an incident"),
        lambda form: capture.record_incident(**form.arguments()),
    ),
    "source": Kind(KitSourceForm, _("Register a source"), _save_source),
    "statement": Kind(
        KitStatementForm,
        _("Record a statement"),
        lambda form: capture.record_statement(**form.arguments()),
    ),
    "person": Kind(
        KitPersonForm,
        _("Record a person"),
        lambda form: capture.record_person(**form.arguments()),
    ),
    "act": Kind(
        KitActForm,
        _("Add an act"),
        lambda form: capture.record_act(**form.arguments()),
    ),
    "evidence": Kind(KitEvidenceForm, _("Add an evidence file"), _save_evidence),
    "tracing": Kind(
        KitTracingForm,
        _("Open a tracing request"),
        lambda form: capture.open_tracing_request(**form.arguments()),
    ),
    "list-entry": Kind(
        KitListEntryForm,
        _("A list entry"),
        lambda form: capture.record_list_entry(**form.arguments()),
    ),
}


@never_cache
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Counts and times of the kit's work, and the forms to record more."""
    status = kit_status()
    counts = [(label, status.counts[CREATED[kind]]) for kind, label in COUNTED.items()]
    context = {
        "status": status,
        "counts": counts,
        "last_recorded": _moment(status.last_recorded),
        "kinds": [(slug, kind.title) for slug, kind in KINDS.items()],
        "saved": request.GET.get("saved") == "1",
    }
    return render(request, "web/field/home.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, kind: str) -> HttpResponse:
    """A form; saved, sealed, and answered with the counts page."""
    if kind not in KINDS:
        raise Http404
    chosen = KINDS[kind]
    form = chosen.form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            chosen.seal(form)
            return redirect(reverse("field-home") + "?saved=1")
    return render(
        request, "web/field/record.html", {"form": form, "title": chosen.title}
    )


def _moment(at: str | None) -> datetime.datetime | None:
    if at is None:
        return None
    moment = datetime.datetime.fromisoformat(at.replace("Z", "+00:00"))
    return moment if moment.tzinfo else timezone.make_aware(moment, datetime.UTC)
