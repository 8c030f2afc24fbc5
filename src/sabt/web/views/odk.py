"""The ODK import page: upload an export, preview it, import it.

Needs ``Capability.DOCUMENT`` in some case (403 otherwise); the records go
into a case where the user documents, through ``odk.importer``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.odk.errors import OdkError
from sabt.odk.importer import (
    ALREADY,
    IMPORTED,
    REFUSED,
    WOULD_IMPORT,
    Outcome,
    import_path,
    summary,
)
from sabt.web.forms.odk import OdkImportForm
from sabt.web.http import AuthenticatedHttpRequest, upload_path

STATUS_LABELS = {
    IMPORTED: _("imported"),
    WOULD_IMPORT: _("would import"),
    ALREADY: _("already imported"),
    REFUSED: _("refused"),
}


def _others(outcome: Outcome) -> str:
    """The records the columns do not show, counted in the reader's language."""
    counts = outcome.preview.counts
    words = {
        "act": lambda n: ngettext("%(n)d act", "%(n)d acts", n),
        "person": lambda n: ngettext("%(n)d person", "%(n)d persons", n),
        "source": lambda n: ngettext("%(n)d source", "%(n)d sources", n),
        "tracing request": lambda n: ngettext(
            "%(n)d tracing request", "%(n)d tracing requests", n
        ),
    }
    parts = [
        words[kind](counts[kind]) % {"n": counts[kind]}
        for kind in words
        if kind in counts
    ]
    parts += [
        _("an entry in the list “%(name)s”") % {"name": name}
        for name in outcome.preview.lists
    ]
    return ", ".join(str(part) for part in parts)


@login_required
@capability_required(Capability.DOCUMENT)
@require_http_methods(["GET", "POST"])
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OdkImportForm(request.POST or None, request.FILES or None, user=request.user)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcomes = import_path(
                upload_path(upload),
                form=form.cleaned_data["form"],
                actor=request.user,
                case=form.cleaned_data["case"],
                dry_run=form.cleaned_data["preview"],
                export_name=upload.name,
            )
        except OdkError as exc:
            form.add_error("file", str(exc))
        else:
            counts = summary(outcomes)
            context |= {
                "outcomes": [
                    (o, STATUS_LABELS[o.status], _others(o)) for o in outcomes
                ],
                "total": len(outcomes),
                "counts": [(STATUS_LABELS[s], n) for s, n in counts.items() if n],
                "preview": form.cleaned_data["preview"],
                "export_name": upload.name,
            }
    return render(request, "odk/import.html", context)
