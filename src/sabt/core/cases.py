"""Cases: the groups of records that decide who may see what."""

from __future__ import annotations

from django.db import models

# Records made before cases existed, and any made without one, are here.
DEFAULT_CASE = "default"


class Case(models.Model):
    """A group of incidents and tracing requests with its own members.

    Not a projection of the ledger: who may see what is the node's business,
    not evidence. A record's case is in its events, so it travels with it.
    """

    slug = models.SlugField(max_length=60, primary_key=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        # Kept under the access app, so its table and migrations stay as they are.
        app_label = "access"
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name
