"""App config for analysis: counts and multiple-systems estimates."""

from __future__ import annotations

from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "sabt.analysis"
    label = "analysis"

    def ready(self) -> None:
        from sabt.analysis import projector  # noqa: PLC0415
        from sabt.analysis.models import Count, Estimate  # noqa: PLC0415
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415

        register(
            Projector(prefix="count.", apply=projector.apply, models=[Count, Estimate])
        )
