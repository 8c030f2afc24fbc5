"""App config for evidence; registers its projector."""

from __future__ import annotations

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sabt.evidence"
    label = "evidence"

    def ready(self) -> None:
        from sabt.evidence import projector  # noqa: PLC0415
        from sabt.evidence.models import (  # noqa: PLC0415
            Assessment,
            CustodyEntry,
            EvidenceFile,
            EvidenceItem,
        )
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415

        register(
            Projector(
                prefix="evidence.",
                apply=projector.apply,
                models=[EvidenceItem, EvidenceFile, CustodyEntry, Assessment],
            )
        )
