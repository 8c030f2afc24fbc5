"""App config for analysis: counts and multiple-systems estimates."""

from __future__ import annotations

from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "sabt.analysis"
    label = "analysis"
