"""Projection tables for evidence: items, their files, custody and assessments.

An item describes what the evidence is (a post, a video); its files are held
in the blob store under their SHA-256; every access, export, transfer and
derivative of a file is a custody entry; verification assessments decide the
item's conclusion by the rule in ``evidence.conclusion``.
"""

from __future__ import annotations

from django.db import models

from sabt.core.records import RecordBase


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
    derived_from = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="SHA-256 of the original."
    )
    derivation = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["added_at", "event_id"]

    def __str__(self) -> str:
        return self.file_name or self.sha256


class CustodyEntry(models.Model):
    """One link in a file's chain of custody, from the event that recorded it.

    ``sha256`` is the file the entry is about: for a derivative, the original
    it was made from, with the derivative's own hash in ``details``; so a
    file's chain is every entry with its hash.
    """

    class Action(models.TextChoices):
        ACQUIRED = "acquired", "acquired"
        ACCESSED = "accessed", "accessed"
        EXPORTED = "exported", "exported"
        TRANSFERRED = "transferred", "transferred"
        DERIVED = "derived", "derivative made"

    event_id = models.CharField(max_length=64, primary_key=True)
    item = models.ForeignKey(
        EvidenceItem, on_delete=models.CASCADE, related_name="custody"
    )
    sha256 = models.CharField(max_length=64, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.CharField(max_length=150)
    at = models.CharField(max_length=32)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "event_id"]

    def __str__(self) -> str:
        return f"{self.action} {self.sha256[:12]}"


class Assessment(models.Model):
    """One verification assessment (Berkeley Protocol) of an evidence item."""

    class Kind(models.TextChoices):
        SOURCE = "source", "source analysis"
        TECHNICAL = "technical", "technical analysis"
        GEOLOCATION = "geolocation", "content analysis: geolocation"
        CHRONOLOCATION = "chronolocation", "content analysis: chronolocation"
        CONTENT = "content", "content analysis: other"

    class Finding(models.TextChoices):
        CONSISTENT = "consistent", "consistent with the claim"
        INCONSISTENT = "inconsistent", "contradicts the claim"
        INCONCLUSIVE = "inconclusive", "inconclusive"

    class Confidence(models.TextChoices):
        LOW = "low", "low"
        MEDIUM = "medium", "medium"
        HIGH = "high", "high"

    event_id = models.CharField(max_length=64, primary_key=True)
    item = models.ForeignKey(
        EvidenceItem, on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    method = models.TextField()
    finding = models.CharField(max_length=20, choices=Finding.choices)
    details = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    analyst = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.CharField(max_length=150)
    at = models.CharField(max_length=32)

    class Meta:
        ordering = ["at", "event_id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.finding}"
