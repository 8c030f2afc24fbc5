"""Exports from the web: for a court, a report, and the incident list.

Each works on one incident (``?incident=ID``) or on what the list's filter
shows (the list's own query string), narrowed to the cases where the user
holds the capability the policy asks for: EXPORT for a bundle, ANALYSE for
a report and for the list, and EXPORT again for a report that may name
sources (any audience but the public). The bundle and the report are
written by the same functions as ``sabt export`` and ``sabt report``, so
they are checked, recorded and audited the same way; the finished file
waits under ``SABT_HOME/exports`` for its maker alone.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sabt.access.audit import record_read
from sabt.access.decorators import capability_required
from sabt.access.policy import Capability, can
from sabt.access.queries import get_incident_for, in_cases
from sabt.bundles.writer import BundleError
from sabt.records.consent import AUDIENCES
from sabt.records.filters import COUNT_CAP, filter_incidents
from sabt.records.models import Incident
from sabt.reports.court_export import export_as_zip
from sabt.reports.incident_table import csv_bytes, table, xlsx_bytes
from sabt.reports.selection import ReportError
from sabt.reports.writing import write_report
from sabt.web.forms.exports import CourtExportForm, ReportForm
from sabt.web.forms.incidents import IncidentFilterForm
from sabt.web.http import AuthenticatedHttpRequest
from sabt.web.pages import records as pages

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
META = "export.json"


@dataclass(frozen=True)
class Selection:
    """The incidents an export covers, or why there are none to cover."""

    incidents: list[Incident]
    refusal: str = ""

    @property
    def ids(self) -> list[str]:
        return [incident.record for incident in self.incidents]

    @property
    def cases(self) -> set[str]:
        return {incident.case for incident in self.incidents}


def selected(request: AuthenticatedHttpRequest, capability: Capability) -> Selection:
    """The incidents named by ``incident=`` or matched by the list's filter.

    A named incident the user may not use so raises 404 or 403; a filter
    keeps only the incidents of cases where they hold ``capability``.
    """
    named = request.GET.getlist("incident")
    if named:
        rows = [
            get_incident_for(request.user, record, capability=capability)
            for record in dict.fromkeys(named)
        ]
        return Selection(sorted(rows, key=lambda row: (row.date_from, row.record)))
    form = IncidentFilterForm(request.GET or None, user=request.user)
    matched = filter_incidents(pages.incident_list(request.user), form.wanted())
    allowed = in_cases(request.user, matched, capability).order_by(
        "date_from", "record"
    )
    incidents = list(allowed[: COUNT_CAP + 1])
    if len(incidents) > COUNT_CAP:
        return Selection(
            [],
            _("More than %(cap)s incidents: narrow the filter.") % {"cap": COUNT_CAP},
        )
    if not incidents:
        return Selection(
            [], _("No incident matches the filter among those you may export.")
        )
    return Selection(incidents)


def report_audiences(request: AuthenticatedHttpRequest, cases: set[str]) -> list[str]:
    """A report for the organisation or a court names the sources who agreed
    to it, so it is an export; a public report names none.
    """
    if cases and all(can(request.user, Capability.EXPORT, case) for case in cases):
        return list(AUDIENCES)
    return ["public"]


@login_required
@capability_required(Capability.EXPORT)
@require_http_methods(["GET", "POST"])
def court_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Audience and reason; then the bundle is written and zipped."""
    chosen = selected(request, Capability.EXPORT)
    form = CourtExportForm(request.POST or None, audiences=list(AUDIENCES))
    if request.method == "POST" and not chosen.refusal and form.is_valid():
        token = uuid.uuid4()
        work = _new_work_folder(token)
        try:
            made = export_as_zip(
                chosen.ids,
                work=work,
                exported_by=request.user.get_username(),
                reason=form.cleaned_data["reason"],
                audience=form.cleaned_data["audience"],
                blob_root=settings.SABT_BLOB_DIR,
            )
        except BundleError as exc:
            shutil.rmtree(work, ignore_errors=True)
            form.add_error(None, str(exc))
        else:
            bundle = made.bundle
            _keep(
                work,
                request,
                path=made.zip_path,
                kind="court",
                sha256=made.zip_sha256,
                filename=f"sabt-court-export-{_stamp()}.zip",
                content_type="application/zip",
                incidents=len(chosen.ids),
                audience=form.cleaned_data["audience"],
                events=bundle.events,
                files=bundle.blobs,
                checkpoint=bundle.checkpoint_size,
                verifier=bundle.verifier_sha256,
                key=made.key_line,
            )
            return redirect("web:export-ready", token=token)
    context = {"chosen": chosen, "form": form, "kind": "court"}
    return render(request, "web/exports/start.html", context)


@login_required
@capability_required(Capability.ANALYSE)
@require_http_methods(["GET", "POST"])
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Audience and language; then the PDF is written as ``sabt report`` does."""
    chosen = selected(request, Capability.ANALYSE)
    form = ReportForm(
        request.POST or None,
        audiences=report_audiences(request, chosen.cases),
        language=get_language() or "en",
    )
    if request.method == "POST" and not chosen.refusal and form.is_valid():
        token = uuid.uuid4()
        work = _new_work_folder(token)
        language = form.cleaned_data["language"]
        try:
            written = write_report(
                chosen.ids,
                audience=form.cleaned_data["audience"],
                language=language,
                to=work / "report.pdf",
                written_by=request.user.get_username(),
            )
        except ReportError as exc:
            shutil.rmtree(work, ignore_errors=True)
            form.add_error(None, str(exc))
        else:
            _keep(
                work,
                request,
                path=written.path,
                kind="report",
                sha256=written.file_sha256,
                filename=f"sabt-report-{language}-{_stamp()}.pdf",
                content_type="application/pdf",
                incidents=written.incidents,
                audience=form.cleaned_data["audience"],
                report_hash=written.report_hash,
            )
            return redirect("web:export-ready", token=token)
    context = {"chosen": chosen, "form": form, "kind": "report"}
    return render(request, "web/exports/start.html", context)


@login_required
@require_GET
def ready(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    """What was written, how to check it, and the button to download it."""
    meta = _meta(request, token)
    return render(request, "web/exports/ready.html", {"meta": meta, "token": token})


@login_required
@require_GET
def download(request: AuthenticatedHttpRequest, token: uuid.UUID) -> FileResponse:
    meta = _meta(request, token)
    record_read(
        username=request.user.get_username(),
        action="exported",
        detail=f"downloaded {meta['filename']}, sha256 {meta['sha256']}",
        request=request,
    )
    path = _work_folder(token) / meta["stored"]
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=meta["filename"],
        content_type=meta["content_type"],
    )


@login_required
@capability_required(Capability.ANALYSE)
@require_GET
def incident_table(request: AuthenticatedHttpRequest, extension: str) -> HttpResponse:
    """The rows the list's filter shows, as CSV or XLSX."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    chosen = selected(request, Capability.ANALYSE)
    if chosen.refusal:
        return render(
            request, "web/exports/start.html", {"chosen": chosen, "kind": "list"}
        )
    rows = table(chosen.incidents)
    if extension == "csv":
        data, content_type = csv_bytes(rows), "text/csv; charset=utf-8"
    else:
        data, content_type = xlsx_bytes(rows, right_to_left=get_language_bidi()), XLSX
    filename = f"sabt-incidents-{_stamp()}.{extension}"
    record_read(
        username=request.user.get_username(),
        action="exported",
        detail=f"incident list {extension} of {len(chosen.ids)} incidents, "
        f"sha256 {hashlib.sha256(data).hexdigest()}",
        request=request,
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _work_folder(token: uuid.UUID) -> Path:
    return Path(settings.SABT_HOME) / "exports" / token.hex


def _new_work_folder(token: uuid.UUID) -> Path:
    """A folder only the server's user can read: it holds evidence."""
    work = _work_folder(token)
    work.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    work.mkdir(mode=0o700)
    return work


def _keep(
    work: Path, request: AuthenticatedHttpRequest, *, path: Path, **meta: Any
) -> None:
    """Note who made the file, so only they can fetch it."""
    meta |= {"owner": request.user.get_username(), "stored": path.name}
    (work / META).write_text(json.dumps(meta), encoding="utf-8")


def _meta(request: AuthenticatedHttpRequest, token: uuid.UUID) -> dict[str, Any]:
    """The file's note, or 404 for a file that is not there or not theirs."""
    try:
        meta: dict[str, Any] = json.loads(
            (_work_folder(token) / META).read_text(encoding="utf-8")
        )
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    if meta.get("owner") != request.user.get_username():
        raise Http404
    return meta


def _stamp() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M")
