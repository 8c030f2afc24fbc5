"""Projection tables for counts. Rows are written only by ``analysis.projector``."""

from __future__ import annotations

from django.db import models

from sabt.core.cases import DEFAULT_CASE


class Count(models.Model):
    """An analyst's definition of what to count: lists, acts, period, places."""

    record = models.CharField(max_length=36, primary_key=True)
    # Counts are read through access.queries.in_cases(..., Capability.ANALYSE).
    case = models.CharField(max_length=60, default=DEFAULT_CASE, db_index=True)
    title = models.CharField(max_length=200)
    lists = models.JSONField(default=list)
    act_types = models.JSONField(default=list)
    period_from = models.CharField(max_length=10, blank=True)
    period_to = models.CharField(max_length=10, blank=True)
    places = models.JSONField(default=list)
    threshold = models.FloatField()
    defined_by = models.CharField(max_length=150)
    defined_at = models.CharField(max_length=32)
    # {"<entry>|<entry>": "confirmed" or "rejected"}: the analyst's pair reviews.
    reviews = models.JSONField(default=dict)
    # The latest ``count.computed`` body: documented counts, tables, pairs.
    result = models.JSONField(default=dict)
    computed_at = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-defined_at", "record"]

    def __str__(self) -> str:
        return self.title


class Estimate(models.Model):
    """One method's estimate of one table, keyed by the event that recorded it."""

    event_id = models.CharField(max_length=64, primary_key=True)
    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="estimates")
    stratum = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=20)
    observed = models.IntegerField()
    estimate = models.FloatField()
    lower = models.FloatField()
    upper = models.FloatField()
    table_digest = models.CharField(max_length=64)
    settings = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    recorded_at = models.CharField(max_length=32)

    class Meta:
        ordering = ["count", "stratum", "method"]

    def __str__(self) -> str:
        return self.method
