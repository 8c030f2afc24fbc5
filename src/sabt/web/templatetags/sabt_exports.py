"""The export buttons of the incident page and the list, shown by the policy.

A button appears only for a user the policy lets use it (``access.policy``);
the export pages check again, so a hidden button is a courtesy, not the lock.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from sabt.access.policy import Capability, User, can, capabilities_by_case
from sabt.records.models import Incident

register = template.Library()


@register.inclusion_tag("web/exports/_incident_buttons.html", takes_context=True)
def incident_exports(context: dict[str, Any], incident: Incident) -> dict[str, Any]:
    """``{% incident_exports incident %}`` on an incident's page."""
    user = context["request"].user
    query = QueryDict(mutable=True)
    query["incident"] = incident.record
    return {
        "query": query.urlencode(),
        "may_export": can(user, Capability.EXPORT, incident.case),
        "may_report": can(user, Capability.ANALYSE, incident.case),
        "may_list": False,
    }


@register.inclusion_tag("web/exports/_incident_buttons.html", takes_context=True)
def list_exports(context: dict[str, Any]) -> dict[str, Any]:
    """``{% list_exports %}`` on the list: the same filter, without the page."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    held = _held_anywhere(request.user)
    return {
        "query": query.urlencode(),
        "may_export": Capability.EXPORT in held,
        "may_report": Capability.ANALYSE in held,
        "may_list": Capability.ANALYSE in held,
    }


def _held_anywhere(user: User) -> set[Capability]:
    """Every capability the user holds in some case, in one query: the list
    is read on every keystroke of its search box.
    """
    by_case = capabilities_by_case(user)
    if by_case is None:
        return set(Capability)
    return {held for caps in by_case.values() for held in caps}
