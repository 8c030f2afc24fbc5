"""Who may do what: the roles, and what each role may do in a case.

This table is the whole policy. Every check in sabt — web pages, the API,
search, exports, reports — asks ``can`` (or the querysets in
``access.queries``, built on it); nothing else decides. A role is held per
case (``Membership``): a tracing officer in one case may be a viewer in
another. ``admin`` is the node's administrator (a Django superuser): every
case, every capability.
"""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction


class Role(StrEnum):
    ADMIN = "admin"
    INVESTIGATOR = "investigator"
    TRACING_OFFICER = "tracing_officer"
    FIELD_DOCUMENTER = "field_documenter"
    ANALYST = "analyst"
    VIEWER = "viewer"


class Capability(StrEnum):
    VIEW = "view"  # read the case's records, sealed fields still sealed
    DOCUMENT = "document"  # record incidents, acts, sources, statements, evidence
    VERIFY = "verify"  # change verification status, assess evidence
    SEE_SEALED = "see_sealed"  # open sealed identities and contact details
    TRACE = "trace"  # tracing requests, list imports, match review
    EXPORT = "export"  # bundles for courts and partners
    ANALYSE = "analyse"  # counts and reports
    MANAGE = "manage"  # accounts, cases, the read audit


# Need-to-know: a field documenter records but cannot read identities back
# (like a field kit holding only the public key); an analyst counts without
# names; a viewer reads what is not sealed.
CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.INVESTIGATOR: frozenset(
        {
            Capability.VIEW,
            Capability.DOCUMENT,
            Capability.VERIFY,
            Capability.SEE_SEALED,
            Capability.EXPORT,
            Capability.ANALYSE,
        }
    ),
    Role.TRACING_OFFICER: frozenset(
        {Capability.VIEW, Capability.TRACE, Capability.SEE_SEALED}
    ),
    Role.FIELD_DOCUMENTER: frozenset({Capability.VIEW, Capability.DOCUMENT}),
    Role.ANALYST: frozenset({Capability.VIEW, Capability.ANALYSE}),
    Role.VIEWER: frozenset({Capability.VIEW}),
}

User = AbstractBaseUser | AnonymousUser


def is_admin(user: User) -> bool:
    superuser = getattr(user, "is_superuser", False)
    return bool(user.is_authenticated and user.is_active and superuser)


# A page asks the policy five to ten times (the view's check, the second
# factor's, each queryset, the menu): a user object reads its memberships
# once and keeps them while no membership changes in this process. A web
# request has a user object of its own, so a change made by another process
# is seen from the next request on.
_HELD = "_sabt_memberships"
_changes = itertools.count()
_generation = next(_changes)


def memberships_changed(**_signal: Any) -> None:
    """Make every user object read its memberships again (a signal receiver).

    Once at the change, for this transaction's own reads, and once at its
    commit, for other threads, which could not see it before.
    """
    global _generation  # noqa: PLW0603  (one counter for the process)
    _generation = next(_changes)
    transaction.on_commit(_bump)


def _bump() -> None:
    global _generation  # noqa: PLW0603
    _generation = next(_changes)


def _memberships(user: AbstractBaseUser) -> tuple[tuple[str, str], ...]:
    """The user's (case, role) pairs, read once per user object."""
    kept: tuple[int, tuple[tuple[str, str], ...]] | None = user.__dict__.get(_HELD)
    generation = _generation
    if kept is not None and kept[0] == generation:
        return kept[1]
    from sabt.access.models import Membership  # noqa: PLC0415

    rows = Membership.objects.filter(user_id=user.pk).values_list("case_id", "role")
    held = tuple(rows)
    user.__dict__[_HELD] = (generation, held)
    return held


def roles_in(user: User, case: str) -> set[Role]:
    """The roles the user holds in the case (admin holds every case)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if is_admin(user):
        return {Role.ADMIN}
    return {Role(role) for held, role in _memberships(user) if held == case}


def can(user: User, capability: Capability, case: str) -> bool:
    """Whether the user may use ``capability`` on the records of ``case``."""
    return any(capability in CAPABILITIES[role] for role in roles_in(user, case))


def cases_where(user: User, capability: Capability) -> list[str] | None:
    """The cases in which the user holds ``capability``; None means every case."""
    if not user.is_authenticated or not user.is_active:
        return []
    if is_admin(user):
        return None
    roles = {role for role, caps in CAPABILITIES.items() if capability in caps}
    return sorted({case for case, role in _memberships(user) if role in roles})


def capabilities_by_case(user: User) -> dict[str, frozenset[Capability]] | None:
    """What the user may do in each case they belong to, in one query.

    None means every capability in every case (an admin). For pages that
    ask many questions at once, such as a menu.
    """
    if not user.is_authenticated or not user.is_active:
        return {}
    if is_admin(user):
        return None
    held: dict[str, frozenset[Capability]] = {}
    for case, role in _memberships(user):
        held[case] = held.get(case, frozenset()) | CAPABILITIES[Role(role)]
    return held


def can_anywhere(user: User, capability: Capability) -> bool:
    """Whether the user holds ``capability`` in at least one case."""
    cases = cases_where(user, capability)
    return cases is None or bool(cases)


def needs_second_factor(user: User) -> bool:
    """Whether the user must confirm a TOTP device before using sabt.

    Everyone who can open sealed fields in any case, and every admin.
    """
    return is_admin(user) or can_anywhere(user, Capability.SEE_SEALED)
