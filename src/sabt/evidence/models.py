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


class EvidenceFile(models.Model):
    """A file of an evidence item, held in the blob store under its SHA-256.

    Facts about the file (type, metadata, perceptual hash) were read from its
    content when it was added; how it was acquired is the acquirer's account.
    """

    class Acquisition(models.TextChoices):
        CAPTURED = "captured", "captured on a device"
        RECEIVED = "received", "received from a source"
        COLLECTED = "collected", "collected from a web address"

    event_id = models.CharField(max_length=64, primary_key=True)
    item = models.ForeignKey(
        EvidenceItem, on_delete=models.CASCADE, related_name="files"
    )
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField()
    file_name = models.CharField(max_length=255, blank=True)
    media_type = models.CharField(max_length=120)
    metadata = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    perceptual_hash = models.CharField(max_length=64, blank=True, db_index=True)
    acquired_how = models.CharField(max_length=20, choices=Acquisition.choices)
    acquired_by = models.CharField(max_length=200)
    acquired_at = models.CharField(max_length=32)
    acquisition = models.JSONField(
        default=dict, help_text="Device, source, URL, account, post time, web capture."
    )
    added_by = models.CharField(max_length=150)
    added_at = models.CharField(max_length=32)

    class Meta:
        ordering = ["added_at", "event_id"]

    def __str__(self) -> str:
        return self.file_name or self.sha256
