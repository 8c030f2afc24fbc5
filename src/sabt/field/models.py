"""Tables of the field kit (what it sealed and sent) and of headquarters (imports).

On a kit, ``SealedEntry`` and ``SealedEvidence`` hold only ciphertext and the
least a kit needs to go on: the event's type, time, record and id (to chain
the record's next event and to export). Nothing here opens on the kit.
``BundleImport`` is a projection of headquarters' ``field.imported`` events.
"""

from __future__ import annotations

from django.db import models


class SealedEntry(models.Model):
    """One event recorded on the kit, as its kit-signed sealed envelope."""

    seq = models.BigIntegerField(primary_key=True)
    event_id = models.CharField(max_length=64, unique=True)
    record = models.CharField(max_length=36, db_index=True)
    type = models.CharField(max_length=100)
    at = models.CharField(max_length=32)
    parents = models.TextField(blank=True, help_text="Parent ids, space-separated.")
    envelope = models.TextField(help_text="The signed envelope, JSON.")

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.type}"


class SealedEvidence(models.Model):
    """An evidence file sealed on the kit: its key, wrapped to the organisation."""

    file_id = models.CharField(max_length=36, primary_key=True)
    wrapped_key = models.BinaryField()
    sealed_size = models.BigIntegerField()
    seq = models.BigIntegerField(help_text="The entry that records the file.")

    class Meta:
        ordering = ["seq", "file_id"]

    def __str__(self) -> str:
        return f"sealed file {self.file_id}"


class KitExport(models.Model):
    """A bundle the kit wrote: which entries it carried."""

    bundle = models.CharField(max_length=36, primary_key=True)
    at = models.DateTimeField()
    seq_from = models.BigIntegerField()
    seq_to = models.BigIntegerField()
    parts = models.IntegerField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"bundle {self.bundle}"


class KitAcknowledgement(models.Model):
    """Headquarters' signed word that it holds a bundle's entries."""

    bundle = models.CharField(max_length=36, primary_key=True)
    through_seq = models.BigIntegerField()
    at = models.CharField(max_length=32)

    class Meta:
        ordering = ["-through_seq"]

    def __str__(self) -> str:
        return f"acknowledgement of {self.bundle}"


class BundleImport(models.Model):
    """A bundle imported at headquarters: who, when, from which kit, how much."""

    bundle = models.CharField(max_length=36, primary_key=True)
    event_id = models.CharField(max_length=64, unique=True)
    kit = models.CharField(max_length=64, db_index=True)
    kit_name = models.CharField(max_length=200)
    case = models.CharField(max_length=60)
    imported_by = models.CharField(max_length=150)
    imported_at = models.CharField(max_length=32)
    events = models.IntegerField(help_text="Events new to this node.")
    files = models.IntegerField(help_text="Files new to this node.")
    events_in_bundle = models.IntegerField()

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"import of {self.bundle}"
