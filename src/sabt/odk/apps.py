"""App config for the ODK interoperability app (no tables of its own)."""

from __future__ import annotations

from django.apps import AppConfig


class OdkConfig(AppConfig):
    name = "sabt.odk"
    label = "odk"

    def ready(self) -> None:
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415
        from sabt.odk import projector  # noqa: PLC0415

        # An edit changes the records app's rows, which that app empties on
        # rebuild: this projector owns no table of its own.
        register(Projector(prefix="odk.", apply=projector.apply, models=[]))
