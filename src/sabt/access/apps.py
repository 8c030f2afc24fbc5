"""App config for access; registers the read audit's projector."""

from __future__ import annotations

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "sabt.access"
    label = "access"

    def ready(self) -> None:
        from sabt.access import audit  # noqa: PLC0415
        from sabt.access.models import ReadAudit  # noqa: PLC0415
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415

        register(Projector(prefix="audit.", apply=audit.apply, models=[ReadAudit]))
