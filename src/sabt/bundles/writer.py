"""Write an export bundle: events, blobs, proofs, checkpoint, manifest, verifier.

A bundle is a directory anyone can check offline with ``python verify.py DIR``
(Python and PyNaCl only), without trusting the node that wrote it:

``events/<log index>.json``
    each event's signed bytes exactly as stored; its id is their SHA-256.
``proofs.json``
    for each event, its inclusion proof against the checkpoint.
``checkpoint.txt``
    the node's signed checkpoint (C2SP signed note) of the whole log.
``node-key.txt``
    the node's public key, as a C2SP verifier key line.
``blobs/<sha256>``
    the files the evidence events name.
``manifest.json`` and ``manifest.sig``
    what is in the bundle with every hash, who exported it, when and why,
    signed by the node key, so nothing can be added or removed unseen.
``MANIFEST.txt``
    the same for people.

Sealed fields stay sealed: events are copied as signed, never decrypted.
"""

from __future__ import annotations

import base64
import datetime
import json
import shutil
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from sabt.access.audit import record_read
from sabt.bundles.disclosure import Disclosure, plan_for_incidents
from sabt.bundles.verifier import verifier_source
from sabt.bundles.verify_bundle import named_files
from sabt.evidence.blobs import BlobStore
from sabt.evidence.custody import record_exports
from sabt.evidence.models import EvidenceFile
from sabt.ledger_store.merkle_log import (
    issue_checkpoint,
    log_origin,
    log_tree,
    verifier_key,
)
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.node import node_key

BUNDLE_FORMAT = "sabt-bundle/1"


class BundleError(ValueError):
    """The export cannot be made as asked; nothing was written."""


@dataclass(frozen=True)
class Bundle:
    path: Path
    events: int
    blobs: int
    checkpoint_size: int


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
    not exist or be an empty directory. Raises BundleError; then nothing is
    recorded.
    """
    if not reason.strip():
        raise BundleError("say why the export is made (--reason)")
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise BundleError(f"{to} exists and is not an empty directory")
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
        record_exports(
            actor=get_user_model()(username=exported_by),
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
        )


def _write_bundle(
    disclosure: Disclosure,
    *,
    incident_ids: Collection[str],
    to: Path,
    exported_by: str,
    reason: str,
    blob_root: Path | None,
) -> Bundle:
    rows = list(
        LedgerEvent.objects.filter(record__in=disclosure.records)
        .order_by("log_index")
        .values_list("log_index", "event_id", "record", "type", "payload", "sig")
    )
    blobs = _stored_blobs(_blobs_named(payload for *_, payload, _ in rows), blob_root)
    tree = log_tree()
    signed = issue_checkpoint(tree)
    to.mkdir(parents=True, exist_ok=True)
    events = _write_events(to, rows)
    proofs = {
        str(index): [_b64(node) for node in tree.inclusion_proof(index, tree.size)]
        for index, *_ in rows
    }
    _write_json(to / "proofs.json", {"tree_size": tree.size, "proofs": proofs})
    (to / "checkpoint.txt").write_text(signed.note, encoding="utf-8")
    (to / "node-key.txt").write_text(verifier_key() + "\n", encoding="utf-8")
    blob_entries = _copy_blobs(to, blobs)
    manifest = {
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
    }
    manifest_bytes = _json_bytes(manifest)
    (to / "manifest.json").write_bytes(manifest_bytes)
    signature = node_key().sign(manifest_bytes).signature
    (to / "manifest.sig").write_text(_b64(signature) + "\n", encoding="ascii")
    (to / "MANIFEST.txt").write_text(_readable(manifest), encoding="utf-8")
    (to / "verify.py").write_text(verifier_source(), encoding="utf-8")
    return Bundle(to, len(events), len(blob_entries), tree.size)


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
        f"For: {manifest['audience']}, as each source consented.",
        "Sources named with their consent:",
        *(f"  {n['record']}  {n['real_name']}" for n in manifest["named_sources"]),
        "Withheld:",
        *(f"  {w['what']} {w['record']}: {w['why']}" for w in manifest["withheld"]),
        "",
        "To check this bundle: python verify.py THIS_DIRECTORY",
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
