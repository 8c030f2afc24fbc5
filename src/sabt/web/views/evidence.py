"""Evidence pages: one item with its files, chain of custody and assessments.

Every change is a POST to its own URL that calls one service and returns to
the item's page; a refused form is shown again on that page with its errors.
Opening a file is a POST too: each access is recorded, with its purpose.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.access.queries import get_evidence_for
from sabt.evidence.blobs import BlobStore
from sabt.evidence.models import EvidenceFile, EvidenceItem
from sabt.evidence.services import add_file, register_evidence_item
from sabt.evidence.services.assessments import assess
from sabt.evidence.services.custody import (
    add_derivative,
    record_access,
    record_transfer,
)
from sabt.web.forms.evidence import (
    AccessForm,
    AssessmentForm,
    DerivativeForm,
    EvidenceFileForm,
    EvidenceItemForm,
    TransferForm,
)
from sabt.web.forms.fields import service_errors_on
from sabt.web.http import AuthenticatedHttpRequest, upload_path
from sabt.web.pages import records as pages


@login_required
@capability_required(Capability.DOCUMENT)
@require_http_methods(["GET", "POST"])
def evidence_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Register an item; ``?incident=<record>`` links that incident at once."""
    initial = {"incidents": request.GET.getlist("incident")}
    form = EvidenceItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            item = register_evidence_item(actor=request.user, **form.arguments())
            return redirect("web:evidence-detail", record=item.record)
    return render(request, "web/evidence/new.html", {"form": form})


@login_required
@require_GET
def evidence_detail(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    item = get_evidence_for(request.user, str(record))
    return _page(request, item)


@login_required
@require_POST
def evidence_file_add(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    item = get_evidence_for(request.user, str(record), capability=Capability.DOCUMENT)
    form = EvidenceFileForm(request.POST, request.FILES)
    if form.is_valid():
        warc = form.cleaned_data["warc"]
        with service_errors_on(form):
            add_file(
                actor=request.user,
                item=item,
                path=upload_path(form.cleaned_data["file"]),
                warc=upload_path(warc) if warc else None,
                **form.arguments(),
            )
            return redirect("web:evidence-detail", record=item.record)
    return _page(request, item, file_form=form, status=400)


@login_required
@require_POST
def evidence_assess(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    item = get_evidence_for(request.user, str(record), capability=Capability.VERIFY)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        with service_errors_on(form):
            assess(actor=request.user, item=item, **form.cleaned_data)
            return redirect("web:evidence-detail", record=item.record)
    return _page(request, item, assessment_form=form, status=400)


@login_required
@require_POST
def evidence_file_transfer(
    request: AuthenticatedHttpRequest, record: uuid.UUID, sha256: str
) -> HttpResponse:
    file = _file(request, record, sha256, Capability.EXPORT)
    form = TransferForm(request.POST)
    if form.is_valid():
        with service_errors_on(form):
            record_transfer(actor=request.user, file=file, **form.cleaned_data)
            return redirect("web:evidence-detail", record=file.item_id)
    return _page(request, file.item, transfer_form=form, form_sha=sha256, status=400)


@login_required
@require_POST
def evidence_file_derive(
    request: AuthenticatedHttpRequest, record: uuid.UUID, sha256: str
) -> HttpResponse:
    original = _file(request, record, sha256, Capability.DOCUMENT)
    form = DerivativeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form):
            add_derivative(
                actor=request.user,
                original=original,
                path=upload_path(data["file"]),
                file_name=data["file"].name,
                derivation=data["derivation"],
                description=data["description"],
            )
            return redirect("web:evidence-detail", record=original.item_id)
    return _page(
        request, original.item, derivative_form=form, form_sha=sha256, status=400
    )


@login_required
@require_POST
def evidence_file_open(
    request: AuthenticatedHttpRequest, record: uuid.UUID, sha256: str
) -> HttpResponseBase:
    """Send the file, after recording who opened it and why."""
    file = _file(request, record, sha256, Capability.VIEW)
    form = AccessForm(request.POST)
    if not form.is_valid():
        return _page(request, file.item, access_form=form, form_sha=sha256, status=400)
    record_access(actor=request.user, file=file, purpose=form.cleaned_data["purpose"])
    stored = BlobStore(settings.SABT_BLOB_DIR).path_of(file.sha256)
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=file.file_name or file.sha256,
        content_type=file.media_type,
    )


def _file(
    request: AuthenticatedHttpRequest,
    record: uuid.UUID,
    sha256: str,
    capability: Capability,
) -> EvidenceFile:
    """The item's file, if the user may use ``capability`` on the item."""
    item = get_evidence_for(request.user, str(record), capability=capability)
    file = item.files.filter(sha256=sha256).first()
    if file is None:
        raise Http404
    return file


def _page(
    request: AuthenticatedHttpRequest,
    item: EvidenceItem,
    *,
    status: int = 200,
    form_sha: str = "",
    **failed: Any,
) -> HttpResponse:
    """Render the item's page; ``failed`` holds a refused form to show again.

    A refused form about one file (``form_sha``) is shown beside that file
    only; every other file gets blank forms.
    """
    page = pages.evidence_page(request.user, item)
    files = []
    for view in page.files:
        forms = {
            "access_form": AccessForm(),
            "transfer_form": TransferForm(),
            "derivative_form": DerivativeForm(),
        }
        if view.file.sha256 == form_sha:
            forms.update(failed)
        files.append({"view": view, "open": view.file.sha256 == form_sha, **forms})
    context = {
        "page": page,
        "files": files,
        "file_form": failed.get("file_form", EvidenceFileForm()),
        "assessment_form": failed.get("assessment_form", AssessmentForm()),
    }
    return render(request, "web/evidence/detail.html", context, status=status)
