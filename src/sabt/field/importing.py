"""Importing kits' bundles at headquarters: check everything, then merge.

Every check runs before anything is written: the manifest's signature, that
its kit is enrolled here, unrevoked, for the bundle's case; each part's size
and SHA-256 against the manifest; each envelope's signature; that each
sealed event opens with the organisation's key, is the kit's own and may be
signed by it; that each file opens and hashes to what its event says. A
bundle failing any check is refused whole (BundleRefused, naming why), with
nothing written. Then, in one transaction, the events join the log through
``ingest_event`` (one already there is skipped, so a bundle imported twice
adds nothing), the wrapped keys are stored (a key shredded here stays
shredded), the files go to the blob store, and a ``field.imported`` event
records who imported what. An acknowledgement signed by this node tells the
kit what it may stop sending.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.conf import settings
from nacl.public import PrivateKey

from sabt.evidence.blobs import BlobStore
from sabt.field import inbox
from sabt.field.bundle import (
    ACK_FORMAT,
    ENTRIES_FILE,
    FILE_MEMBER,
    KEYS_FILE,
    MANIFEST_FORMAT,
    PART_FILE,
    ack_name,
)
from sabt.field.envelope import check_envelope, open_envelope
from sabt.field.errors import BundleRefused
from sabt.field.filecrypt import open_stream
from sabt.field.projector import IMPORTED
from sabt.field.registers import add_kit_entries
from sabt.field.signed import (
    DocumentError,
    document_bytes,
    parse_document,
    sign_document,
)
from sabt.field.unlocking import org_private_for_import
from sabt.ledger import (
    Event,
    LedgerError,
    Located,
    StoredRow,
    TrustedAuthors,
    TrustedKey,
    append,
)
from sabt.ledger.event import utc_now
from sabt.ledger.sealing import SealingError
from sabt.ledger.store import heads_of
from sabt.ledger_store import write_batch
from sabt.ledger_store.authors import trusted_authors
from sabt.ledger_store.models import LedgerEvent, SubjectKey
from sabt.ledger_store.node import node_key
from sabt.ledger_store.projection import project
from sabt.ledger_store.recording import record_event
from sabt.ledger_store.store import OrmEventStore

_IMPORT_NAMESPACE = uuid.UUID("5ab7f1e1-d0b0-4d1e-9a55-62756e646c65")
# Ids per lookup: well under the bound parameters SQLite allows.
_CHUNK = 500


@dataclass
class _Bundle:
    """A bundle as read and checked, before anything is written."""

    manifest: dict[str, Any]
    kit_name: str
    # The manifest's file name, which refusals name.
    manifest_file: str
    events: list[Event] = field(default_factory=list)
    # file id -> (part path, wrapped key, sha256 and size its event names)
    files: dict[str, tuple[Path, bytes, str, int]] = field(default_factory=dict)
    subject_keys: dict[str, bytes] = field(default_factory=dict)
    # Read from the parts and checked, not yet opened: the kit-signed
    # envelopes in seq order, files' wrapped keys, file members' parts.
    envelopes: list[dict[str, Any]] = field(default_factory=list)
    file_keys: dict[str, bytes] = field(default_factory=dict)
    members: dict[str, Path] = field(default_factory=dict)


@dataclass(frozen=True)
class Imported:
    """What importing one bundle did."""

    bundle: str
    kit_name: str
    events_in_bundle: int
    new_events: int
    new_files: int
    # Records the bundle touched that now have more than one head: edited in
    # two places at once, for a person to settle on the record's page.
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Held:
    """A bundle not yet whole: which of its parts are held here."""

    bundle: str
    kit_name: str
    present: tuple[int, ...]
    total: int
    # Events it builds on that are neither here nor in the log (an earlier
    # bundle of its kit not yet imported); 0 when it only misses parts.
    missing_parents: int = 0


def import_bundles(
    paths: Sequence[Path], *, by: str, ack_dir: Path | None = None
) -> tuple[list[Imported], list[Held]]:
    """Check and merge the bundles whose manifests and parts ``paths`` name.

    ``paths`` are files or folders (every file in them counts); parts held
    from earlier imports join them. A bundle still missing parts is held
    (``Held``) once its kit and the parts present check out. Raises
    BundleRefused with the reason if any bundle fails a check; nothing at
    all is written then.
    """
    if not by.strip():
        raise BundleRefused("say who imports (--by)")
    manifests, parts, unasked = _gather(paths)
    trust = trusted_authors()
    whole, waiting, again = [], [], []
    for path, manifest in manifests:
        try:
            known = _enrolled_kit(path, manifest, trust)
        except BundleRefused:
            # A bundle held here from before that its kit's revocation now
            # refuses: it stays held, and does not block what was given.
            if str(manifest["bundle"]) in unasked:
                continue
            raise
        names = [str(p.get("name")) for p in manifest["parts"] if isinstance(p, dict)]
        if all(name in parts for name in names):
            whole.append((path, manifest))
            continue
        if inbox.applied(str(manifest["bundle"])):
            # A part of a bundle applied before, carried again: nothing new.
            events = int(manifest.get("events", 0))
            again.append(Imported(str(manifest["bundle"]), known.name, events, 0, 0))
            continue
        for listed in manifest["parts"]:
            if isinstance(listed, dict) and listed.get("name") in parts:
                _part_path(listed, parts, len(names))
        present = tuple(i for i, name in enumerate(names, start=1) if name in parts)
        waiting.append(
            (
                path,
                manifest,
                Held(str(manifest["bundle"]), known.name, present, len(names)),
            )
        )
    used = _listed([m for _, m in manifests], parts)
    for path in parts.values():
        if path not in used:
            raise BundleRefused(
                f"{path.name} is not a part of any bundle given: another "
                "kit's or another bundle's part; give its manifest too"
            )
    imported, blocked = _apply(whole, parts, trust, by, ack_dir) if whole else ([], [])
    waiting += blocked
    for path, manifest, state in waiting:
        listed = {str(p.get("name")) for p in manifest["parts"]}
        inbox.hold(state.bundle, [path, *(p for n, p in parts.items() if n in listed)])
    return imported + again, [state for *_, state in waiting]


def _apply(
    whole: list[tuple[Path, dict[str, Any]]],
    parts: dict[str, Path],
    trust: TrustedAuthors,
    by: str,
    ack_dir: Path | None,
) -> tuple[list[Imported], list[tuple[Path, dict[str, Any], Held]]]:
    """Read, check and merge whole bundles; write their acknowledgements.

    A whole bundle building on events not yet here is returned held. The
    parts and envelopes are checked before the organisation's key is
    unlocked, so a damaged or foreign bundle is refused without it.
    """
    paths = {str(m["bundle"]): path for path, m in whole}
    bundles = [_read_bundle(m, parts, trust) for m in whole]
    org_private = _org_private()
    for bundle in bundles:
        _open_bundle(bundle, org_private)
    # A kit's later bundle may build on its earlier one: merge in its order.
    bundles.sort(key=lambda b: (str(b.manifest["kit"]), int(b.manifest["seq_from"])))
    _check_trust(bundles, trust)
    for bundle in bundles:
        _check_files(bundle, org_private)
    missing = _missing_parents(bundles)
    with write_batch.batch():
        merged = [
            _merge(bundle, by, org_private)
            for bundle in bundles
            if str(bundle.manifest["bundle"]) not in missing
        ]
    blocked = []
    for bundle in bundles:
        name = str(bundle.manifest["bundle"])
        if name in missing:
            total = len(bundle.manifest["parts"])
            held = Held(
                name, bundle.kit_name, tuple(range(1, total + 1)), total, missing[name]
            )
            blocked.append((paths[name], bundle.manifest, held))
    results = []
    for imported, ack in merged:
        inbox.release(imported.bundle)
        target = (ack_dir or Path.cwd()) / ack_name(imported.bundle)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(document_bytes(ack))
        results.append(imported)
    return results, blocked


def _missing_parents(bundles: list[_Bundle]) -> dict[str, int]:
    """Bundles naming parents neither in the log nor in a bundle applied now.

    Maps each such bundle to how many events it waits for. A bundle waiting
    makes those that build on it wait too, hence the loop.
    """
    ids = {event.id for bundle in bundles for event in bundle.events}
    named = {p for bundle in bundles for event in bundle.events for p in event.parents}
    outside = sorted(named - ids)
    store = OrmEventStore()
    present: set[str] = set()
    present.update(_locate(store, outside))
    missing: dict[str, int] = {}
    while True:
        available = present | {
            event.id
            for bundle in bundles
            if str(bundle.manifest["bundle"]) not in missing
            for event in bundle.events
        }
        found = {}
        for bundle in bundles:
            name = str(bundle.manifest["bundle"])
            absent = {p for event in bundle.events for p in event.parents} - available
            if name not in missing and absent:
                found[name] = len(absent)
        if not found:
            return missing
        missing.update(found)


def _org_private() -> PrivateKey:
    return org_private_for_import()


def _gather(
    paths: Sequence[Path],
) -> tuple[list[tuple[Path, dict[str, Any]]], dict[str, Path], set[str]]:
    """The manifests (each once) and parts, by file name, given or held.

    Every bundle held here joins, so one waiting for an earlier bundle is
    applied when that arrives; the third value names those not given now.
    """
    files = _files(paths)
    manifests: dict[str, tuple[Path, dict[str, Any]]] = {}
    parts: dict[str, Path] = {}
    wanted: set[str] = set()
    for path in files:
        if path.suffix == ".zip":
            parts[path.name] = path
            if bundle := inbox.bundle_of_part(path):
                wanted.add(bundle)
        elif path.name.endswith(".manifest.json"):
            manifest = _manifest(path)
            manifests.setdefault(str(manifest["bundle"]), (path, manifest))
    given = wanted | set(manifests)
    for bundle in sorted(given | set(inbox.bundles())):
        for path in inbox.held(bundle):
            if path.name.endswith(".manifest.json"):
                manifests.setdefault(bundle, (path, _manifest(path)))
            else:
                parts.setdefault(path.name, path)
    if not given & set(manifests):
        raise BundleRefused("no bundle manifest (*.manifest.json) among the paths")
    return list(manifests.values()), parts, set(manifests) - given


def _files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise BundleRefused(f"{path}: no such file or folder")
    return files


def _manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = parse_document(path.read_bytes(), MANIFEST_FORMAT, signer="kit")
    except DocumentError as exc:
        raise BundleRefused(f"{path.name}: {exc}") from exc
    if not isinstance(manifest.get("parts"), list) or not manifest["parts"]:
        raise BundleRefused(f"{path.name}: the manifest lists no parts")
    return manifest


def _listed(manifests: list[dict[str, Any]], parts: dict[str, Path]) -> set[Path]:
    names = {
        p.get("name") for m in manifests for p in m["parts"] if isinstance(p, dict)
    }
    return {path for name, path in parts.items() if name in names}


def _read_bundle(
    found: tuple[Path, dict[str, Any]],
    parts: dict[str, Path],
    trust: TrustedAuthors,
) -> _Bundle:
    """Check a whole bundle's parts and envelopes; nothing is opened yet."""
    path, manifest = found
    kit = str(manifest["kit"])
    known = _enrolled_kit(path, manifest, trust)
    bundle = _Bundle(manifest, known.name, path.name)
    envelopes, file_keys, members = bundle.envelopes, bundle.file_keys, bundle.members
    total = len(manifest["parts"])
    for listed in manifest["parts"]:
        part = _part_path(listed, parts, total)
        for kind, value in _part_contents(part, manifest, listed):
            if kind == "entry":
                envelopes.append(check_envelope(value, kit))
            elif kind == "subject":
                bundle.subject_keys[value[0]] = value[1]
            elif kind == "file-key":
                file_keys[value[0]] = value[1]
            else:
                members[value] = part
    envelopes.sort(key=lambda e: e["seq"])
    if len(envelopes) != manifest.get("events"):
        raise BundleRefused(
            f"{path.name}: the parts hold {len(envelopes)} events, the manifest "
            f"says {manifest.get('events')}"
        )
    return bundle


def _open_bundle(bundle: _Bundle, org_private: PrivateKey) -> None:
    """Open each checked envelope; match the files to the events naming them."""
    name = bundle.manifest_file
    members, file_keys = bundle.members, bundle.file_keys
    for envelope in bundle.envelopes:
        event = open_envelope(envelope, org_private)
        bundle.events.append(event)
        for file_id in envelope["files"]:
            if file_id not in members or file_id not in file_keys:
                raise BundleRefused(f"event {event.id}: its file {file_id} is missing")
            body = event.body
            bundle.files[file_id] = (
                members.pop(file_id),
                file_keys[file_id],
                str(body.get("sha256")),
                int(body.get("size", -1)),
            )
    if members:
        raise BundleRefused(f"{name}: a file no event records is in the parts")
    records = {event.record for event in bundle.events}
    if stray := sorted(set(bundle.subject_keys) - records):
        raise BundleRefused(
            f"{name}: a data key for {stray[0]}, which no event of the bundle records"
        )
    bundle.envelopes = []


def _enrolled_kit(
    path: Path, manifest: dict[str, Any], trust: TrustedAuthors
) -> TrustedKey:
    """The kit that signed the manifest, enrolled and unrevoked for its case."""
    kit = str(manifest["kit"])
    known = trust.keys.get(kit)
    if known is None or known.role != "field_kit":
        raise BundleRefused(
            f"{path.name}: signed by kit {kit}, which is not enrolled at this node"
        )
    if known.revoked_by is not None:
        raise BundleRefused(
            f"{path.name}: kit {known.name} was revoked (event {known.revoked_by}); "
            "its bundles are refused"
        )
    if manifest.get("case") != known.case:
        raise BundleRefused(
            f"{path.name}: the bundle is for case {manifest.get('case')}, but kit "
            f"{known.name} is enrolled for case {known.case}"
        )
    return known


def _part_path(listed: Any, parts: dict[str, Path], total: int) -> Path:
    if not isinstance(listed, dict) or not isinstance(listed.get("name"), str):
        raise BundleRefused("the manifest lists a malformed part")
    name = listed["name"]
    path = parts.get(name)
    if path is None:
        raise BundleRefused(
            f"part {listed.get('index')} of {total} ({name}) is missing: "
            "give every part of the bundle"
        )
    if path.stat().st_size != listed.get("size") or _sha256(path) != listed.get(
        "sha256"
    ):
        raise BundleRefused(
            f"{name}: its SHA-256 is not the one the manifest names: "
            "altered or damaged on the way"
        )
    return path


def _part_contents(
    path: Path, manifest: dict[str, Any], listed: dict[str, Any]
) -> Iterator[tuple[str, Any]]:
    """What a part holds: envelopes, wrapped keys and file members."""
    try:
        with zipfile.ZipFile(path) as archive:
            header = json.loads(archive.read(PART_FILE))
            if header != {
                "bundle": manifest["bundle"],
                "index": listed.get("index"),
                "of": len(manifest["parts"]),
            }:
                raise BundleRefused(f"{path.name}: a part of another bundle")
            for line in archive.read(ENTRIES_FILE).decode("utf-8").splitlines():
                yield "entry", json.loads(line)
            for line in archive.read(KEYS_FILE).decode("utf-8").splitlines():
                key = json.loads(line)
                kind = {"subject": "subject", "file": "file-key"}.get(key.get("kind"))
                if kind is None:
                    raise BundleRefused(f"{path.name}: a key of unknown kind")
                yield kind, (str(key["id"]), bytes.fromhex(key["wrapped"]))
            for name in archive.namelist():
                if name in (PART_FILE, ENTRIES_FILE, KEYS_FILE):
                    continue
                match = FILE_MEMBER.fullmatch(name)
                if match is None:
                    raise BundleRefused(f"{path.name}: an unexpected member {name}")
                yield "file", match.group(1)
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise BundleRefused(f"{path.name}: not a bundle part ({exc})") from exc


def _check_trust(bundles: list[_Bundle], trust: TrustedAuthors) -> None:
    """Each event may be signed by its kit here (its case above all)."""
    for bundle in bundles:
        for event in bundle.events:
            try:
                trust.check(event.to_dict())
            except LedgerError as exc:
                raise BundleRefused(f"event {event.id}: {exc}") from exc


def _check_files(bundle: _Bundle, org_private: PrivateKey) -> None:
    """Each file opens and is the file its event names (hash and size)."""
    for file_id, (part, wrapped, sha256, size) in bundle.files.items():
        digest, length = hashlib.sha256(), 0
        for chunk in _opened(part, file_id, wrapped, org_private):
            digest.update(chunk)
            length += len(chunk)
        if digest.hexdigest() != sha256 or length != size:
            raise BundleRefused(
                f"file {file_id}: it is not the file its event names "
                "(another SHA-256 or size)"
            )


def _opened(
    part: Path, file_id: str, wrapped: bytes, org_private: PrivateKey
) -> Iterator[bytes]:
    with (
        zipfile.ZipFile(part) as archive,
        archive.open(f"files/{file_id}.sealed") as member,
    ):
        try:
            yield from open_stream(
                member, file_id=file_id, wrapped_key=wrapped, org_private=org_private
            )
        except SealingError as exc:
            raise BundleRefused(str(exc)) from exc


def _merge(
    bundle: _Bundle, by: str, org_private: PrivateKey
) -> tuple[Imported, dict[str, Any]]:
    """Write one checked bundle: keys, files, events, the import, the ack."""
    _store_subject_keys(bundle.subject_keys)
    new_events = _ingest(bundle.events)
    fresh = (event for event in bundle.events if event.id in new_events)
    add_kit_entries(fresh, by=by, bundle=str(bundle.manifest["bundle"]))
    store = BlobStore(settings.SABT_BLOB_DIR)
    new_files = 0
    for file_id, (part, wrapped, _sha, _size) in bundle.files.items():
        if not store.exists(_sha):
            chunks = _opened(part, file_id, wrapped, org_private)
            store.put_stream(cast(BinaryIO, io.BufferedReader(_Reader(chunks))))
            new_files += 1
    manifest = bundle.manifest
    if new_events:
        record_event(
            type=IMPORTED,
            record=str(uuid.uuid5(_IMPORT_NAMESPACE, str(manifest["bundle"]))),
            body={
                "actor": by,
                "bundle": manifest["bundle"],
                "kit": manifest["kit"],
                "kit_name": bundle.kit_name,
                "case": manifest["case"],
                "events": len(new_events),
                "files": new_files,
                "events_in_bundle": len(bundle.events),
            },
        )
    ack = sign_document(
        node_key(),
        ACK_FORMAT,
        {
            "bundle": manifest["bundle"],
            "kit": manifest["kit"],
            "through_seq": manifest["seq_to"],
            "events": len(bundle.events),
            "at": utc_now(),
        },
        signer="hq",
    )
    imported = Imported(
        bundle=str(manifest["bundle"]),
        kit_name=bundle.kit_name,
        events_in_bundle=len(bundle.events),
        new_events=len(new_events),
        new_files=new_files,
        conflicts=_conflicts({e.record for e in bundle.events if e.id in new_events}),
    )
    return imported, ack


def _store_subject_keys(keys: dict[str, bytes]) -> None:
    """Store the data keys not here yet; a key shredded here stays shredded."""
    subjects = sorted(keys)
    for start in range(0, len(subjects), _CHUNK):
        batch = subjects[start : start + _CHUNK]
        held = set(SubjectKey.objects.filter(pk__in=batch).values_list("pk", flat=True))
        SubjectKey.objects.bulk_create(
            SubjectKey(subject=s, wrapped_key=keys[s]) for s in batch if s not in held
        )


def _ingest(events: list[Event]) -> set[str]:
    """Append and project the events not in the log yet; return their ids.

    What ``ingest_event`` does for one event, done for a bundle's: the log
    is locked once, the trusted authors are replayed once under that lock
    (a kit's events cannot change them), and the events and their parents
    are looked up in a few queries instead of two per event. Every event
    still passes the ledger's ``append`` (form, id, signature, author,
    parents in the log and of its record). Runs inside the import's
    transaction, which any error rolls back whole.
    """
    store = OrmEventStore()
    store.lock()
    trust = trusted_authors()
    wanted = {event.id for event in events}
    wanted |= {parent for event in events for parent in event.parents}
    log = _BatchStore(store, _locate(store, sorted(wanted)))
    new: set[str] = set()
    for event in events:
        if log.holds(event.id):
            continue
        try:
            append(log, event, trust)
        except LedgerError as exc:
            raise BundleRefused(f"event {event.id}: {exc}") from exc
        project(event)
        new.add(event.id)
    return new


def _locate(store: OrmEventStore, ids: Sequence[str]) -> dict[str, Located]:
    found: dict[str, Located] = {}
    for start in range(0, len(ids), _CHUNK):
        found.update(store.locate(ids[start : start + _CHUNK]))
    return found


class _BatchStore:
    """The log as one bundle's appends see it: read once, then kept in step.

    ``locate`` answers from what was looked up before the first append and
    what was appended since, under the lock that keeps other writers out.
    """

    def __init__(self, store: OrmEventStore, known: dict[str, Located]) -> None:
        self._store = store
        self._known = known

    def holds(self, event_id: str) -> bool:
        return event_id in self._known

    def locate(self, event_ids: Collection[str]) -> dict[str, Located]:
        return {i: self._known[i] for i in event_ids if i in self._known}

    def heads(self, record: str) -> list[str]:
        return self._store.heads(record)

    def add(self, event: Event) -> int:
        index = self._store.add(event)
        self._known[event.id] = Located(index, event.record)
        return index

    def rows(self) -> Iterator[StoredRow]:
        return self._store.rows()


def _conflicts(records: set[str]) -> tuple[str, ...]:
    """Those of ``records`` whose events now end in more than one head."""
    ordered = sorted(records)
    links: dict[str, list[tuple[str, list[str]]]] = {r: [] for r in ordered}
    for start in range(0, len(ordered), _CHUNK):
        rows = LedgerEvent.objects.filter(record__in=ordered[start : start + _CHUNK])
        for record, event_id, parents in rows.values_list(
            "record", "event_id", "parents"
        ):
            links[record].append((event_id, parents.split()))
    return tuple(r for r in ordered if len(heads_of(links[r])) > 1)


class _Reader(io.RawIOBase):
    """A readable stream over decrypted chunks, for the blob store."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
