"""The first-start checklist an administrator sees on a fresh install.

Four steps, each read from the node's state rather than remembered: the
organisation's key made and unlocked, a first case of one's own, first
colleagues' accounts, and the demo case to look around in. Once every
step is done the checklist is gone for good.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sabt.access.policy import User
from sabt.access.queries import visible_sources
from sabt.core.cases import DEFAULT_CASE, Case
from sabt.demo.loader import CASE_FILE, demo_id
from sabt.ledger_store import org_key


@dataclass(frozen=True)
class Step:
    code: str
    title: Promise
    how: Promise
    done: bool
    url: str = ""


def demo_is_loaded(user: User) -> bool:
    """Whether the Panjshir demo case is loaded (its first source is there)."""
    return visible_sources(user).filter(record=_first_demo_source()).exists()


@functools.cache
def _first_demo_source() -> str:
    case = json.loads(CASE_FILE.read_text(encoding="utf-8"))
    return demo_id(case["sources"][0]["slug"])


def checklist(user: User) -> list[Step]:
    """The steps of a first start, done or not; empty once all are done.

    ``user`` is the administrator reading it.
    """
    manage = reverse("web:manage-users")
    steps = [
        Step(
            "org-key",
            _("The organisation's key"),
            _(
                "Made and unlocked when sabt first started. Keep the passphrase "
                "it printed somewhere safe, away from this computer: sabt asks "
                "for it at every start."
            ),
            org_key.org_key_exists() and org_key.is_unlocked(),
        ),
        Step(
            "first-case",
            _("A first case of your own"),
            _("A case groups the incidents and tracing requests of one inquiry."),
            Case.objects.exclude(slug=DEFAULT_CASE).exists(),
            manage + "#cases",
        ),
        Step(
            "first-users",
            _("Accounts for your colleagues"),
            _("Give each person one account and the role their work needs."),
            get_user_model().objects.filter(is_active=True).count() > 1,
            manage,
        ),
        Step(
            "demo",
            _("The demo case"),
            _("The Panjshir case of 2021, to try sabt on before real work."),
            demo_is_loaded(user),
        ),
    ]
    return [] if all(step.done for step in steps) else steps
