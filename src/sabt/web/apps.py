"""App config for the web interface."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sabt.web"
    label = "web"
