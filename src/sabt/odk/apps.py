"""App config for the ODK interoperability app (no tables of its own)."""

from __future__ import annotations

from django.apps import AppConfig


class OdkConfig(AppConfig):
    name = "sabt.odk"
    label = "odk"
