"""Source pages: the list, one source, registering one, and statements."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sabt.access.decorators import capability_required
from sabt.access.policy import Capability, can
from sabt.access.queries import get_source_for, require, visible_sources
from sabt.access.sealed import reveal_identity
from sabt.records import services
from sabt.records.models import Source, Statement
from sabt.web.forms.fields import service_errors_on
from sabt.web.forms.sources import ConsentForm, SourceForm, StatementForm
from sabt.web.http import AuthenticatedHttpRequest
from sabt.web.pages import records as pages
from sabt.web.pagination import page_of
from sabt.web.views.conflicts import conflict_context


@login_required
@capability_required(Capability.VIEW)
@require_GET
def source_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    sources = visible_sources(request.user)
    page = page_of(request, sources)
    return render(request, "web/sources/list.html", {"page": page})


@login_required
@require_GET
def source_detail(request: AuthenticatedHttpRequest, record: uuid.UUID) -> HttpResponse:
    source = get_source_for(request.user, str(record))
    context = _detail_context(request, source)
    return render(request, "web/sources/detail.html", context)


@login_required
@require_POST
def source_consent(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    """Record the source's consent; withdrawing it is recording less."""
    source = get_source_for(request.user, str(record), capability=Capability.DOCUMENT)
    form = ConsentForm(request.POST)
    if form.is_valid():
        with service_errors_on(form):
            services.record_consent(
                actor=request.user, source=source, **form.cleaned_data
            )
            return redirect("web:source-detail", record=source.record)
    context = _detail_context(request, source, consent_form=form)
    return render(request, "web/sources/detail.html", context, status=400)


@never_cache  # the page shows a real name: no cache may keep it
@login_required
@require_POST
def source_identity(
    request: AuthenticatedHttpRequest, record: uuid.UUID
) -> HttpResponse:
    """Show the source's real identity: checked, audited, never by default."""
    source = get_source_for(request.user, str(record))
    identity = reveal_identity(request.user, source, request)
    context = _detail_context(request, source, identity=identity)
    return render(request, "web/sources/detail.html", context)


@login_required
@capability_required(Capability.DOCUMENT)
@require_http_methods(["GET", "POST"])
def source_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            source = services.register_source(actor=request.user, **form.arguments())
            return redirect("web:source-detail", record=source.record)
    return render(request, "web/sources/new.html", {"form": form})


@login_required
@capability_required(Capability.DOCUMENT)
@require_http_methods(["GET", "POST"])
def statement_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a statement; ``?incident=<record>`` links that incident at once."""
    initial = {"incidents": request.GET.getlist("incident")}
    form = StatementForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            statement = _record(request, form)
            first = statement.incidents.first()
            if first is not None:
                return redirect("web:incident-detail", record=first.record)
            return redirect("web:source-detail", record=statement.source_id)
    return render(request, "web/sources/statement.html", {"form": form})


def _record(request: AuthenticatedHttpRequest, form: StatementForm) -> Statement:
    """Record the statement by the chosen source, or by the new one."""
    if form.is_new_source:
        return services.record_statement_by_new_source(
            actor=request.user, new_source=form.new_source(), **form.arguments()
        )
    source = form.cleaned_data["source"]
    require(request.user, Capability.DOCUMENT, source)
    return services.record_statement(
        actor=request.user, source=source.record, **form.arguments()
    )


def _detail_context(
    request: AuthenticatedHttpRequest, source: Source, **extra: Any
) -> dict[str, Any]:
    initial = {"name": source.consent_name, "account": source.consent_account}
    return {
        "page": pages.source_page(request.user, source),
        "identity": None,
        "can_reveal": can(request.user, Capability.SEE_SEALED, source.case),
        "can_document": can(request.user, Capability.DOCUMENT, source.case),
        "consent_form": ConsentForm(initial=initial),
        **conflict_context(source),
        **extra,
    }
