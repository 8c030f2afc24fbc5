"""App config for the field kit; registers the projector of bundle imports."""

from __future__ import annotations

from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "sabt.field"
    label = "field"

    def ready(self) -> None:
        from sabt.field import projector  # noqa: PLC0415
        from sabt.field.models import BundleImport  # noqa: PLC0415
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415

        register(
            Projector(prefix="field.", apply=projector.apply, models=[BundleImport])
        )
