"""The write path for a file's chain of custody.

Acquisition opens the chain (``services.add_file``). After it, every access
to a file, every export and transfer, and every derivative made from it (a
redacted copy, a transcoded video, a still from a video) is a signed event
naming the original's SHA-256, so the chain of any file can be read back
from the ledger alone, and no link can be removed quietly.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sabt.core.services import Actor, raise_if, record_by
from sabt.core.validation import Errors, add_error, clean_text
from sabt.evidence.blobs import BlobStore
from sabt.evidence.models import CustodyEntry, EvidenceFile
from sabt.evidence.services.items import file_facts, require_file

DERIVATIONS = {
    "redacted": "a copy with faces, names or other details hidden",
    "transcoded": "the same content in another format or quality",
    "still": "a still image taken from a video",
    "excerpt": "a part cut from a longer recording or document",
    "enhanced": "a copy with brightness, contrast or sound adjusted",
    "translated": "a document or subtitle translated",
}


def record_access(*, actor: Actor, file: EvidenceFile, purpose: str) -> CustodyEntry:
    """Record that ``actor`` opened the file, and why."""
    errors: Errors = {}
    why = clean_text(errors, "purpose", purpose, max_length=500, required=True)
    raise_if(errors)
    return _custody(actor, file, "accessed", {"purpose": why})


def record_transfer(
    *, actor: Actor, file: EvidenceFile, to: str, means: str, reason: str
) -> CustodyEntry:
    """Record that a copy of the file was handed to ``to`` (a court, a partner)."""
    errors: Errors = {}
    details = {
        "to": clean_text(errors, "to", to, max_length=200, required=True),
        "means": clean_text(errors, "means", means, max_length=200, required=True),
        "reason": clean_text(errors, "reason", reason, max_length=2000, required=True),
    }
    raise_if(errors)
    return _custody(actor, file, "transferred", details)


def record_exports(
    *, actor: Actor, files: Iterable[EvidenceFile], to: str, reason: str
) -> list[CustodyEntry]:
    """Record that these files were written to the export bundle ``to``.

    One event per file, all or none.
    """
    details = {"to": to, "reason": reason}
    with transaction.atomic():
        return [_custody(actor, file, "exported", details) for file in files]


def add_derivative(
    *,
    actor: Actor,
    original: EvidenceFile,
    path: Path,
    derivation: str,
    description: str,
    file_name: str = "",
    blob_root: Path | None = None,
) -> EvidenceFile:
    """Store a file made from ``original`` and link it into the original's chain.

    The derivative is a file of the same item with its own hash, facts and
    custody; the original stays untouched. ``derivation`` is one of
    ``DERIVATIONS``; ``description`` says how it was made (tool, settings).
    Raises ValidationError naming each bad field; then nothing is appended.
    """
    errors: Errors = {}
    if derivation not in DERIVATIONS:
        message = _("Unknown kind of derivative: %(value)s.")
        add_error(errors, "derivation", message % {"value": derivation})
    how = clean_text(errors, "description", description, max_length=2000, required=True)
    name = clean_text(errors, "file_name", file_name or path.name, max_length=255)
    require_file(errors, path)
    raise_if(errors)
    store = BlobStore(blob_root or settings.SABT_BLOB_DIR)
    blob = store.put_path(path)
    if blob.sha256 == original.sha256:
        add_error(errors, "file", _("This file is the original itself."))
    elif found := original.item.files.filter(sha256=blob.sha256).first():
        return found
    raise_if(errors)
    body = {
        **file_facts(store, blob, name),
        "derived_from": original.sha256,
        "derivation": derivation,
        "description": how,
    }
    event = record_by(actor, "evidence.derivative_added", original.item_id, body)
    return EvidenceFile.objects.get(pk=event.id)


def chain_of(file: EvidenceFile) -> list[CustodyEntry]:
    """The file's custody, oldest first: its making and what was done with it.

    A derivative's chain starts with the entry that derived it from the
    original; an original's chain lists the derivatives made from it.
    """
    about_file = Q(sha256=file.sha256) | Q(event_id=file.event_id)
    return list(CustodyEntry.objects.filter(about_file, item_id=file.item_id))


def _custody(
    actor: Actor, file: EvidenceFile, action: str, details: dict[str, str]
) -> CustodyEntry:
    body = {"action": action, "sha256": file.sha256, **details}
    event = record_by(actor, "evidence.custody", file.item_id, body)
    return CustodyEntry.objects.get(pk=event.id)
