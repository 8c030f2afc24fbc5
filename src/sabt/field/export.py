"""Writing the kit's sealed work to a folder as a signed bundle in parts.

Everything not yet acknowledged by headquarters goes (or everything, with
``everything``). Parts are cut at ``max_part_size`` between items; a single
file larger than that travels alone in a part of its own.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Max

from sabt.field.bundle import (
    ENTRIES_FILE,
    FILES_DIR,
    KEYS_FILE,
    MANIFEST_FORMAT,
    PART_FILE,
    SEALED_SUFFIX,
    manifest_name,
    part_name,
)
from sabt.field.errors import FieldError
from sabt.field.kit import kit_identity, sealed_files_dir
from sabt.field.models import (
    KitAcknowledgement,
    KitExport,
    SealedEntry,
    SealedEvidence,
)
from sabt.field.signed import document_bytes, sign_document
from sabt.ledger_store.models import SubjectKey

# What a part's zip adds around its members, generously.
_OVERHEAD = 4096


@dataclass
class _Part:
    entries: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    files: list[SealedEvidence] = field(default_factory=list)
    size: int = _OVERHEAD

    def empty(self) -> bool:
        return not (self.entries or self.keys or self.files)


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    bundle: str
    manifest: Path
    parts: list[Path]
    events: int
    files: int


def export_bundle(to: Path, *, max_part_size: int, everything: bool) -> Exported:
    """Write the pending entries as a bundle into ``to``; return what was written.

    Raises FieldError when there is nothing to export or ``to`` holds a
    bundle's files already; nothing is left behind then.
    """
    identity = kit_identity()
    since = 0 if everything else acknowledged_through()
    entries = list(SealedEntry.objects.filter(seq__gt=since).order_by("seq"))
    if not entries:
        raise FieldError(
            "nothing to export: headquarters has acknowledged everything "
            "(use --all to export it again)"
        )
    bundle = str(uuid.uuid4())
    parts = _plan(entries, max_part_size)
    to.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        listed = []
        for index, part in enumerate(parts, start=1):
            path = to / part_name(bundle, index)
            written.append(path)
            _write_part(path, bundle, index, len(parts), part)
            listed.append(
                {
                    "index": index,
                    "name": path.name,
                    "size": path.stat().st_size,
                    "sha256": _sha256(path),
                }
            )
        files = sum(len(part.files) for part in parts)
        manifest = sign_document(
            identity.key,
            MANIFEST_FORMAT,
            {
                "bundle": bundle,
                "kit_name": identity.name,
                "case": identity.case,
                "created_at": _now(),
                "seq_from": entries[0].seq,
                "seq_to": entries[-1].seq,
                "events": len(entries),
                "files": files,
                "parts": listed,
            },
            signer="kit",
        )
        manifest_path = to / manifest_name(bundle)
        written.append(manifest_path)
        manifest_path.write_bytes(document_bytes(manifest))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    KitExport.objects.create(
        bundle=bundle,
        at=datetime.datetime.now(datetime.UTC),
        seq_from=entries[0].seq,
        seq_to=entries[-1].seq,
        parts=len(parts),
    )
    return Exported(bundle, manifest_path, written[:-1], len(entries), files)


def acknowledged_through() -> int:
    """The highest entry headquarters has acknowledged holding (0: none)."""
    top = KitAcknowledgement.objects.aggregate(top=Max("through_seq"))["top"]
    return int(top or 0)


def _plan(entries: list[SealedEntry], max_size: int) -> list[_Part]:
    """Cut the entries, their keys and files into parts of at most ``max_size``."""
    files = {
        row.seq: row
        for row in SealedEvidence.objects.filter(seq__in=[e.seq for e in entries])
    }
    keys = _subject_keys({entry.record for entry in entries})
    parts = [_Part()]
    for kind, line, size, sealed in _items(entries, files, keys):
        current = parts[-1]
        if not current.empty() and current.size + size > max_size:
            current = _Part()
            parts.append(current)
        current.size += size
        if sealed is not None:
            current.files.append(sealed)
        elif kind == "key":
            current.keys.append(line)
        else:
            current.entries.append(line)
    return parts


def _items(
    entries: list[SealedEntry],
    files: dict[int, SealedEvidence],
    keys: dict[str, str],
) -> Iterator[tuple[str, str, int, SealedEvidence | None]]:
    """Each entry, then its subject's key and file: (kind, line, size, file)."""
    for entry in entries:
        yield "entry", entry.envelope, len(entry.envelope) + 1, None
        if entry.record in keys:
            key_line = keys.pop(entry.record)
            yield "key", key_line, len(key_line) + 1, None
        sealed = files.get(entry.seq)
        if sealed is not None:
            key_line = _key_line("file", sealed.file_id, bytes(sealed.wrapped_key))
            yield "key", key_line, len(key_line) + 1, None
            yield "file", "", sealed.sealed_size, sealed


def _subject_keys(records: set[str]) -> dict[str, str]:
    rows = SubjectKey.objects.filter(pk__in=records, wrapped_key__isnull=False)
    return {
        row.subject: _key_line("subject", row.subject, bytes(row.wrapped_key or b""))
        for row in rows
    }


def _key_line(kind: str, name: str, wrapped: bytes) -> str:
    return json.dumps({"kind": kind, "id": name, "wrapped": wrapped.hex()})


def _write_part(path: Path, bundle: str, index: int, total: int, part: _Part) -> None:
    header = {"bundle": bundle, "index": index, "of": total}
    with zipfile.ZipFile(path, "x", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(PART_FILE, json.dumps(header) + "\n")
        archive.writestr(ENTRIES_FILE, "".join(f"{e}\n" for e in part.entries))
        archive.writestr(KEYS_FILE, "".join(f"{k}\n" for k in part.keys))
        for sealed in part.files:
            name = f"{FILES_DIR}{sealed.file_id}{SEALED_SUFFIX}"
            source = sealed_files_dir() / f"{sealed.file_id}{SEALED_SUFFIX}"
            with (
                source.open("rb") as handle,
                archive.open(name, "w", force_zip64=True) as member,
            ):
                shutil.copyfileobj(handle, member, 1024 * 1024)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _now() -> str:
    stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return stamp.replace("+00:00", "Z")
