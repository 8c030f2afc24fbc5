"""App config for the field kit; registers the projector of bundle imports."""

from __future__ import annotations

from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "sabt.field"
    label = "field"

    def ready(self) -> None:
        from django.core.checks import register as register_check  # noqa: PLC0415

        from sabt.field import projector  # noqa: PLC0415
        from sabt.field.checks import refuse_on_a_kit  # noqa: PLC0415
        from sabt.field.models import BundleImport  # noqa: PLC0415
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415

        register(
            Projector(prefix="field.", apply=projector.apply, models=[BundleImport])
        )
        register_check(refuse_on_a_kit)
