"""Whether the menu offers the ODK import page: to those who may import."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser, User

from sabt.access.policy import Capability, can_anywhere

register = template.Library()


@register.filter
def may_import_odk(user: User | AnonymousUser) -> bool:
    """True for a user who documents in some case, as the page itself asks."""
    return user.is_authenticated and can_anywhere(user, Capability.DOCUMENT)
