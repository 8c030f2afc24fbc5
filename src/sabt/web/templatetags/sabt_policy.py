"""``{% may %}``: the one way a template asks ``access.policy`` what to show.

A menu entry or a button appears only where the user may act; the view
behind it asks the same policy again, so hiding is a courtesy, never the
check. What the user holds is read once per request: a menu asks the same
few questions on every page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from sabt.access.policy import Capability, Role, capabilities_by_case, is_admin
from sabt.web.forms.manage import ROLE_LABELS

register = template.Library()

_HELD = "_sabt_capabilities_by_case"


@register.simple_tag(takes_context=True)
def may(context: template.Context, capability: str, on: Any = None) -> bool:
    """Whether the user may use ``capability``.

    ``{% may "verify" incident as may_verify %}`` asks about the case of a
    record (or a case slug given as text); without ``on``, about any case.
    ``"admin"`` asks whether the user administers the node.
    """
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return False
    if capability == "admin":
        return is_admin(user)
    wanted = Capability(capability)  # a misspelt capability fails loudly
    held = _held(request, user)
    if held is None:
        return True
    if on is None:
        return any(wanted in caps for caps in held.values())
    case = on if isinstance(on, str) else str(on.case)
    return wanted in held.get(case, frozenset())


def _held(
    request: HttpRequest | None, user: Any
) -> dict[str, frozenset[Capability]] | None:
    if request is None:
        return capabilities_by_case(user)
    if _HELD not in request.__dict__:
        request.__dict__[_HELD] = capabilities_by_case(user)
    held: dict[str, frozenset[Capability]] | None = request.__dict__[_HELD]
    return held


@register.filter
def role_name(role: str) -> str:
    """``{{ membership.role|role_name }}``: the role in the reader's language."""
    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return role
