"""A submission's media become evidence items, custody opened at the phone."""

from __future__ import annotations

import mimetypes
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from sabt.core.services import Actor
from sabt.evidence.models import EvidenceItem
from sabt.evidence.services import add_file, record_transfer, register_evidence_item
from sabt.odk.records import record_id
from sabt.odk.submission import Submission

KIND_BY_TYPE = {"image": "photo", "audio": "audio", "video": "video"}


@dataclass(frozen=True)
class Received:
    """Where an import's submissions came from: the export or folder's name."""

    export: str


def capture_time(submission: Submission) -> str:
    """When the phone finalised the form: its ``end``, else when it was received."""
    values = submission.data.values
    return values.get("end") or values.get("start") or submission.submitted_at


def device_of(submission: Submission) -> str:
    values = submission.data.values
    return values.get("deviceid") or values.get("meta-deviceID") or submission.device_id


def add_media(
    *,
    actor: Actor,
    submission: Submission,
    names: Sequence[str],
    title: str,
    incidents: Sequence[str],
    case: str,
    received: Received,
    source: str = "",
    blob_root: Path | None = None,
) -> list[str]:
    """One evidence item per medium the answers name; return their record ids."""
    records = []
    device = device_of(submission) or "unknown"
    at = capture_time(submission) or timezone.now().isoformat()
    for name in names:
        data = submission.media.get(name)
        if data is None:
            continue  # named but not sent: Central's AttachmentsPresent says so
        kind = _kind(name)
        record = record_id(submission.instance_id, f"media/{name}")
        if EvidenceItem.objects.filter(pk=record).exists():
            records.append(record)  # an edit sending the same file again
            continue
        item = register_evidence_item(
            actor=actor,
            kind=kind,
            title=f"{title}: {name}",
            description=(
                f"Captured on device {device} at {at}, "
                f"received in export {received.export} "
                f"(ODK submission {submission.instance_id})."
            ),
            incidents=incidents,
            source=source,
            case=case,
            record=record,
        )
        with tempfile.TemporaryDirectory() as folder:
            # The name is the phone's; the temporary file's is ours.
            path = Path(folder) / f"medium{Path(name).suffix[:16]}"
            path.write_bytes(data)
            file = add_file(
                actor=actor,
                item=item,
                path=path,
                file_name=name,
                acquired_how="captured",
                acquired_by=f"ODK Collect on device {device}",
                acquired_at=at,
                acquisition={"device": device},
                blob_root=blob_root,
            )
        # The chain's second link: from the phone to us, in this export.
        record_transfer(
            actor=actor,
            file=file,
            to="this organisation (sabt)",
            means=f"ODK export {received.export}"[:200],
            reason=(
                f"Received from device {device} in ODK submission "
                f"{submission.instance_id}"
                + (
                    ", encrypted on the phone, opened here."
                    if submission.encrypted
                    else "."
                )
            ),
        )
        records.append(item.record)
    return records


def _kind(name: str) -> str:
    media_type, _ = mimetypes.guess_type(name)
    return KIND_BY_TYPE.get((media_type or "").split("/")[0], "document")
