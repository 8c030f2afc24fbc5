"""Projection tables for notes. Rows are written only by ``notes.projector``."""

from __future__ import annotations

from django.db import models

from sabt.core.cases import DEFAULT_CASE


class Note(models.Model):
    """A note as its newest revision shows it, with the record's current heads.

    More than one head means two people edited offline from the same version:
    the note is in conflict until someone saves a version over all heads.
    Like every record it belongs to a case, which decides who sees it.
    """

    record = models.CharField(max_length=36, primary_key=True)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    created_by = models.CharField(max_length=150)
    created_at = models.CharField(max_length=32)
    updated_at = models.CharField(max_length=32)
    heads = models.JSONField(default=list)
    # Notes made before notes had cases are in the default case.
    case = models.CharField(max_length=60, default=DEFAULT_CASE, db_index=True)

    class Meta:
        ordering = ["-updated_at", "record"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_in_conflict(self) -> bool:
        return len(self.heads) > 1


class NoteRevision(models.Model):
    """One version of a note: the fields an event set, keyed by that event."""

    event_id = models.CharField(max_length=64, primary_key=True)
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    actor = models.CharField(max_length=150)
    author = models.CharField(max_length=64)
    at = models.CharField(max_length=32)

    class Meta:
        ordering = ["at", "event_id"]

    def __str__(self) -> str:
        return self.title
