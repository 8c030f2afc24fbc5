"""Projection table for evidence items.

For now an item describes where evidence is (a post, a video) and how far it
is verified; content-addressed files, custody and assessments come next.
"""

from __future__ import annotations

from django.db import models

from sabt.records.models import RecordBase


class EvidenceItem(RecordBase):
    class Kind(models.TextChoices):
        VIDEO = "video", "video"
        PHOTO = "photo", "photo"
        DOCUMENT = "document", "document"
        WEB_PAGE = "web_page", "web page"
        AUDIO = "audio", "audio"

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", "unverified"
        PARTLY_VERIFIED = "partly_verified", "partly verified"
        VERIFIED = "verified", "verified"
        INAUTHENTIC = "inauthentic", "inauthentic"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=2000, blank=True)
    posted_by = models.CharField(max_length=200, blank=True)
    posted_on = models.DateField(null=True, blank=True)
    source = models.ForeignKey(
        "records.Source", null=True, blank=True, on_delete=models.PROTECT
    )
    verification = models.CharField(
        max_length=20, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    incidents = models.ManyToManyField(
        "records.Incident", blank=True, related_name="evidence_items"
    )

    class Meta:
        ordering = ["created_at", "record"]

    def __str__(self) -> str:
        return self.title
