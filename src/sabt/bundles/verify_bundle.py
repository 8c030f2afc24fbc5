"""Check a sabt evidence bundle offline: python verify.py BUNDLE --key VKEY.

Needs Python 3.9 or later and PyNaCl, nothing else, and no network. It checks
that the manifest is signed by the bundle's node key; that the checkpoint is
signed by the same key; that every event's bytes hash to its id, carry a valid
signature by their author, and are included in the checkpointed log at their
index; that every author is a key the log trusted when it signed; that every
file hashes to its name; and that no file was added to or removed from what
the manifest lists. With ``--since OLD``, it also checks that the log only
grew since an earlier checkpoint. It prints what it found, then a verdict.

The node key inside the bundle proves the bundle is whole, not who made it:
pass the key line obtained from the organisation another way (a phone call,
its website, a letter) as ``--key``. Exit status: 0 VERIFIED (whole, and
signed by that key), 1 NOT VERIFIED (a problem was found), 3 UNPINNED
(whole, but no ``--key`` was given, so anyone could have made it).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

# --- begin inlined modules ---
# The copy of this file written into a bundle replaces this block with the
# code of these modules, so the verifier is one file.
from sabt.ledger.checkpoint import (
    CheckpointError,
    parse_verifier_key,
    verify_checkpoint,
)
from sabt.ledger.errors import UnknownAuthor
from sabt.ledger.merkle import (
    ProofError,
    event_leaf_hash,
    verify_consistency,
    verify_inclusion,
)
from sabt.ledger.trust import KEY_TRUSTED, TrustedAuthors

# --- end inlined modules ---

FORMAT = "sabt-bundle/1"
# The two files that cannot name their own hash in the manifest.
SIGNED_FILES = ("manifest.json", "manifest.sig")
EXIT_VERIFIED, EXIT_NOT_VERIFIED, EXIT_UNPINNED = 0, 1, 3
ROLE_WORDS = {"field_kit": "field kit", "node": "node"}


@dataclass
class Report:
    """Collects problems, each naming the file or event it is about, and
    findings that are not problems (authors, withheld leaves)."""

    problems: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.problems.append(message)

    def note(self, message: str) -> None:
        self.findings.append(message)


def log_name_of(key: VerifyKey) -> str:
    """The name a node gives its log: derived from its key (sabt.node/<hex16>)."""
    return "sabt.node/" + bytes(key).hex()[:16]


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
    expected_name = log_name_of(key)
    for what, name in (("log", manifest.get("log")), ("key", key_name)):
        if name != expected_name:
            report.add(
                f"the {what} name {name} does not match the node key: a log "
                f"signed by that key is named {expected_name}"
            )
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


def read_proofs(bundle: Path, report: Report) -> Any:
    try:
        return json.loads((bundle / "proofs.json").read_bytes())
    except (OSError, ValueError) as exc:
        report.add(f"proofs.json: cannot be read ({exc})")
        return {"tree_size": None, "proofs": {}}


def check_events(
    bundle: Path, manifest: Any, checkpoint: Any, proofs: Any, report: Report
) -> list[tuple[Any, dict[str, Any]]]:
    """Check every listed event; return (entry, event) for those that hold."""
    good: list[tuple[Any, dict[str, Any]]] = []
    ids = {entry["id"] for entry in manifest["events"]}
    ids |= {leaf["id"] for leaf in manifest.get("withheld_leaves", [])}
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
        good.append((entry, event))
    return good


def check_withheld_leaves(
    manifest: Any, checkpoint: Any, proofs: Any, report: Report
) -> None:
    """Check each withheld event's inclusion, and say how many and why."""
    leaves = manifest.get("withheld_leaves", [])
    for leaf in leaves:
        where = f"withheld event #{leaf['index']} (id {leaf['id']})"
        if checkpoint is not None:
            check_inclusion(leaf, proofs, checkpoint, where, report)
    if leaves:
        report.note(
            f"withheld: {len(leaves)} events travel as id and inclusion proof "
            "only, without their body:"
        )
        for leaf in leaves:
            report.note(f"  #{leaf['index']} {leaf['id']}: {leaf['why']}")


def check_authors(
    manifest: Any, events: list[tuple[Any, dict[str, Any]]], root: str, report: Report
) -> None:
    """Walk the events in log order under the log's rules on who may sign.

    The root is the node key; every other author needs its ``key.trusted``
    event in the bundle, and every author must be in the signed keys list.
    """
    listed = {item["key"]: item for item in manifest.get("keys", [])}
    trust = TrustedAuthors(root=root)
    for entry, event in sorted(events, key=lambda pair: pair[0]["index"]):
        where = f"event #{entry['index']} (record {entry['record']}, id {entry['id']})"
        author = event.get("author")
        if author not in listed:
            report.add(
                f"{where}: its author {author} is not in the signed manifest's "
                "list of keys"
            )
            continue
        try:
            trust.admit({**event, "id": entry["id"]})
        except UnknownAuthor as exc:
            report.add(f"{where}: {exc}")
    in_bundle = {entry["id"]: event for entry, event in events}
    described = []
    for key, item in sorted(listed.items(), key=lambda kv: kv[0] != root):
        if key == root:
            described.append(f"{key} node (this log's key)")
            continue
        role = ROLE_WORDS.get(item.get("role"), str(item.get("role")))
        trusted = in_bundle.get(item.get("trusted_by"))
        if trusted is None or trusted.get("type") != KEY_TRUSTED:
            report.add(
                f"key {key} ({item.get('name')}): its key.trusted event "
                f"{item.get('trusted_by')} is not in the bundle"
            )
        text = f"{key} {role} {item.get('name')} enrolled by event {item['trusted_by']}"
        if item.get("revoked_by"):
            if item["revoked_by"] not in in_bundle:
                report.add(
                    f"key {key} ({item.get('name')}): its key.revoked event "
                    f"{item['revoked_by']} is not in the bundle"
                )
            text += f", revoked by event {item['revoked_by']}"
        described.append(text)
    report.note("authors: " + "; ".join(described))


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


def check_blobs(
    bundle: Path, manifest: Any, events: list[tuple[Any, Any]], report: Report
) -> None:
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
    for _, event in events:
        for digest in named_files(event["body"]):
            if digest not in listed and digest not in withheld:
                report.add(f"file {digest}, named by an event, is not in the bundle")


def check_files(bundle: Path, manifest: Any, report: Report) -> None:
    """Every file in the bundle is named, with its hash, in the signed manifest."""
    for item in manifest.get("files", []):
        path = bundle / item["file"]
        if not path.is_file():
            report.add(f"{item['file']}: missing")
        elif sha256_file(path) != item["sha256"]:
            report.add(
                f"{item['file']}: its content is not the one whose hash the "
                "signed manifest gives (it was changed)"
            )
    known = set(SIGNED_FILES)
    for group in ("events", "blobs", "files"):
        known |= {item["file"] for item in manifest.get(group, [])}
    for path in sorted(bundle.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        name = path.relative_to(bundle).as_posix()
        if name not in known:
            report.add(f"{name}: an unexpected file, not listed in the signed manifest")


def check_since(
    bundle: Path, old: Path, signer: tuple[str, VerifyKey], checkpoint: Any,
    report: Report,
) -> None:  # fmt: skip
    """Check that the bundle's log extends the expert's earlier checkpoint."""
    key_name, key = signer
    try:
        note = old.read_text(encoding="utf-8")
        earlier = verify_checkpoint(note, key_name, key, origin=key_name)
    except (OSError, UnicodeDecodeError, CheckpointError) as exc:
        report.add(f"{old}: not a checkpoint signed by this bundle's key ({exc})")
        return
    if checkpoint is None:
        return
    size = checkpoint.size
    if earlier.size > size:
        report.add(
            f"{old}: it signed {earlier.size} events, the bundle's log has only "
            f"{size}: events were removed"
        )
        return
    if earlier.size == size:
        if earlier.root != checkpoint.root:
            report.add(
                f"{old}: history was rewritten: the log of {size} events has "
                "another root than the one your checkpoint signed"
            )
        else:
            report.note(f"since {old}: the log is the same {size} events")
        return
    try:
        data = json.loads((bundle / "consistency.json").read_bytes())
        path = (
            data["proofs"].get(str(earlier.size)) if data["tree_size"] == size else None
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        path = None
    if path is None:
        report.add(
            f"{old}: this bundle carries no consistency proof from tree size "
            f"{earlier.size}; ask the organisation to run `sabt prove-consistency` "
            "on your checkpoint and send you what it prints"
        )
        return
    try:
        nodes = [base64.b64decode(node, validate=True) for node in path]
        verify_consistency(earlier.size, size, earlier.root, checkpoint.root, nodes)
    except (ProofError, ValueError) as exc:
        report.add(
            f"{old}: history was rewritten: the log of {size} events does not "
            f"extend the {earlier.size} events your checkpoint signed ({exc})"
        )
        return
    report.note(
        f"since {old}: the log grew from {earlier.size} to {size} events "
        "without changing any earlier one"
    )


def named_files(data: Any) -> list[str]:
    """The SHA-256 of every file a body names; an empty value names none."""
    if isinstance(data, dict):
        found = [
            v for k, v in data.items() if k == "sha256" and isinstance(v, str) and v
        ]
        return found + [d for v in data.values() for d in named_files(v)]
    if isinstance(data, list):
        return [d for v in data for d in named_files(v)]
    return []


def verify_bundle(
    bundle: Path, expected_key: str | None = None, since: Path | None = None
) -> Report:
    """Check the bundle; a report without problems means it holds."""
    report = Report()
    checked = check_manifest(bundle, report)
    if checked is None:
        return report
    manifest, (key_name, key) = checked
    if expected_key is not None and manifest["node_key"] != expected_key.strip():
        report.add(
            f"the bundle is signed by {manifest['node_key']}, "
            f"not the expected key {expected_key.strip()}"
        )
    checkpoint = check_checkpoint(bundle, manifest, key_name, key, report)
    proofs = read_proofs(bundle, report)
    events = check_events(bundle, manifest, checkpoint, proofs, report)
    check_authors(manifest, events, bytes(key).hex(), report)
    check_withheld_leaves(manifest, checkpoint, proofs, report)
    check_blobs(bundle, manifest, events, report)
    check_files(bundle, manifest, report)
    if since is not None:
        check_since(bundle, since, (key_name, key), checkpoint, report)
    return report


def check_self(bundle: Path) -> str | None:
    """Say whether this very file is the verify.py the manifest publishes."""
    try:
        published = json.loads((bundle / "manifest.json").read_bytes())
        expected = published["verifier_sha256"]
        mine = sha256_file(Path(__file__).resolve())
    except (OSError, ValueError, KeyError, TypeError, NameError):
        return None
    if mine == expected:
        return f"verify.py: this verifier's sha256 {mine} is the one published"
    return (
        f"verify.py: this verifier's sha256 {mine} is not the {expected} "
        "published in the manifest; make sure you trust the verifier you run"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("bundle", type=Path, help="the bundle's directory")
    parser.add_argument(
        "--key",
        help="the node's key line (C2SP verifier key, as `sabt keys show` prints "
        "it), obtained from the organisation out of band",
    )
    parser.add_argument(
        "--since",
        type=Path,
        metavar="OLD_CHECKPOINT",
        help="an earlier checkpoint of this log you hold: check the log only grew",
    )
    args = parser.parse_args(argv)
    report = verify_bundle(args.bundle, args.key, args.since)
    itself = check_self(args.bundle)
    for line in [*report.findings, *([itself] if itself else [])]:
        print(line)
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    if report.problems:
        print(f"NOT VERIFIED: {len(report.problems)} problem(s) in {args.bundle}")
        return EXIT_NOT_VERIFIED
    manifest = json.loads((args.bundle / "manifest.json").read_bytes())
    what = (
        f"{len(manifest['events'])} events and {len(manifest['blobs'])} files, "
        f"all signed, unaltered and included in log {manifest['log']} at tree "
        f"size {manifest['checkpoint']['size']}"
    )
    if args.key is None:
        print(
            f"UNPINNED: {what}, signed by {manifest['node_key']}. The bundle is "
            "internally consistent, but anyone could have made it with a key of "
            "their own.\nObtain the organisation's key line out of band (a phone "
            "call, its website, a letter) and run again with --key LINE."
        )
        return EXIT_UNPINNED
    print(f"VERIFIED: {what}, signed by the key you gave {manifest['node_key']}")
    return EXIT_VERIFIED


if __name__ == "__main__":
    sys.exit(main())
