"""The log table: one row per signed event, in log-index order."""

from __future__ import annotations

from django.db import models


class LedgerEvent(models.Model):
    """A signed event as accepted by ``ledger.append``; never updated or deleted.

    ``payload`` holds the canonical unsigned bytes that were hashed and signed;
    ``record``, ``type``, ``parents`` and ``author`` are copies for querying,
    which ``sabt verify`` checks against the payload.
    """

    log_index = models.BigIntegerField(primary_key=True)
    event_id = models.CharField(max_length=64, unique=True)
    record = models.CharField(max_length=36, db_index=True)
    type = models.CharField(max_length=100, db_index=True)
    parents = models.TextField(blank=True, help_text="Parent ids, space-separated.")
    author = models.CharField(max_length=64, db_index=True)
    at = models.CharField(max_length=32)
    payload = models.TextField()
    sig = models.CharField(max_length=128)

    class Meta:
        ordering = ["log_index"]

    def __str__(self) -> str:
        return f"#{self.log_index} {self.type}"


class Checkpoint(models.Model):
    """A signed tree head the node issued: the log's size and Merkle root then.

    Kept so the node can later prove its log only grew since (``sabt
    prove-consistency``); whoever received the note can check that too.
    """

    size = models.BigIntegerField(primary_key=True)
    root = models.CharField(max_length=64, help_text="The root hash, hex.")
    note = models.TextField(help_text="The C2SP signed note, exactly as issued.")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"checkpoint at {self.size} events"


class SubjectKey(models.Model):
    """A subject's data key, wrapped to the organisation's public key.

    A subject is the record whose sealed fields the key opens. Kept outside
    the ledger, which is append-only, so that the key can be destroyed: then
    ``wrapped_key`` is cleared and the subject's sealed fields open nowhere
    (crypto-shredding). Not a projection: ``sabt rebuild`` leaves it alone.
    """

    subject = models.CharField(max_length=36, primary_key=True)
    wrapped_key = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    shredded_at = models.DateTimeField(null=True, blank=True)
    shredded_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["subject"]

    def __str__(self) -> str:
        return f"data key of {self.subject}"

    @property
    def is_shredded(self) -> bool:
        return self.shredded_at is not None
