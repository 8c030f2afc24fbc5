"""Write an export bundle: events, blobs, proofs, checkpoint, manifest, verifier.

A bundle is a directory anyone can check offline with ``python verify.py DIR``
(Python and PyNaCl only), without trusting the node that wrote it:

``events/<log index>.json``
    each event's signed bytes exactly as stored; its id is their SHA-256.
    The ``key.trusted`` / ``key.revoked`` events of every author but the node
    come too, so the verifier can apply the log's rules on who may sign.
``proofs.json``
    for each event, and for each withheld one (an event this audience may not
    see, which travels as its id and index only), its inclusion proof
    against the checkpoint.
``consistency.json``
    consistency proofs from every earlier checkpoint the node issued to this
    one, for ``verify.py --since``.
``checkpoint.txt``
    the node's signed checkpoint (C2SP signed note) of the whole log.
``node-key.txt``
    the node's public key, as a C2SP verifier key line.
``blobs/<sha256>``
    the files the evidence events name.
``manifest.json`` and ``manifest.sig``
    what is in the bundle with every hash, who exported it, when and why,
    signed by the node key, so nothing can be added or removed unseen; the
    other files are named there with their SHA-256.
``MANIFEST.txt``
    the same for people.
``verify.py``
    the stand-alone verifier; its SHA-256 is in the manifest and printed by
    ``sabt export``, for the organisation to publish.

A failed export removes what it wrote, and records nothing.

Sealed fields stay sealed: events are copied as signed, never decrypted.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import shutil
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from sabt.access.audit import record_read
from sabt.bundles.build_verifier import verifier_source
from sabt.bundles.disclosure import Disclosure, plan_for_incidents
from sabt.bundles.verify_bundle import named_files
from sabt.evidence.blobs import BlobStore
from sabt.evidence.models import EvidenceFile
from sabt.evidence.services.custody import record_exports
from sabt.ledger import public_key_hex
from sabt.ledger.trust import KEY_EVENTS, KEY_TRUSTED, key_record
from sabt.ledger_store.merkle_log import (
    issue_checkpoint,
    log_origin,
    log_tree,
    verifier_key,
)
from sabt.ledger_store.models import Checkpoint as IssuedCheckpoint
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.node import node_key
from sabt.ledger_store.rebuild import verify_ledger

BUNDLE_FORMAT = "sabt-bundle/1"


class BundleError(ValueError):
    """The export cannot be made as asked; nothing was written."""


@dataclass(frozen=True)
class Bundle:
    path: Path
    events: int
    blobs: int
    checkpoint_size: int
    verifier_sha256: str


def export_incidents(
    incident_ids: Collection[str],
    *,
    to: Path,
    exported_by: str,
    reason: str,
    audience: str = "un_courts",
    blob_root: Path | None = None,
) -> Bundle:
    """Write a bundle of these incidents and what they rest on to ``to``.

    ``audience`` (``organisation``, ``un_courts``, ``public``) decides, by
    each source's consent, which statements go and which sources are named
    (``bundles.disclosure``); the manifest lists what was withheld and why.
    The export is itself recorded first, as a custody event for each file it
    carries, so the bundle holds the record of its own making. ``to`` must
    not exist or be an empty directory. ``exported_by`` must be the username
    of an active account: the custody chain names who took the evidence out.
    Raises BundleError; then nothing is recorded.
    """
    if not reason.strip():
        raise BundleError("say why the export is made (--reason)")
    exporter = get_user_model().objects.filter(username=exported_by).first()
    if exporter is None or not exporter.is_active:
        state = "no account" if exporter is None else "an inactive account"
        raise BundleError(
            f"--by {exported_by!r} is {state}: name the active account "
            "making the export"
        )
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise BundleError(f"{to} exists and is not an empty directory")
    # A bundle vouches for the whole log its proofs point into.
    problems = verify_ledger()
    if problems:
        raise BundleError(
            f"export refused: the ledger is not intact ({len(problems)} "
            f"problem(s); first: {problems[0]}); run sabt verify"
        )
    try:
        disclosure = plan_for_incidents(incident_ids, audience)
    except ValueError as exc:
        raise BundleError(str(exc)) from exc
    with transaction.atomic():
        record_read(
            username=exported_by,
            action="exported",
            detail=f"{len(incident_ids)} incidents to {to}"[:200],
            request=None,
        )
        custody = record_exports(
            actor=exporter,
            files=EvidenceFile.objects.filter(item_id__in=disclosure.records),
            to=str(to),
            reason=reason.strip(),
        )
        return _write_bundle(
            disclosure,
            incident_ids=incident_ids,
            to=to,
            exported_by=exported_by,
            reason=reason.strip(),
            blob_root=blob_root,
            this_export={entry.event_id for entry in custody},
        )


def _write_bundle(disclosure: Disclosure, *, to: Path, **options: Any) -> Bundle:
    """Write the bundle; on any failure remove what was written, then raise.

    The caller's transaction rolls back with the exception, so a failed
    export leaves neither a half-written folder nor a custody entry.
    """
    created = not to.exists()
    try:
        return _write_files(disclosure, to=to, **options)
    except BaseException as exc:
        _remove_written(to, created=created)
        if isinstance(exc, OSError):
            why = exc.strerror or str(exc)
            raise BundleError(f"cannot write the bundle to {to}: {why}") from exc
        raise


def _remove_written(to: Path, *, created: bool) -> None:
    if created:
        shutil.rmtree(to, ignore_errors=True)
        return
    for child in to.iterdir() if to.is_dir() else []:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


Row = tuple[Any, ...]
_NOT_PUBLIC = {
    "source.consent_recorded": "a consent record: its notes are not for the public"
}
_COLUMNS = ("log_index", "event_id", "record", "type", "payload", "sig")


def _write_files(
    disclosure: Disclosure,
    *,
    incident_ids: Collection[str],
    to: Path,
    exported_by: str,
    reason: str,
    blob_root: Path | None,
    this_export: set[str],
) -> Bundle:
    rows, withheld_leaves = _disclosed_rows(disclosure, this_export)
    key_rows, keys = _author_keys(rows)
    rows = sorted({row[0]: row for row in [*rows, *key_rows]}.values())
    blobs = _stored_blobs(_blobs_named(payload for *_, payload, _ in rows), blob_root)
    tree = log_tree()
    signed = issue_checkpoint(tree)
    to.mkdir(parents=True, exist_ok=True)
    events = _write_events(to, rows)
    proofs = {
        str(index): [_b64(node) for node in tree.inclusion_proof(index, tree.size)]
        for index in sorted(
            [row[0] for row in rows] + [leaf["index"] for leaf in withheld_leaves]
        )
    }
    _write_json(to / "proofs.json", {"tree_size": tree.size, "proofs": proofs})
    _write_json(to / "consistency.json", _consistency_proofs(tree))
    (to / "checkpoint.txt").write_text(signed.note, encoding="utf-8")
    (to / "node-key.txt").write_text(verifier_key() + "\n", encoding="utf-8")
    verifier = verifier_source().encode("utf-8")
    (to / "verify.py").write_bytes(verifier)
    blob_entries = _copy_blobs(to, blobs)
    manifest: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "log": log_origin(),
        "node_key": verifier_key(),
        "exported_by": exported_by,
        "exported_at": _now(),
        "reason": reason,
        "incidents": sorted(incident_ids),
        "checkpoint": {"size": tree.size, "root": _b64(tree.root())},
        "events": events,
        "blobs": blob_entries,
        "audience": disclosure.audience,
        "named_sources": [
            {"record": record, "real_name": name}
            for record, name in sorted(disclosure.names.items())
        ],
        "withheld": disclosure.withheld,
        "withheld_leaves": withheld_leaves,
        "keys": keys,
        "verifier_sha256": hashlib.sha256(verifier).hexdigest(),
    }
    readable = _readable(manifest).encode("utf-8")
    (to / "MANIFEST.txt").write_bytes(readable)
    manifest["files"] = [
        {"file": name, "sha256": hashlib.sha256((to / name).read_bytes()).hexdigest()}
        for name in (
            "MANIFEST.txt",
            "checkpoint.txt",
            "consistency.json",
            "node-key.txt",
            "proofs.json",
            "verify.py",
        )
    ]
    manifest_bytes = _json_bytes(manifest)
    (to / "manifest.json").write_bytes(manifest_bytes)
    signature = node_key().sign(manifest_bytes).signature
    (to / "manifest.sig").write_text(_b64(signature) + "\n", encoding="ascii")
    return Bundle(
        to, len(events), len(blob_entries), tree.size, manifest["verifier_sha256"]
    )


def _disclosed_rows(
    disclosure: Disclosure, this_export: set[str]
) -> tuple[list[Row], list[dict[str, Any]]]:
    """The events that go with their body, and those that go withheld.

    A withheld statement's events, the custody entries of other exports
    (where else the evidence went) and, for the public, consent records (their
    notes speak of the source) travel as leaves: id, index and proof.
    """
    held = {
        item["record"]: item["why"]
        for item in disclosure.withheld
        if item["what"] == "statement"
    }
    rows = list(
        LedgerEvent.objects.filter(record__in=disclosure.records | held.keys())
        .order_by("log_index")
        .values_list(*_COLUMNS)
    )
    shown: list[Row] = []
    leaves: list[dict[str, Any]] = []
    for row in rows:
        index, event_id, record, type_, payload, _ = row
        why = held.get(record)
        if why is None and _is_other_export(type_, event_id, payload, this_export):
            why = "the custody entry of another export: where else it went"
        if why is None and type_ in _NOT_PUBLIC and disclosure.audience == "public":
            why = _NOT_PUBLIC[type_]
        if why is None:
            shown.append(row)
        else:
            leaves.append({"index": index, "id": event_id, "why": why})
    return shown, leaves


def _is_other_export(
    type_: str, event_id: str, payload: str, this_export: set[str]
) -> bool:
    if type_ != "evidence.custody" or event_id in this_export:
        return False
    return bool(json.loads(payload)["body"].get("action") == "exported")


def _author_keys(rows: list[Row]) -> tuple[list[Row], list[dict[str, Any]]]:
    """The key events of every author of ``rows``, and the signed keys list.

    Only a key the log trusted is listed, so a forged author stays unlisted
    and the bundle's verifier names it.
    """
    root = public_key_hex(node_key())
    authors = {json.loads(payload)["author"] for *_, payload, _ in rows}
    key_rows = list(
        LedgerEvent.objects.filter(
            record__in=[key_record(a) for a in sorted(authors - {root})],
            type__in=KEY_EVENTS,
        )
        .order_by("log_index")
        .values_list(*_COLUMNS)
    )
    keys: dict[str, dict[str, Any]] = {
        root: {
            "key": root,
            "name": "node",
            "role": "node",
            "trusted_by": None,
            "revoked_by": None,
        }
    }
    for _, event_id, _, type_, payload, _ in key_rows:
        body = json.loads(payload)["body"]
        if type_ == KEY_TRUSTED:
            keys[body["key"]] = {
                "key": body["key"],
                "name": body["name"],
                "role": body["role"],
                "trusted_by": event_id,
                "revoked_by": None,
            }
        elif body["key"] in keys:
            keys[body["key"]]["revoked_by"] = event_id
    return key_rows, [keys[key] for key in sorted(keys)]


def _consistency_proofs(tree: Any) -> dict[str, Any]:
    """Proofs from every earlier checkpoint the node issued, for ``--since``."""
    sizes = IssuedCheckpoint.objects.filter(size__gt=0, size__lt=tree.size)
    proofs = {
        str(size): [_b64(node) for node in tree.consistency_proof(size, tree.size)]
        for size in sizes.values_list("size", flat=True).order_by("size")
    }
    return {"tree_size": tree.size, "proofs": proofs}


def _write_events(to: Path, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    folder = to / "events"
    folder.mkdir()
    entries = []
    for index, event_id, record, type_, payload, sig in rows:
        name = f"events/{index}.json"
        (to / name).write_bytes(payload.encode("utf-8"))
        entries.append(
            {
                "index": index,
                "id": event_id,
                "sig": sig,
                "record": record,
                "type": type_,
                "file": name,
            }
        )
    return entries


def _blobs_named(payloads: Iterable[str]) -> set[str]:
    """The SHA-256 of every file an event's body names under ``sha256``."""
    # The verifier's own reading, so export and check agree on what is named.
    return {d for payload in payloads for d in named_files(json.loads(payload)["body"])}


def _stored_blobs(digests: set[str], blob_root: Path | None) -> dict[str, Path]:
    """Where each named blob is stored; every one must be, before writing."""
    if not digests:
        return {}
    if blob_root is None:
        raise BundleError("these records name files, but no blob store was given")
    store = BlobStore(blob_root)
    paths = {digest: store.path_of(digest) for digest in sorted(digests)}
    for digest, path in paths.items():
        if not path.exists():
            raise BundleError(f"blob {digest} is named by an event but not stored")
    return paths


def _copy_blobs(to: Path, blobs: dict[str, Path]) -> list[dict[str, Any]]:
    if not blobs:
        return []
    folder = to / "blobs"
    folder.mkdir()
    entries = []
    for digest, source in blobs.items():
        shutil.copyfile(source, folder / digest)
        entries.append(
            {"sha256": digest, "size": source.stat().st_size, "file": f"blobs/{digest}"}
        )
    return entries


def _readable(manifest: dict[str, Any]) -> str:
    lines = [
        "sabt evidence bundle",
        "",
        f"Exported by: {manifest['exported_by']}",
        f"Exported at: {manifest['exported_at']}",
        f"Why:         {manifest['reason']}",
        f"Incidents:   {', '.join(manifest['incidents'])}",
        f"Log:         {manifest['log']}",
        f"Node key:    {manifest['node_key']}",
        f"Checkpoint:  {manifest['checkpoint']['size']} events, "
        f"root {manifest['checkpoint']['root']}",
        "",
        f"Events ({len(manifest['events'])}), in log order:",
        *(
            f"  #{e['index']}  {e['type']:<28} record {e['record']}  id {e['id']}"
            for e in manifest["events"]
        ),
        "",
        f"Files ({len(manifest['blobs'])}):",
        *(f"  {b['sha256']}  {b['size']} bytes" for b in manifest["blobs"]),
        "",
        "Signed by:",
        *(f"  {k['key']}  {k['role']} {k['name']}" for k in manifest["keys"]),
        "",
        f"For: {manifest['audience']}, as each source consented.",
        "Sources named with their consent:",
        *(f"  {n['record']}  {n['real_name']}" for n in manifest["named_sources"]),
        "Withheld:",
        *(f"  {w['what']} {w['record']}: {w['why']}" for w in manifest["withheld"]),
        "Withheld events, shown only by id and inclusion proof:",
        *(
            f"  #{leaf['index']}  {leaf['id']}: {leaf['why']}"
            for leaf in manifest["withheld_leaves"]
        ),
        "",
        f"verify.py sha256: {manifest['verifier_sha256']}",
        "To check this bundle: python verify.py THIS_DIRECTORY --key KEY_LINE",
        "with the node's key line obtained from the organisation another way",
        "(needs Python 3.9 or later and PyNaCl; nothing else, no network).",
        "",
    ]
    return "\n".join(lines)


def _write_json(path: Path, data: Any) -> None:
    path.write_bytes(_json_bytes(data))


def _json_bytes(data: Any) -> bytes:
    return (
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    ).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _now() -> str:
    stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return stamp.replace("+00:00", "Z")
