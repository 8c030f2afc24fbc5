"""Note pages: list and create, read, edit."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sabt.access.policy import Capability
from sabt.access.queries import (
    get_note_for,
    require,
    require_anywhere,
    visible_notes,
)
from sabt.notes import services
from sabt.web.forms import NoteForm


@login_required
@require_http_methods(["GET", "POST"])
def note_list(request: HttpRequest) -> HttpResponse:
    _require_for_method(request)
    form = NoteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.create_note(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]  # login_required
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("web:note-detail", record=note.record)
    notes = visible_notes(request.user)[:50]
    return render(request, "web/notes/list.html", {"form": form, "notes": notes})


@login_required
@require_http_methods(["GET", "POST"])
def note_detail(request: HttpRequest, record: uuid.UUID) -> HttpResponse:
    note = get_note_for(request.user, str(record))
    if request.method == "POST":
        require(request.user, Capability.DOCUMENT, note)
    initial = {"title": note.title, "text": note.text}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_note(actor=request.user, note=note, **form.cleaned_data)  # type: ignore[arg-type]  # login_required
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("web:note-detail", record=note.record)
    heads = note.revisions.filter(event_id__in=note.heads)
    context = {"note": note, "form": form, "heads": heads}
    return render(request, "web/notes/detail.html", context)


def _require_for_method(request: HttpRequest) -> None:
    # Reading notes needs a case to belong to; writing one, documenting in it.
    wanted = Capability.DOCUMENT if request.method == "POST" else Capability.VIEW
    require_anywhere(request.user, wanted)
