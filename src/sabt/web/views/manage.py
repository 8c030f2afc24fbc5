"""Admin pages: accounts and their roles in cases, cases, and the read audit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sabt.access import audit, membership
from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.core.cases import Case
from sabt.web.forms.fields import service_errors_on
from sabt.web.forms.manage import AuditFilterForm, GrantForm, NewCaseForm, NewUserForm
from sabt.web.http import AuthenticatedHttpRequest
from sabt.web.pagination import page_of

AUDIT_PAGE_SIZE = 100


@login_required
@capability_required(Capability.MANAGE)
@require_http_methods(["GET", "POST"])
def users(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every account with its roles; add one (its password is shown once)."""
    form = NewUserForm(request.POST or None)
    created: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            user, password = membership.add_user(**form.cleaned_data)
            created = {"username": user.get_username(), "password": password}
            form = NewUserForm()
    status = 400 if form.errors else 200
    return _users_page(request, new_user=form, created=created, status=status)


@login_required
@capability_required(Capability.MANAGE)
@require_POST
def grant(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = GrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        user = get_user_model().objects.filter(username=data["username"]).first()
        if user is None:
            form.add_error("username", _("No such user."))
        else:
            with service_errors_on(form):
                membership.grant(user=user, role=data["role"], case=data["case"])
                return redirect("web:manage-users")
    return _users_page(request, grant=form, status=400)


@login_required
@capability_required(Capability.MANAGE)
@require_POST
def case_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NewCaseForm(request.POST)
    if form.is_valid():
        with service_errors_on(form):
            membership.create_case(**form.cleaned_data)
            return redirect("web:manage-users")
    return _users_page(request, new_case=form, status=400)


@login_required
@capability_required(Capability.MANAGE)
@require_GET
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Audited reads, newest first, filtered by who, what and which record."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = audit.entries(**{k: v for k, v in filters.items() if v})
    page = page_of(request, rows, AUDIT_PAGE_SIZE)
    shown = [(entry, audit.query_of(entry)) for entry in page]
    if any(query for _entry, query in shown):
        # Opening the words others searched for is itself a read.
        audit.record_read(
            username=request.user.get_username(),
            action="revealed",
            target_type="audit",
            detail=f"search words of {len(shown)} audit entries",
            request=request,
        )
    context = {"form": form, "page": page, "entries": shown}
    return render(request, "web/manage/audit.html", context)


def _users_page(
    request: AuthenticatedHttpRequest, *, status: int = 200, **forms: Any
) -> HttpResponse:
    accounts = (
        get_user_model().objects.order_by("username").prefetch_related("memberships")
    )
    context = {
        "accounts": accounts,
        "cases": Case.objects.all(),
        "new_user": forms.get("new_user", NewUserForm()),
        "grant": forms.get("grant", GrantForm()),
        "new_case": forms.get("new_case", NewCaseForm()),
        "created": forms.get("created", {}),
    }
    return render(request, "web/manage/users.html", context, status=status)
