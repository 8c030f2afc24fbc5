"""The registry of projectors: which app turns which events into table rows.

Each domain app registers one projector in its ``AppConfig.ready``. Only the
write path (``recording``) and ``rebuild`` call ``project``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.db import models

from sabt.ledger import Event


@dataclass(frozen=True)
class Projector:
    """Applies events whose type starts with ``prefix`` to the app's ``models``.

    ``reset``, if given, refills reference rows the app keeps in those tables
    beside its events (the shipped gazetteer); rebuild calls it after
    emptying the tables and before replaying.
    """

    prefix: str
    apply: Callable[[Event], None]
    models: Sequence[type[models.Model]]
    reset: Callable[[], None] | None = None


Handler = Callable[[Event], None]


def dispatch(handlers: Mapping[str, Handler]) -> Handler:
    """One ``apply`` for a table of handlers by event type.

    An event type the table lacks is an error, never skipped: a projection
    that quietly missed an event would differ from its ledger.
    """

    def apply(event: Event) -> None:
        handler = handlers.get(event.type)
        if handler is None:
            raise ValueError(f"no projection for event type {event.type}")
        handler(event)

    return apply


_projectors: dict[str, Projector] = {}


def register(projector: Projector) -> None:
    """Add a projector; registering the same prefix twice keeps the latest."""
    _projectors[projector.prefix] = projector


def project(event: Event) -> None:
    """Apply an event to every projector whose prefix it carries."""
    for prefix, projector in _projectors.items():
        if event.type.startswith(prefix):
            projector.apply(event)


def reset_projections() -> None:
    """Call every projector's ``reset``, in registration order."""
    for projector in _projectors.values():
        if projector.reset is not None:
            projector.reset()


def projection_models() -> list[type[models.Model]]:
    """Return every projection model, parents before children."""
    return [model for p in _projectors.values() for model in p.models]
