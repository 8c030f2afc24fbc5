"""Check a sabt evidence bundle offline: python verify.py BUNDLE [--key VKEY].

Needs Python 3.9 or later and PyNaCl, nothing else, and no network. It checks
that the manifest is signed by the bundle's node key; that the checkpoint is
signed by the same key; that every event's bytes hash to its id, carry a valid
signature by their author, and are included in the checkpointed log at their
index; that every file hashes to its name; and that nothing was added to or
removed from what the manifest lists. It prints each problem it finds, then a
verdict, and exits 0 only if there is none.

The node key inside the bundle proves the bundle is whole, not who made it:
compare the key printed here with one obtained from the organisation another
way, or pass it as ``--key`` to make that comparison part of the check.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

# --- begin inlined modules ---
# The copy of this file written into a bundle replaces this block with the
# code of these two modules, so the verifier is one file.
from sabt.ledger.checkpoint import (
    CheckpointError,
    parse_verifier_key,
    verify_checkpoint,
)
from sabt.ledger.merkle import ProofError, event_leaf_hash, verify_inclusion

# --- end inlined modules ---

FORMAT = "sabt-bundle/1"


class Report:
    """Collects problems; each names the file or event it is about."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, message: str) -> None:
        self.problems.append(message)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_text(bundle: Path, name: str, report: Report) -> str | None:
    try:
        return (bundle / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.add(f"{name}: cannot be read ({exc})")
        return None


def check_manifest(bundle: Path, report: Report) -> tuple[Any, Any] | None:
    """Return (manifest, node verify key) if the manifest's signature holds."""
    vkey = read_text(bundle, "node-key.txt", report)
    raw_sig = read_text(bundle, "manifest.sig", report)
    try:
        manifest_bytes = (bundle / "manifest.json").read_bytes()
    except OSError as exc:
        report.add(f"manifest.json: cannot be read ({exc})")
        return None
    if vkey is None or raw_sig is None:
        return None
    try:
        key_name, key = parse_verifier_key(vkey.strip())
    except (CheckpointError, ValueError) as exc:
        report.add(f"node-key.txt: not a verifier key ({exc})")
        return None
    try:
        key.verify(manifest_bytes, base64.b64decode(raw_sig.strip(), validate=True))
    except (BadSignatureError, ValueError):
        report.add(
            "manifest.json: its signature does not verify with the key in "
            "node-key.txt (the manifest was changed, or the key was replaced)"
        )
        return None
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != FORMAT:
        report.add(
            f"manifest.json: format {manifest.get('format')!r}, expected {FORMAT}"
        )
        return None
    if manifest.get("node_key") != vkey.strip():
        report.add("node-key.txt is not the key the signed manifest names")
    return manifest, (key_name, key)


def check_checkpoint(
    bundle: Path, manifest: Any, key_name: str, key: VerifyKey, report: Report
) -> Any:
    note = read_text(bundle, "checkpoint.txt", report)
    if note is None:
        return None
    try:
        checkpoint = verify_checkpoint(note, key_name, key)
    except CheckpointError as exc:
        report.add(f"checkpoint.txt: {exc}")
        return None
    signed = manifest["checkpoint"]
    root = base64.b64encode(checkpoint.root).decode("ascii")
    if checkpoint.size != signed["size"] or root != signed["root"]:
        report.add(
            f"checkpoint.txt: tree size {checkpoint.size} and root {root} are not "
            f"the {signed['size']} and {signed['root']} the manifest names"
        )
        return None
    return checkpoint


def check_events(
    bundle: Path, manifest: Any, checkpoint: Any, report: Report
) -> list[dict[str, Any]]:
    """Check every listed event; return the bodies of those that hold."""
    try:
        proofs = json.loads((bundle / "proofs.json").read_bytes())
    except (OSError, ValueError) as exc:
        report.add(f"proofs.json: cannot be read ({exc})")
        proofs = {"tree_size": None, "proofs": {}}
    good: list[dict[str, Any]] = []
    ids = {entry["id"] for entry in manifest["events"]}
    for entry in manifest["events"]:
        where = f"event #{entry['index']} (record {entry['record']}, id {entry['id']})"
        event = check_event(bundle, entry, where, report)
        if event is None:
            continue
        for parent in event["parents"]:
            if parent not in ids:
                report.add(f"{where}: parent {parent} is missing from the bundle")
        if checkpoint is not None:
            check_inclusion(entry, proofs, checkpoint, where, report)
        good.append(event)
    listed = {entry["file"] for entry in manifest["events"]}
    for path in sorted((bundle / "events").glob("*")):
        if f"events/{path.name}" not in listed:
            report.add(f"events/{path.name}: not listed in the signed manifest")
    return good


def check_event(
    bundle: Path, entry: Any, where: str, report: Report
) -> dict[str, Any] | None:
    try:
        payload = (bundle / entry["file"]).read_bytes()
    except OSError:
        report.add(f"{where}: its file {entry['file']} is missing")
        return None
    digest = hashlib.sha256(payload).digest()
    if digest.hex() != entry["id"]:
        report.add(f"{where}: its bytes do not hash to its id (the event was changed)")
        return None
    try:
        event = json.loads(payload)
        author = VerifyKey(bytes.fromhex(event["author"]))
        author.verify(digest, bytes.fromhex(entry["sig"]))
    except (ValueError, KeyError, TypeError):
        report.add(f"{where}: not a well-formed event")
        return None
    except BadSignatureError:
        report.add(f"{where}: its signature does not verify with its author's key")
        return None
    if (event.get("record"), event.get("type")) != (entry["record"], entry["type"]):
        report.add(f"{where}: its record or type differs from the manifest's")
        return None
    return dict(event)


def check_inclusion(
    entry: Any, proofs: Any, checkpoint: Any, where: str, report: Report
) -> None:
    if proofs.get("tree_size") != checkpoint.size:
        report.add(
            f"{where}: its proof is for tree size {proofs.get('tree_size')}, "
            f"not the checkpoint's {checkpoint.size}"
        )
        return
    path = proofs["proofs"].get(str(entry["index"]))
    if path is None:
        report.add(f"{where}: no inclusion proof")
        return
    try:
        nodes = [base64.b64decode(node, validate=True) for node in path]
        verify_inclusion(
            event_leaf_hash(entry["id"]),
            entry["index"],
            checkpoint.size,
            nodes,
            checkpoint.root,
        )
    except (ProofError, ValueError) as exc:
        report.add(
            f"{where}: not included in the checkpointed log at its index ({exc})"
        )


def check_blobs(bundle: Path, manifest: Any, events: list[Any], report: Report) -> None:
    listed = {blob["sha256"] for blob in manifest["blobs"]}
    for blob in manifest["blobs"]:
        path = bundle / blob["file"]
        if not path.is_file():
            report.add(f"{blob['file']}: missing")
        elif sha256_file(path) != blob["sha256"]:
            report.add(f"{blob['file']}: its content does not hash to its name")
        elif path.stat().st_size != blob["size"]:
            report.add(
                f"{blob['file']}: {path.stat().st_size} bytes, not {blob['size']}"
            )
    withheld = {item.get("sha256") for item in manifest.get("withheld", [])}
    for event in events:
        for digest in named_files(event["body"]):
            if digest not in listed and digest not in withheld:
                report.add(f"file {digest}, named by an event, is not in the bundle")
    folder = bundle / "blobs"
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.name not in listed:
            report.add(f"blobs/{path.name}: not listed in the signed manifest")


def named_files(data: Any) -> list[str]:
    if isinstance(data, dict):
        found = [v for k, v in data.items() if k == "sha256" and isinstance(v, str)]
        return found + [d for v in data.values() for d in named_files(v)]
    if isinstance(data, list):
        return [d for v in data for d in named_files(v)]
    return []


def verify_bundle(bundle: Path, expected_key: str | None = None) -> list[str]:
    """Return every problem found in the bundle; an empty list means it holds."""
    report = Report()
    checked = check_manifest(bundle, report)
    if checked is None:
        return report.problems
    manifest, (key_name, key) = checked
    if expected_key is not None and manifest["node_key"] != expected_key.strip():
        report.add(
            f"the bundle is signed by {manifest['node_key']}, "
            f"not the expected key {expected_key.strip()}"
        )
    checkpoint = check_checkpoint(bundle, manifest, key_name, key, report)
    events = check_events(bundle, manifest, checkpoint, report)
    check_blobs(bundle, manifest, events, report)
    return report.problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("bundle", type=Path, help="the bundle's directory")
    parser.add_argument("--key", help="the node key you expect (C2SP verifier key)")
    args = parser.parse_args(argv)
    problems = verify_bundle(args.bundle, args.key)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if problems:
        print(f"NOT VERIFIED: {len(problems)} problem(s) in {args.bundle}")
        return 1
    manifest = json.loads((args.bundle / "manifest.json").read_bytes())
    print(
        f"VERIFIED: {len(manifest['events'])} events and {len(manifest['blobs'])} "
        f"files, all signed, unaltered and included in log {manifest['log']} at "
        f"tree size {manifest['checkpoint']['size']}, signed by {manifest['node_key']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
