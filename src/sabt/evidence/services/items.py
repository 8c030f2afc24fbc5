"""Registering evidence items and adding their files, hashed and inspected."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import (
    Actor,
    clean_case,
    existing,
    raise_if,
    record_by,
    require_row,
    require_same_case,
)
from sabt.core.validation import (
    Errors,
    add_error,
    clean_date,
    clean_moment,
    clean_text,
    iso,
    new_record_id,
)
from sabt.evidence.blobs import Blob, BlobStore
from sabt.evidence.inspection import inspect_file
from sabt.evidence.models import EvidenceFile, EvidenceItem
from sabt.evidence.similarity import ImageTooLarge, image_hash
from sabt.evidence.webcapture import find_capture
from sabt.records.models import Incident, Source


def register_evidence_item(
    *,
    actor: Actor,
    kind: str,
    title: str,
    description: str = "",
    url: str = "",
    posted_by: str = "",
    posted_on: datetime.date | str | None = None,
    source: str = "",
    incidents: Sequence[str] = (),
    case: str = DEFAULT_CASE,
    record: str | None = None,
) -> EvidenceItem:
    """Register an item of evidence, unverified until assessed.

    A report that calls a video "purported" is exactly this: unverified.
    Raises ValidationError naming each bad field.
    """
    if found := existing(EvidenceItem, record):
        return found
    errors: Errors = {}
    body: dict[str, Any] = {
        "kind": kind,
        "title": clean_text(errors, "title", title, max_length=300, required=True),
        "description": clean_text(
            errors, "description", description, max_length=20_000
        ),
        "url": clean_text(errors, "url", url, max_length=2000),
        "posted_by": clean_text(errors, "posted_by", posted_by, max_length=200),
        "posted_on": iso(clean_date(errors, "posted_on", posted_on)),
        "source": source or None,
        "incidents": sorted(set(incidents)),
        "case": clean_case(errors, case),
    }
    if kind not in EvidenceItem.Kind.values:
        add_error(errors, "kind", _("Unknown kind %(value)s.") % {"value": kind})
    if body["url"]:
        try:
            URLValidator(schemes=["http", "https"])(body["url"])
        except DjangoValidationError:
            add_error(
                errors, "url", _("Enter a web address starting with http or https.")
            )
    if source:
        source_row = require_row(errors, "source", Source, source)
        require_same_case(errors, "source", case, source_row)
    for key in body["incidents"]:
        incident = require_row(errors, "incidents", Incident, key)
        require_same_case(errors, "incidents", case, incident)
    raise_if(errors)
    record_id = record_by(
        actor, "evidence.registered", new_record_id(record), body
    ).record
    return EvidenceItem.objects.get(pk=record_id)


ACQUISITION_FIELDS = ("device", "source", "url", "account", "posted_at")


def add_file(
    *,
    actor: Actor,
    item: EvidenceItem,
    path: Path,
    file_name: str = "",
    acquired_how: str,
    acquired_by: str,
    acquired_at: datetime.date | datetime.datetime | str,
    acquisition: Mapping[str, str] | None = None,
    warc: Path | None = None,
    blob_root: Path | None = None,
) -> EvidenceFile:
    """Store a file of ``item`` in the blob store and record how it came to us.

    The file is hashed while it is copied, never read whole into memory; its
    media type, metadata and perceptual hash are read from its content.
    ``acquisition`` adds the ``device`` it was captured on, the ``source`` it
    came from, or the ``url``, ``account`` and ``posted_at`` of a post. A
    ``warc`` web capture of the post is stored too, and what it says about
    the ``url`` (when captured, the status, the payload's SHA-256) recorded.
    Storing bytes already stored keeps one blob; adding them to the same item
    again returns the file already recorded. Raises ValidationError naming
    each bad field; then nothing is appended (a stored blob may stay,
    unreferenced). Acquisition is the first entry of the file's custody.
    """
    errors: Errors = {}
    details: dict[str, Any] = {k: v for k, v in (acquisition or {}).items() if v}
    if acquired_how not in EvidenceFile.Acquisition.values:
        add_error(
            errors,
            "acquired_how",
            _("Unknown way of acquiring: %(value)s.") % {"value": acquired_how},
        )
    unknown = sorted(set(details) - set(ACQUISITION_FIELDS))
    if unknown:
        add_error(
            errors,
            "acquisition",
            _("Unknown details: %(names)s.") % {"names": ", ".join(unknown)},
        )
    by = clean_text(errors, "acquired_by", acquired_by, max_length=200, required=True)
    at = clean_moment(errors, "acquired_at", acquired_at)
    name = clean_text(errors, "file_name", file_name or path.name, max_length=255)
    if details.get("source"):
        require_row(errors, "acquisition", Source, details["source"])
    capture = _web_capture(errors, warc, details.get("url", "")) if warc else None
    require_file(errors, path)
    raise_if(errors)
    store = BlobStore(blob_root or settings.SABT_BLOB_DIR)
    blob = store.put_path(path)
    if found := item.files.filter(sha256=blob.sha256).first():
        return found  # the same bytes added again: one blob, one record
    if warc and capture:
        warc_blob = store.put_path(warc)
        # Whether the file is byte for byte what the address served then.
        same = capture["payload_sha256"] == blob.sha256
        details["warc"] = {"sha256": warc_blob.sha256, **capture, "holds_file": same}
    body = {
        **file_facts(store, blob, name),
        "acquisition": {"how": acquired_how, "by": by, "at": at, **details},
    }
    event = record_by(actor, "evidence.file_added", item.record, body)
    return EvidenceFile.objects.get(pk=event.id)


def require_file(errors: Errors, path: Path) -> None:
    if not path.is_file():
        add_error(errors, "file", _("No such file: %(path)s.") % {"path": path})


def file_facts(store: BlobStore, blob: Blob, name: str) -> dict[str, Any]:
    """What an event records of a stored file: hash, size, facts from content."""
    stored = store.path_of(blob.sha256)
    facts = inspect_file(stored)
    problems = list(facts.problems)
    return {
        "sha256": blob.sha256,
        "size": blob.size,
        "file_name": name,
        "media_type": facts.media_type,
        "metadata": facts.metadata,
        "problems": problems,
        "perceptual_hash": _perceptual_hash(stored, facts.media_type, problems),
    }


def _web_capture(errors: Errors, warc: Path, url: str) -> dict[str, Any] | None:
    """What the WARC says about ``url``, or None with an error noted."""
    if not url:
        add_error(errors, "warc", _("Give the web address the capture is of."))
        return None
    if not warc.is_file():
        add_error(errors, "warc", _("No such file: %(path)s.") % {"path": warc})
        return None
    try:
        capture = find_capture(warc, url)
    except ValueError as exc:
        add_error(errors, "warc", str(exc))
        return None
    if capture is None:
        message = _("The web capture holds no page at %(url)s.")
        add_error(errors, "warc", message % {"url": url})
        return None
    return {
        "file_name": warc.name,
        "captured_at": capture.date.isoformat(),
        "record_id": capture.record_id,
        "status": capture.status,
        "content_type": capture.content_type,
        "payload_sha256": capture.payload_sha256,
        "payload_digest_matches": capture.payload_digest_matches,
    }


def _perceptual_hash(path: Path, media_type: str, problems: list[str]) -> str:
    if not media_type.startswith("image/"):
        return ""
    try:
        return image_hash(path)
    except ImageTooLarge as exc:  # stored all the same, without a hash
        problems.append(str(exc))
        return ""
    except (OSError, ValueError):  # an image Pillow cannot decode has none
        return ""
