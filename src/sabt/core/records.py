"""The fields and ledger bookkeeping every projected record shares."""

from __future__ import annotations

from typing import Any

from django.db import models

from sabt.core.cases import DEFAULT_CASE
from sabt.ledger import Event


class RecordBase(models.Model):
    """Fields every record shares: identity, authorship and its ledger heads."""

    record = models.CharField(max_length=36, primary_key=True)
    created_by = models.CharField(max_length=150)
    created_at = models.CharField(max_length=32)
    updated_at = models.CharField(max_length=32)
    heads = models.JSONField(default=list)
    # The access.Case the record belongs to: who may see it follows from it.
    case = models.CharField(max_length=60, default=DEFAULT_CASE, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_in_conflict(self) -> bool:
        return len(self.heads) > 1

    @staticmethod
    def fields_created_by(event: Event) -> dict[str, Any]:
        """The shared fields of a record its first event creates."""
        return {
            "record": event.record,
            "created_by": event.body["actor"],
            "created_at": event.at,
            "updated_at": event.at,
            "heads": [event.id],
            "case": event.body.get("case", DEFAULT_CASE),
        }

    def advance(self, event: Event) -> None:
        """Move the heads past the event's parents; a head it did not see stays."""
        self.heads = sorted({*self.heads} - set(event.parents) | {event.id})
        self.updated_at = event.at
