"""Accounts, cases and who holds which role in which case.

Not ledger events: accounts hold password hashes and memberships decide
access on this node; neither is evidence. Every change here is made by an
admin, from ``sabt user`` / ``sabt case`` or the management pages.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from sabt.access.models import Account, Membership
from sabt.access.policy import Role
from sabt.core.cases import DEFAULT_CASE, Case

__all__ = ["DEFAULT_CASE", "add_user", "create_case", "grant", "revoke"]


def create_case(*, slug: str, name: str, description: str = "") -> Case:
    """Create a case; raises ValidationError for a bad or taken slug."""
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(slug)
    except ValidationError:
        errors["slug"] = [_("Use letters, digits, hyphens and underscores only.")]
    if Case.objects.filter(pk=slug).exists():
        errors["slug"] = [_("A case %(slug)s exists already.") % {"slug": slug}]
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    return Case.objects.create(slug=slug, name=name.strip(), description=description)


def add_user(*, username: str, role: str, case: str) -> tuple[User, str]:
    """Create an account holding ``role`` in ``case``; return it and its password.

    The password is random, shown once, stored only as an Argon2 hash, and
    must be changed at first login. ``role`` "admin" makes a node admin.
    """
    errors = _membership_errors(role, case)
    if not username.strip():
        errors["username"] = [_("This field is required.")]
    elif get_user_model().objects.filter(username=username).exists():
        errors["username"] = [_("A user %(name)s exists already.") % {"name": username}]
    if errors:
        raise ValidationError(errors)
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, password=password, is_superuser=role == Role.ADMIN
        )
        Account.objects.create(user=user, must_change_password=True)
        if role != Role.ADMIN:
            Membership.objects.create(user=user, case_id=case, role=role)
    return user, password


def grant(*, user: User, role: str, case: str) -> Membership:
    """Give the user ``role`` in ``case``, replacing any role held there."""
    errors = _membership_errors(role, case)
    if role == Role.ADMIN:
        errors["role"] = [_("Admin is not a role in a case; it is the whole node.")]
    if errors:
        raise ValidationError(errors)
    membership, _created = Membership.objects.update_or_create(
        user=user, case_id=case, defaults={"role": role}
    )
    return membership


def revoke(*, user: User, case: str) -> bool:
    """Take the user out of ``case``; return whether they were in it."""
    deleted, _rows = Membership.objects.filter(user=user, case_id=case).delete()
    return deleted > 0


def _membership_errors(role: str, case: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if role not in set(Role):
        message = _("Unknown role %(role)s; one of: %(names)s.")
        errors["role"] = [message % {"role": role, "names": ", ".join(Role)}]
    if role != Role.ADMIN and not Case.objects.filter(pk=case).exists():
        errors["case"] = [_("No case %(case)s.") % {"case": case}]
    return errors
