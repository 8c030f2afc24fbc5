"""The registry of projectors: which app turns which events into table rows.

Each domain app registers one projector in its ``AppConfig.ready``. Only the
write path (``recording``) and ``rebuild`` call ``project``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models

from sabt.ledger import Event


@dataclass(frozen=True)
class Projector:
    """Applies events whose type starts with ``prefix`` to the app's ``models``."""

    prefix: str
    apply: Callable[[Event], None]
    models: Sequence[type[models.Model]]


_projectors: dict[str, Projector] = {}


def register(projector: Projector) -> None:
    """Add a projector; registering the same prefix twice keeps the latest."""
    _projectors[projector.prefix] = projector


def project(event: Event) -> None:
    """Apply an event to every projector whose prefix it carries."""
    for prefix, projector in _projectors.items():
        if event.type.startswith(prefix):
            projector.apply(event)


def projection_models() -> list[type[models.Model]]:
    """Return every projection model, parents before children."""
    return [model for p in _projectors.values() for model in p.models]
