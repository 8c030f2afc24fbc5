"""Settling a record edited in two places at once, from its page's panel.

The panel (``web/_conflict.html``) shows the versions side by side; its form
sends, for each field that differs, the version that holds or a new text,
and the heads the person saw. One event settles it, or nothing is written
and the page says why in one line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sabt.access.policy import Capability, can
from sabt.core.records import RecordBase
from sabt.field.conflicts import choices_from, conflict_of
from sabt.records import services
from sabt.web.http import AuthenticatedHttpRequest
from sabt.web.labels import label


def conflict_context(row: RecordBase) -> dict[str, Any]:
    """What a record's page needs to show its versions, if it has several."""
    return {"conflict": conflict_of(row.record) if row.is_in_conflict else None}


def settle(
    request: AuthenticatedHttpRequest,
    row: RecordBase,
    *,
    detail: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    verified: frozenset[str] = frozenset(),
) -> HttpResponse:
    """Record the version the form chose; ``row`` is already checked as
    one the user may change, and ``verified`` fields need a verifier too.
    On refusal, the page again with the reason."""
    conflict = conflict_of(row.record)
    error = ""
    if conflict is None or not conflict.settles:
        error = _("This record has one version: nothing to settle.")
    elif any(r.field in verified for r in conflict.differing) and not can(
        request.user, Capability.VERIFY, row.case
    ):
        error = _("The versions differ in status: only a verifier may settle them.")
    else:
        try:
            services.resolve_conflict(
                actor=request.user,
                record=row,
                seen_heads=request.POST.get("heads", "").split(),
                choices=choices_from(conflict, request.POST),
            )
            return redirect(detail, record=row.record)
        except ValidationError as refused:
            error = _first(refused)
    page = {**context(), **conflict_context(row), "conflict_error": error}
    return render(request, template, page, status=400)


def _first(error: ValidationError) -> str:
    """The first reason, with every field it is about, on one line."""
    reasons = error.message_dict
    first = next(iter(reasons))
    if first in ("heads", "__all__"):
        return str(reasons[first][0])
    reason = reasons[first][0]
    fields = [label(f, "field") for f, said in reasons.items() if said[0] == reason]
    return _("%(reason)s (%(fields)s)") % {
        "reason": reason,
        "fields": pgettext("list separator", ", ").join(fields),
    }
