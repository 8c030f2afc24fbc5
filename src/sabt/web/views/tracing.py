"""Tracing pages: requests, list imports, the review queue and each match.

Every page needs ``Capability.TRACE`` in some case (403 otherwise), and a
record only through ``access.tracing_queries`` (404 outside the user's cases).
Every change is a POST that calls one tracing service.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.access.sealed import reveal_enquirer
from sabt.access.tracing_queries import (
    can_see_enquirer,
    get_candidate_for,
    get_list_for,
    get_request_for,
    review_queue,
    visible_entries,
    visible_lists,
    visible_requests,
)
from sabt.evidence.blobs import BlobError
from sabt.ledger.sealing import SealingError
from sabt.ledger_store.org_key import OrgKeyLocked
from sabt.tracing import services
from sabt.tracing.files import FileError, guess_mapping, read_table
from sabt.tracing.models import Candidate, TracingRequest
from sabt.tracing.services.lists import store_upload, uploaded_file
from sabt.tracing.services.review import notify_basis
from sabt.web.forms.fields import service_errors_on, show_service_errors
from sabt.web.forms.tracing import (
    CloseForm,
    ConsentForm,
    ListUploadForm,
    MappingForm,
    NoteForm,
    NotifyForm,
    RequestForm,
)
from sabt.web.http import AuthenticatedHttpRequest, upload_path
from sabt.web.pages import tracing as pages
from sabt.web.pagination import page_of

# Uploaded lists awaiting their mapping: {sha256: metadata}, per session,
# so a user can only map the files they uploaded.
UPLOADS_KEY = "sabt_tracing_uploads"
DECISIONS = {
    "confirm": services.confirm_match,
    "reject": services.reject_match,
    "unsure": services.mark_unsure,
    "undo": services.undo_decision,
}

traces = capability_required(Capability.TRACE)


@login_required
@traces
@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Candidates awaiting review, most probable first."""
    rows = review_queue(request.user)
    page = page_of(request, rows)
    return render(request, "web/tracing/queue.html", {"page": page})


@login_required
@traces
@require_GET
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = visible_requests(request.user)
    page = page_of(request, rows)
    return render(request, "web/tracing/request_list.html", {"page": page})


@login_required
@traces
@require_http_methods(["GET", "POST"])
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            opened = services.open_request(actor=request.user, **form.arguments())
            return redirect("web:tracing-request-detail", record=opened.record)
    return render(request, "web/tracing/request_new.html", {"form": form})


@login_required
@traces
@require_GET
def request_detail(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    return _request_page(request, get_request_for(request.user, str(record)))


@never_cache  # the page shows the enquirer: no cache may keep it
@login_required
@traces
@require_POST
def request_enquirer(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    """Show the sealed enquirer, once the read is in the audit."""
    sought = get_request_for(request.user, str(record))
    try:
        enquirer = reveal_enquirer(request.user, sought, request)
    except (OrgKeyLocked, SealingError):
        messages.error(request, _("Sealed fields cannot be opened on this node now."))
        enquirer = {}
    return _request_page(request, sought, enquirer=enquirer)


@login_required
@traces
@require_POST
def request_close(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    sought = get_request_for(request.user, str(record))
    form = CloseForm(request.POST)
    if form.is_valid():
        with service_errors_on(form):
            services.close_request(
                actor=request.user, request=sought, **form.cleaned_data
            )
            return redirect("web:tracing-request-detail", record=sought.record)
    return _request_page(request, sought, close_form=form, status=400)


@login_required
@traces
@require_GET
def list_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = visible_lists(request.user)
    page = page_of(request, rows)
    return render(request, "web/tracing/list_list.html", {"page": page})


@login_required
@traces
@require_http_methods(["GET", "POST"])
def list_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 of an import: the file and what it is."""
    form = ListUploadForm(
        request.POST or None, request.FILES or None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with service_errors_on(form):
            sha256 = store_upload(upload_path(upload), upload.name)
            uploads = dict(request.session.get(UPLOADS_KEY, {}))
            uploads[sha256] = form.metadata()
            request.session[UPLOADS_KEY] = uploads
            return redirect("web:tracing-list-mapping", sha256=sha256)
    return render(request, "web/tracing/list_upload.html", {"form": form})


@login_required
@traces
@require_http_methods(["GET", "POST"])
def list_mapping(request: AuthenticatedHttpRequest, sha256: str) -> HttpResponse:
    """Step 2: map the headers, preview the rows as read, import."""
    meta, path = _upload(request, sha256)
    try:
        table = read_table(path, meta["file_name"])
    except FileError as exc:
        raise Http404 from exc  # was readable at upload: the store changed
    columns = guess_mapping(table.headers)
    form = MappingForm(
        request.POST or None, headers=table.headers, initial_columns=columns
    )
    if request.method == "POST" and form.is_valid():
        columns = form.columns()
        if "import" in request.POST:
            imported = _import(request, form, path, meta, columns)
            if imported is not None:
                return imported
    preview = pages.mapping_preview(table, columns)
    context = {"form": form, "meta": meta, "preview": preview, "sha256": sha256}
    status = 400 if form.errors or form.non_field_errors() else 200
    return render(request, "web/tracing/list_mapping.html", context, status=status)


@login_required
@traces
@require_GET
def list_detail(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    person_list = get_list_for(request.user, str(record))
    entries = visible_entries(request.user, person_list)
    page = page_of(request, entries)
    context = {
        "person_list": person_list,
        "page": page,
        "duplicates": pages.duplicate_pairs(person_list, entries),
    }
    return render(request, "web/tracing/list_detail.html", context)


@login_required
@traces
@require_POST
def list_match(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    """Run the linkage between the list and the case's requests."""
    person_list = get_list_for(request.user, str(record))
    found, explanation = services.find_candidates_explained(
        actor=request.user, person_list=person_list
    )
    messages.success(
        request,
        _("%(count)d new candidates from %(list)s.")
        % {"count": len(found), "list": person_list.name},
    )
    if explanation:
        # The linkage's own words: which rules chose the pairs, what it compared.
        messages.info(
            request,
            _("How the list was compared: %(rules)s")
            % {"rules": " · ".join(explanation)},
        )
    return redirect("web:tracing-queue")


@login_required
@traces
@require_GET
def match_detail(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    return _match_page(request, get_candidate_for(request.user, str(record)))


@login_required
@traces
@require_POST
def match_decide(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    candidate = get_candidate_for(request.user, str(record))
    decide = DECISIONS.get(request.POST.get("decision", ""))
    form = NoteForm(request.POST)
    if decide is None:
        form.add_error(None, _("Choose confirm, reject, unsure or undo."))
    elif form.is_valid():
        with service_errors_on(form):
            decide(actor=request.user, candidate=candidate, **form.cleaned_data)
            return redirect("web:tracing-match-detail", record=candidate.record)
    return _match_page(request, candidate, note_form=form, status=400)


@login_required
@traces
@require_POST
def match_consent(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    return _on_match(request, record, ConsentForm, services.record_consent, "consent")


@login_required
@traces
@require_POST
def match_notify(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    return _on_match(request, record, NotifyForm, services.notify_family, "notify")


def _on_match(
    request: AuthenticatedHttpRequest,
    record: uuid.UUID,
    form_class: type[forms.Form],
    service: Callable[..., object],
    name: str,
) -> HttpResponse:
    """Run one service on a candidate with a form's values; show errors again."""
    candidate = get_candidate_for(request.user, str(record))
    form = form_class(request.POST)
    if form.is_valid():
        with service_errors_on(form):
            service(actor=request.user, candidate=candidate, **form.cleaned_data)
            return redirect("web:tracing-match-detail", record=candidate.record)
    return _match_page(request, candidate, status=400, **{f"{name}_form": form})


def _request_page(
    request: AuthenticatedHttpRequest,
    sought: TracingRequest,
    *,
    enquirer: dict[str, str] | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "sought": sought,
        "timeline": pages.timeline(sought),
        "candidates": sought.candidates.select_related("entry__person_list"),
        "may_see_enquirer": can_see_enquirer(request.user, sought),
        "enquirer": enquirer,
        "close_form": close_form or CloseForm(),
    }
    return render(request, "web/tracing/request_detail.html", context, status=status)


def _match_page(
    request: AuthenticatedHttpRequest,
    candidate: Candidate,
    *,
    status: int = 200,
    **failed: Any,
) -> HttpResponse:
    context = {
        "comparison": pages.comparison(candidate),
        "candidate": candidate,
        "reviews": candidate.reviews.all(),
        "notify_basis": notify_basis(candidate),
        "note_form": NoteForm(),
        "consent_form": ConsentForm(),
        "notify_form": NotifyForm(),
        **failed,
    }
    return render(request, "web/tracing/match_detail.html", context, status=status)


def _upload(
    request: AuthenticatedHttpRequest, sha256: str
) -> tuple[dict[str, str], Path]:
    """This session's upload and its stored file, or 404."""
    meta = request.session.get(UPLOADS_KEY, {}).get(sha256)
    if meta is None:
        raise Http404
    try:
        return meta, uploaded_file(sha256)
    except BlobError as exc:
        raise Http404 from exc


def _import(
    request: AuthenticatedHttpRequest,
    form: MappingForm,
    path: Path,
    meta: dict[str, str],
    columns: list[str],
) -> HttpResponse | None:
    """Import the list; a redirect to it, or None with the form's errors."""
    try:
        person_list = services.import_list(
            actor=request.user,
            path=path,
            file_name=meta["file_name"],
            name=meta["name"],
            kind=meta["kind"],
            as_of=meta["as_of"] or None,
            description=meta["description"],
            case=meta["case"],
            columns=columns,
        )
    except ValidationError as exc:
        show_service_errors(form, exc)
        return None
    uploads = dict(request.session.get(UPLOADS_KEY, {}))
    uploads.pop(person_list.sha256, None)
    request.session[UPLOADS_KEY] = uploads
    messages.success(
        request,
        _("Imported %(count)d people.") % {"count": person_list.row_count},
    )
    if left_out := len(person_list.rejected_rows):
        messages.warning(
            request,
            ngettext(
                "%(count)d row was left out: see below.",
                "%(count)d rows were left out: see below.",
                left_out,
            )
            % {"count": left_out},
        )
    return redirect("web:tracing-list-detail", record=person_list.record)
