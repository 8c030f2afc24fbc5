"""App config for tracing: requests, lists and the linkage between them."""

from __future__ import annotations

from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "sabt.tracing"
    label = "tracing"

    def ready(self) -> None:
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415
        from sabt.tracing import models, projector  # noqa: PLC0415

        register(
            Projector(
                prefix="tracing.",
                apply=projector.apply,
                # Parents before children.
                models=[
                    models.TracingRequest,
                    models.PersonList,
                    models.ListEntry,
                    models.Candidate,
                    models.Review,
                    models.StatusReport,
                ],
            )
        )
        # A shredded enquirer: records owns "subject." (sources); this
        # longer prefix is a second projector for the same events.
        register(
            Projector(
                prefix="subject.shredded",
                apply=projector.apply_subject_event,
                models=[],
            )
        )
