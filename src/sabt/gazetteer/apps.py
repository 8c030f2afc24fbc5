"""App config for the gazetteer: registers its projector and its loader.

The shipped gazetteer files load after every ``migrate`` and, as the
projector's ``reset``, after ``sabt rebuild`` empties the tables, before the
user-added places are replayed.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate


class GazetteerConfig(AppConfig):
    name = "sabt.gazetteer"
    label = "gazetteer"

    def ready(self) -> None:
        from sabt.gazetteer import projector  # noqa: PLC0415
        from sabt.gazetteer.loading import load_gazetteer  # noqa: PLC0415
        from sabt.gazetteer.models import District, Place  # noqa: PLC0415
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415

        register(
            Projector(
                prefix="place.",
                apply=projector.apply,
                models=[Place, District],
                reset=load_gazetteer,
            )
        )
        post_migrate.connect(
            load_after_migrate, sender=self, dispatch_uid="sabt.gazetteer.load"
        )


def load_after_migrate(
    sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """Load the shipped gazetteer once the tables exist (also after a flush)."""
    from sabt.gazetteer.loading import load_gazetteer  # noqa: PLC0415
    from sabt.gazetteer.models import District, Place  # noqa: PLC0415

    # Migrating back to before the tables existed must not fail here.
    tables = connections[using].introspection.table_names()
    if Place._meta.db_table in tables and District._meta.db_table in tables:
        load_gazetteer(using=using)
