"""A bundle's verify.py against forgery: re-signed bundles, unknown authors,
``--since`` over a grown or rewritten history, and an assessment made in the
web form carried through export.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from nacl.signing import SigningKey
from pytest_django import Settings

from sabt.demo.loader import load_demo
from sabt.evidence.models import EvidenceItem
from sabt.evidence.services import register_evidence_item
from sabt.ledger.canonical import canonical_bytes
from sabt.ledger.checkpoint import Checkpoint, sign_checkpoint, verifier_key_line
from sabt.ledger.merkle import MerkleTree, event_leaf_hash
from sabt.ledger.trust import KEY_REVOKED, KEY_TRUSTED, key_record
from sabt.ledger_store.merkle_log import issue_checkpoint, log_origin, verifier_key
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.node import node_key
from sabt.ledger_store.recording import record_event
from sabt.records.services import record_consent, register_source
from tests.bundles.test_export import (
    DARHEL,
    bundle,
    manifest,
    named,
    run_verifier,
)
from tests.factories import make_incident, make_statement
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db
__all__ = ["bundle"]  # the fixture, shared with the export tests


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def resign(bundle: Path, key: SigningKey, odd: SigningKey | None = None) -> str:
    """Redo every signature of the bundle with ``key``, as a forger would.

    The events become a new log of their own, re-signed; with ``odd``, the
    first event is signed by that key instead, which the keys list omits.
    Returns the new key line.
    """
    contents = manifest(bundle)
    origin = "sabt.node/" + bytes(key.verify_key).hex()[:16]
    renamed: dict[str, str] = {}
    tree = MerkleTree()
    entries = []
    for n, entry in enumerate(contents["events"]):
        old = bundle / entry["file"]
        event = json.loads(old.read_bytes())
        old.unlink()
        signer = odd if odd is not None and n == 0 else key
        event["author"] = bytes(signer.verify_key).hex()
        event["parents"] = [renamed[p] for p in event["parents"]]
        payload = canonical_bytes(event)
        digest = hashlib.sha256(payload).digest()
        renamed[entry["id"]] = digest.hex()
        (bundle / f"events/{n}.json").write_bytes(payload)
        tree.append(event_leaf_hash(digest.hex()))
        sig = signer.sign(digest).signature.hex()
        entries.append(
            {**entry, "index": n, "id": digest.hex(), "sig": sig,
             "file": f"events/{n}.json"}
        )  # fmt: skip
    size = tree.size
    proofs = {
        str(n): [b64(x) for x in tree.inclusion_proof(n, size)] for n in range(size)
    }
    (bundle / "proofs.json").write_text(
        json.dumps({"tree_size": size, "proofs": proofs})
    )
    (bundle / "consistency.json").write_text(
        json.dumps({"tree_size": size, "proofs": {}})
    )
    (bundle / "checkpoint.txt").write_text(
        sign_checkpoint(key, origin, Checkpoint(origin, size, tree.root()))
    )
    line = verifier_key_line(origin, key.verify_key)
    (bundle / "node-key.txt").write_text(line + "\n")
    root = bytes(key.verify_key).hex()
    contents.update(
        log=origin,
        node_key=line,
        events=entries,
        withheld_leaves=[],
        checkpoint={"size": size, "root": b64(tree.root())},
        keys=[{"key": root, "name": "node", "role": "node", "trusted_by": None,
               "revoked_by": None}],
        files=[
            {"file": item["file"],
             "sha256": hashlib.sha256((bundle / item["file"]).read_bytes()).hexdigest()}
            for item in contents["files"]
        ],
    )  # fmt: skip
    data = json.dumps(contents).encode()
    (bundle / "manifest.json").write_bytes(data)
    (bundle / "manifest.sig").write_text(b64(key.sign(data).signature) + "\n")
    return line


def test_a_resigned_bundle_is_unpinned_without_a_key_and_fails_with_it(
    bundle: Path,
) -> None:
    forged = resign(bundle, SigningKey(b"\x07" * 32))

    code, out = run_verifier(bundle, pin=False)
    assert code == 3, out
    assert "PROBLEM" not in out
    assert f"UNPINNED: {len(manifest(bundle)['events'])} events" in out
    assert f"signed by {forged}." in out

    code, out = run_verifier(bundle)
    assert code == 1
    genuine = verifier_key()
    assert (
        f"PROBLEM: the bundle is signed by {forged}, not the expected key {genuine}"
        in out
    )


def test_an_event_by_a_key_the_manifest_does_not_list_fails(bundle: Path) -> None:
    stranger = SigningKey(b"\x09" * 32)
    resign(bundle, SigningKey(b"\x07" * 32), odd=stranger)
    first = manifest(bundle)["events"][0]

    code, out = run_verifier(bundle, pin=False)

    assert code == 1
    assert (
        f"PROBLEM: {named(first)}: its author {bytes(stranger.verify_key).hex()} "
        "is not in the signed manifest's list of keys"
    ) in out


def test_a_log_name_that_does_not_match_the_key_fails(bundle: Path) -> None:
    key = SigningKey(b"\x07" * 32)
    resign(bundle, key)
    contents = manifest(bundle)
    contents["log"] = log_origin()
    data = json.dumps(contents).encode()
    (bundle / "manifest.json").write_bytes(data)
    (bundle / "manifest.sig").write_text(b64(key.sign(data).signature) + "\n")

    code, out = run_verifier(bundle, pin=False)

    expected = "sabt.node/" + bytes(key.verify_key).hex()[:16]
    assert code == 1
    assert (
        f"PROBLEM: the log name {log_origin()} does not match the node key: a log "
        f"signed by that key is named {expected}"
    ) in out


@pytest.fixture
def old_checkpoint(investigator: User, tmp_path: Path) -> Path:
    """A checkpoint the expert was given before the export, then more events."""
    load_demo(actor=investigator)
    path = tmp_path / "old.txt"
    path.write_text(issue_checkpoint().note)
    register_evidence_item(actor=investigator, kind="photo", title="Later photo")
    return path


def export_darhel(target: Path) -> Path:
    code, out, _ = run_command(
        "export",
        "--by",
        "investigator",
        "--incident",
        DARHEL,
        "--to",
        str(target),
        "--reason",
        "court",
    )
    assert code == 0, out
    return target


def test_since_accepts_a_log_that_only_grew(
    old_checkpoint: Path, tmp_path: Path
) -> None:
    target = export_darhel(tmp_path / "bundle")
    size = int(old_checkpoint.read_text().split("\n")[1])

    code, out = run_verifier(target, "--since", str(old_checkpoint))

    total = LedgerEvent.objects.count()
    assert code == 0, out
    assert (
        f"since {old_checkpoint}: the log grew from {size} to {total} events "
        "without changing any earlier one"
    ) in out


def test_since_names_a_rewritten_history(old_checkpoint: Path, tmp_path: Path) -> None:
    size = int(old_checkpoint.read_text().split("\n")[1])
    forged = tmp_path / "rewritten.txt"
    forged.write_text(
        sign_checkpoint(
            node_key(), log_origin(), Checkpoint(log_origin(), size, b"\x01" * 32)
        )
    )
    target = export_darhel(tmp_path / "bundle")

    code, out = run_verifier(target, "--since", str(forged))

    total = LedgerEvent.objects.count()
    assert code == 1
    assert (
        f"PROBLEM: {forged}: history was rewritten: the log of {total} events "
        f"does not extend the {size} events your checkpoint signed"
    ) in out


def test_since_without_a_proof_for_that_size_says_whom_to_ask(
    old_checkpoint: Path, tmp_path: Path
) -> None:
    size = int(old_checkpoint.read_text().split("\n")[1]) - 1
    tree = MerkleTree(
        event_leaf_hash(e)
        for e in LedgerEvent.objects.order_by("log_index").values_list(
            "event_id", flat=True
        )[:size]
    )
    unknown = tmp_path / "unknown.txt"
    unknown.write_text(
        sign_checkpoint(
            node_key(), log_origin(), Checkpoint(log_origin(), size, tree.root())
        )
    )
    target = export_darhel(tmp_path / "bundle")

    code, out = run_verifier(target, "--since", str(unknown))

    assert code == 1
    assert (
        f"PROBLEM: {unknown}: this bundle carries no consistency proof from tree "
        f"size {size}; ask the organisation to run `sabt prove-consistency` on "
        "your checkpoint and send you what it prints"
    ) in out


def test_an_assessment_made_in_the_web_form_exports_and_verifies(
    client: Client, investigator: User, tmp_path: Path, settings: Settings
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    load_demo(actor=investigator)
    item = register_evidence_item(
        actor=investigator, kind="photo", title="Darhel", incidents=[DARHEL]
    )
    client.force_login(investigator)
    response = client.post(
        f"/evidence/{item.record}/assessments/",
        {"kind": "source", "method": "called the sender", "finding": "consistent",
         "confidence": "high", "analyst": "farid", "sha256": ""},
    )  # fmt: skip
    assert response.status_code == 302
    [event] = LedgerEvent.objects.filter(type="evidence.assessed")
    assert "sha256" not in json.loads(event.payload)["body"]
    assert EvidenceItem.objects.get(pk=item.record).assessments.count() == 1

    target = export_darhel(tmp_path / "bundle")

    assert any(e["type"] == "evidence.assessed" for e in manifest(target)["events"])
    assert run_verifier(target)[0] == 0


KIT = SigningKey(b"\x0b" * 32)
KIT_HEX = bytes(KIT.verify_key).hex()


def assessed_by_kit(item: EvidenceItem) -> None:
    record_event(
        type="evidence.assessed",
        record=item.record,
        body={"actor": "kit-1", "kind": "source", "method": "asked the sender",
              "finding": "consistent", "details": "", "confidence": "medium",
              "analyst": "farid"},
        key=KIT,
    )  # fmt: skip


@pytest.fixture
def kit_bundle(investigator: User, tmp_path: Path) -> Path:
    """Darhel with an assessment signed by an enrolled, then revoked, field kit."""
    load_demo(actor=investigator)
    item = register_evidence_item(
        actor=investigator, kind="photo", title="Darhel", incidents=[DARHEL]
    )
    record_event(
        type=KEY_TRUSTED,
        record=key_record(KIT_HEX),
        body={"key": KIT_HEX, "name": "kit-1", "role": "field_kit", "case": None},
    )
    assessed_by_kit(item)
    record_event(
        type=KEY_REVOKED,
        record=key_record(KIT_HEX),
        body={"key": KIT_HEX, "reason": "seized at a checkpoint"},
    )
    return export_darhel(tmp_path / "bundle")


def test_a_field_kits_key_events_travel_and_its_author_is_listed(
    kit_bundle: Path,
) -> None:
    trusted, revoked = LedgerEvent.objects.filter(
        record=key_record(KIT_HEX)
    ).values_list("event_id", flat=True)
    root = bytes(node_key().verify_key).hex()

    code, out = run_verifier(kit_bundle)

    assert code == 0, out
    assert (
        f"authors: {root} node (this log's key); {KIT_HEX} field kit kit-1 "
        f"enrolled by event {trusted}, revoked by event {revoked}\n"
    ) in out
    ids = {e["id"] for e in manifest(kit_bundle)["events"]}
    assert {trusted, revoked} <= ids


def test_a_kits_missing_key_trusted_event_fails(kit_bundle: Path) -> None:
    [entry] = [e for e in manifest(kit_bundle)["events"] if e["type"] == KEY_TRUSTED]
    (kit_bundle / entry["file"]).unlink()

    code, out = run_verifier(kit_bundle)

    assert code == 1
    assert (
        f"PROBLEM: key {KIT_HEX} (kit-1): its key.trusted event {entry['id']} "
        "is not in the bundle"
    ) in out


def test_a_public_bundle_carries_withheld_statements_and_consent_as_leaves(
    investigator: User, tmp_path: Path
) -> None:
    incident = make_incident(investigator)
    source = register_source(
        actor=investigator, kind="witness", pseudonym="W-4", real_name="Gul Ahmad"
    )
    statement = make_statement(investigator, source=source, incident=incident,
                               text="They took my brother.")  # fmt: skip
    record_consent(
        actor=investigator, source=source, name="nobody", account="organisation",
        obtained_how="in_person", obtained_on="2021-09-20",
    )  # fmt: skip
    target = tmp_path / "public"
    run_command(
        "export", "--by", "investigator", "--incident", incident.record,
        "--to", str(target), "--reason", "press", "--audience", "public",
    )  # fmt: skip

    held = {
        e.event_id: e.log_index
        for e in LedgerEvent.objects.filter(record=statement.record)
    }
    [consent] = LedgerEvent.objects.filter(type="source.consent_recorded")
    leaves = manifest(target)["withheld_leaves"]
    account = (
        "the source's consent lets their account go to the organisation only, "
        "not to the public"
    )
    notes = "a consent record: its notes are not for the public"
    expected: list[dict[str, Any]] = [
        {"index": i, "id": e, "why": account} for e, i in held.items()
    ] + [{"index": consent.log_index, "id": consent.event_id, "why": notes}]
    assert sorted(leaves, key=lambda leaf: leaf["index"]) == sorted(
        expected, key=lambda leaf: leaf["index"]
    )
    shown = {e["id"] for e in manifest(target)["events"]}
    assert not shown & {*held, consent.event_id}
    code, out = run_verifier(target)
    assert code == 0, out
    assert f"withheld: {len(held) + 1} events travel as id and inclusion proof" in out
    assert f"  #{consent.log_index} {consent.event_id}: {notes}\n" in out
