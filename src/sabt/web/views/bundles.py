"""The administrator's page that imports field kits' bundles, file by file.

The same import as ``sabt import`` and ``POST /api/bundles``
(``field.receiving.receive``), and the same right: a node administrator.
Each chosen file is imported on its own, manifests first, so parts may come
in any order and some later: a bundle not yet whole is held. With
JavaScript (``web/bundle_upload.js``) each file goes in a request of its
own, with a progress bar, and the answer is its row of the table; without,
the form sends every file at once and the page shows the same table.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods

from sabt.access.policy import is_admin
from sabt.field.errors import FieldError
from sabt.field.receiving import MANIFEST_SUFFIX, Received, receive
from sabt.web.dates import digits
from sabt.web.forms.bundles import BundleUploadForm
from sabt.web.http import AuthenticatedHttpRequest

# Asked by web/bundle_upload.js: answer only the file's row, not the page.
ROWS_HEADER = "Sabt-Rows"

APPLIED, HELD, NOTHING_NEW, REFUSED = "applied", "held", "nothing-new", "refused"


@dataclass(frozen=True)
class AckLink:
    name: str
    href: str


@dataclass
class Row:
    """One uploaded file and what its import did."""

    name: str
    outcome: str
    lines: list[str] = field(default_factory=list)
    reason: str = ""  # the import's own words, for a refusal
    acks: list[AckLink] = field(default_factory=list)


@login_required
@require_http_methods(["GET", "POST"])
def bundle_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose a kit's manifests and parts; each is imported, and its outcome shown."""
    if not is_admin(request.user):
        raise PermissionDenied
    if request.method == "GET":
        return _page(request, BundleUploadForm(), [])
    form = BundleUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, [], status=400)
    files: list[UploadedFile[bytes]] = form.cleaned_data["parts"]
    chosen = sorted(files, key=lambda f: not str(f.name).endswith(MANIFEST_SUFFIX))
    rows = [_import(upload, by=request.user.get_username()) for upload in chosen]
    if request.headers.get(ROWS_HEADER):
        return render(request, "web/manage/_bundle_rows.html", {"rows": rows})
    return _page(request, BundleUploadForm(), rows)


def _page(
    request: AuthenticatedHttpRequest,
    form: BundleUploadForm,
    rows: list[Row],
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "rows": rows,
        "acks": [ack for row in rows for ack in row.acks],
    }
    return render(request, "web/manage/bundles.html", context, status=status)


def _import(upload: UploadedFile[bytes], *, by: str) -> Row:
    name = str(upload.name)
    try:
        received = receive([upload], by=by)
    except FieldError as exc:
        return Row(name, REFUSED, [_("Refused, nothing written:")], reason=str(exc))
    row = Row(name, _outcome(received), _lines(received))
    row.acks = [
        AckLink(
            ack.name,
            "data:application/json;base64," + base64.b64encode(ack.content).decode(),
        )
        for ack in received.acknowledgements
    ]
    return row


def _outcome(received: Received) -> str:
    if any(i.new_events for i in received.imported):
        return APPLIED
    if any(h.bundle in received.named for h in received.held):
        return HELD
    return NOTHING_NEW


def _lines(received: Received) -> list[str]:
    """What happened to each bundle, in the reader's words."""
    lines = []
    for imported in received.imported:
        if not imported.new_events:
            lines.append(_("Nothing new: this bundle was imported before."))
            continue
        events = ngettext("%(n)s event", "%(n)s events", imported.new_events)
        files = ngettext("%(n)s file", "%(n)s files", imported.new_files)
        lines.append(
            _("Applied: %(events)s and %(files)s new, from kit %(kit)s.")
            % {
                "events": events % {"n": digits(imported.new_events)},
                "files": files % {"n": digits(imported.new_files)},
                "kit": imported.kit_name,
            }
        )
        if conflicts := len(imported.conflicts):
            lines.append(
                ngettext(
                    "%(n)s record was edited in two places at once: both "
                    "versions are kept until a person settles them.",
                    "%(n)s records were edited in two places at once: both "
                    "versions are kept until a person settles them.",
                    conflicts,
                )
                % {"n": digits(conflicts)}
            )
    for held in received.held:
        if held.bundle not in received.named:
            continue  # held from before, and not what this upload was about
        if held.missing_parents:
            lines.append(
                ngettext(
                    "Held until the %(n)s earlier event it builds on arrives: "
                    "import the kit's earlier bundle.",
                    "Held until the %(n)s earlier events it builds on arrive: "
                    "import the kit's earlier bundle.",
                    held.missing_parents,
                )
                % {"n": digits(held.missing_parents)}
            )
            continue
        missing = [i for i in range(1, held.total + 1) if i not in held.present]
        lines.append(
            _("Held: stored here, waiting for parts %(missing)s of %(total)s.")
            % {
                "missing": pgettext("list separator", ", ").join(map(digits, missing)),
                "total": digits(held.total),
            }
        )
    return lines
