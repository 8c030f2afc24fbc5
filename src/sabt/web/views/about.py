"""What sabt is and where its data comes from; loading the demo case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sabt.demo.loader import load_demo
from sabt.web.http import AuthenticatedHttpRequest


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """Open to everyone: it names no record, only sabt and its data sources."""
    return render(request, "web/about.html")


@login_required
@require_POST
def demo_load(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Load the Panjshir demo case; a second press adds nothing."""
    if not request.user.is_superuser:
        raise PermissionDenied
    summary = load_demo(actor=request.user)
    message = ngettext(
        "Demo case loaded: %(count)d event added to the ledger.",
        "Demo case loaded: %(count)d events added to the ledger.",
        summary.events_added,
    )
    messages.success(request, message % {"count": summary.events_added})
    return redirect("web:incident-list")
