"""App config for records; registers its projectors."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models import Model


class RecordsConfig(AppConfig):
    name = "sabt.records"
    label = "records"

    def ready(self) -> None:
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415
        from sabt.records import models, projector  # noqa: PLC0415
        from sabt.records.search import clear_search_index  # noqa: PLC0415

        owned: dict[str, list[type[Model]]] = {
            "source.": [models.Source, models.ConsentRecord],
            "person.": [models.Person, models.PersonStatus],
            "incident.": [models.Incident, models.IncidentPlace, models.StatusChange],
            "act.": [models.Act],
            "statement.": [models.Statement],
        }
        for prefix, tables in owned.items():
            # The SQLite search index lives outside the models: empty it too.
            reset = clear_search_index if prefix == "incident." else None
            register(
                Projector(
                    prefix=prefix, apply=projector.apply, models=tables, reset=reset
                )
            )
        # Shredding a source's identity: Source's rows are emptied on rebuild
        # through "source.", so this projector owns no table of its own.
        register(
            Projector(prefix="subject.", apply=projector.apply_subject_event, models=[])
        )
