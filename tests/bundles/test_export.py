"""Export bundles, checked by the very verify.py each bundle carries.

The tamper matrix changes one thing in an exported bundle at a time and
asserts the verifier names it; the untouched bundle verifies.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from nacl.signing import SigningKey
from PIL import Image, ImageDraw
from pytest_django import Settings

from sabt.demo.loader import demo_id, load_demo
from sabt.evidence.models import CustodyEntry, EvidenceFile, EvidenceItem
from sabt.evidence.services import add_file, register_evidence_item
from sabt.evidence.services.custody import chain_of
from sabt.ledger.checkpoint import Checkpoint, sign_checkpoint, verifier_key_line
from sabt.ledger_store.merkle_log import log_origin, verifier_key
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.node import node_key
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db

DARHEL = demo_id("darhel-10-september")


def run_verifier(bundle: Path, *extra: str, pin: bool = True) -> tuple[int, str]:
    """Run the bundle's own verify.py in a separate, isolated interpreter.

    Pinned to this node's key (as an expert given it out of band would run
    it) unless ``pin`` is false or another ``--key`` is given.
    """
    if pin and "--key" not in extra:
        extra = (*extra, "--key", verifier_key())
    done = subprocess.run(
        [sys.executable, "-I", str(bundle / "verify.py"), str(bundle), *extra],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


def photo(path: Path) -> Path:
    image = Image.new("RGB", (320, 240), (90, 120, 160))
    ImageDraw.Draw(image).rectangle((40, 60, 200, 180), fill=(200, 180, 90))
    image.save(path, "JPEG", quality=90)
    return path


@pytest.fixture
def bundle(investigator: User, tmp_path: Path, settings: Settings) -> Path:
    """The Darhel incident with a photograph, exported."""
    blobs = tmp_path / "blobs"
    settings.SABT_BLOB_DIR = blobs
    load_demo(actor=investigator)
    item = register_evidence_item(
        actor=investigator,
        kind=EvidenceItem.Kind.PHOTO,
        title="House in Darhel after the shooting",
        incidents=[DARHEL],
    )
    add_file(
        actor=investigator,
        item=item,
        path=photo(tmp_path / "darhel.jpg"),
        acquired_how="received",
        acquired_by="amina",
        acquired_at="2021-09-14T10:00:00+04:30",
    )
    target = tmp_path / "bundle"
    code, out, _ = run_command(
        "export", "--incident", DARHEL, "--to", str(target),
        "--reason", "request from the UN human-rights office", "--by", "investigator",
    )  # fmt: skip
    assert code == 0, out
    return target


def manifest(bundle: Path) -> dict[str, Any]:
    """The bundle's manifest as JSON reads it; tests index it as the format says."""
    return dict(json.loads((bundle / "manifest.json").read_bytes()))


def event_entries(bundle: Path) -> list[dict[str, object]]:
    return list(manifest(bundle)["events"])


def test_the_untouched_bundle_verifies(bundle: Path) -> None:
    code, out = run_verifier(bundle)

    assert code == 0, out
    assert out.splitlines()[-1].startswith("VERIFIED: ")
    assert "PROBLEM" not in out
    assert "from sabt" not in (bundle / "verify.py").read_text()


def test_the_bundle_holds_the_incident_its_sources_statements_and_files(
    bundle: Path,
) -> None:
    contents = manifest(bundle)
    records = {e["record"] for e in event_entries(bundle)}
    types = {e["type"] for e in event_entries(bundle)}

    assert DARHEL in records
    assert {"incident.reported", "statement.recorded", "source.registered"} <= types
    assert "evidence.file_added" in types
    assert len(contents["blobs"]) == 1
    assert contents["exported_by"] == "investigator"
    assert contents["reason"] == "request from the UN human-rights office"
    readable = (bundle / "MANIFEST.txt").read_text()
    assert "Exported by: investigator" in readable
    assert "python verify.py" in readable


def change_byte(path: Path, find: bytes, replace: bytes) -> None:
    data = path.read_bytes()
    assert find in data
    path.write_bytes(data.replace(find, replace, 1))


def first_event(bundle: Path) -> dict[str, object]:
    return event_entries(bundle)[0]


def named(entry: dict[str, object]) -> str:
    """How the verifier names an event."""
    return f"event #{entry['index']} (record {entry['record']}, id {entry['id']})"


def tamper_event(bundle: Path) -> str:
    entry = first_event(bundle)
    change_byte(bundle / str(entry["file"]), b'"type":', b'"type" :')
    return f"{named(entry)}: its bytes do not hash to its id"


def tamper_blob(bundle: Path) -> str:
    blob = next((bundle / "blobs").iterdir())
    blob.chmod(0o644)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0x01
    blob.write_bytes(bytes(data))
    return f"blobs/{blob.name}: its content does not hash to its name"


def remove_event(bundle: Path) -> str:
    entry = event_entries(bundle)[3]
    (bundle / str(entry["file"])).unlink()
    return f"{named(entry)}: its file {entry['file']} is missing"


def swap_events(bundle: Path) -> str:
    first, second = event_entries(bundle)[:2]
    a, b = bundle / str(first["file"]), bundle / str(second["file"])
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    return f"{named(second)}: its bytes do not hash to its id"


def replace_key(bundle: Path) -> str:
    other = SigningKey.generate()
    (bundle / "node-key.txt").write_text(
        verifier_key_line(log_origin(), other.verify_key) + "\n"
    )
    return "manifest.json: its signature does not verify with the key in node-key.txt"


def forge_checkpoint(bundle: Path) -> str:
    note = (bundle / "checkpoint.txt").read_text()
    size = manifest(bundle)["checkpoint"]["size"]
    forged = note.replace(f"\n{size}\n", f"\n{size + 1}\n", 1)
    (bundle / "checkpoint.txt").write_text(forged)
    return "checkpoint.txt: "


def proof_for_another_size(bundle: Path) -> str:
    proofs = json.loads((bundle / "proofs.json").read_bytes())
    size = proofs["tree_size"]
    proofs["tree_size"] = size - 1
    (bundle / "proofs.json").write_text(json.dumps(proofs))
    entry = first_event(bundle)
    return (
        f"{named(entry)}: its proof is for tree size {size - 1}, "
        f"not the checkpoint's {size}"
    )


def checkpoint_by_another_key(bundle: Path) -> str:
    note = (bundle / "checkpoint.txt").read_text()
    body = note.split("\n\n", 1)[0].split("\n")
    other = SigningKey.generate()
    forged = sign_checkpoint(
        other,
        log_origin(),
        Checkpoint(body[0], int(body[1]), base64.b64decode(body[2])),
    )
    (bundle / "checkpoint.txt").write_text(forged)
    return "checkpoint.txt: "


TAMPERS: dict[str, Callable[[Path], str]] = {
    "changed byte in an event": tamper_event,
    "changed byte in a blob": tamper_blob,
    "removed event": remove_event,
    "two events swapped": swap_events,
    "replaced public key": replace_key,
    "forged checkpoint": forge_checkpoint,
    "checkpoint signed by another key": checkpoint_by_another_key,
    "proof for another tree size": proof_for_another_size,
}


@pytest.mark.parametrize("tamper", TAMPERS.values(), ids=TAMPERS.keys())
def test_every_tampering_is_named_and_fails_the_bundle(
    bundle: Path, tamper: Callable[[Path], str]
) -> None:
    expected = tamper(bundle)

    code, out = run_verifier(bundle)

    assert code == 1
    assert f"PROBLEM: {expected}" in out
    assert "NOT VERIFIED:" in out


def test_a_pinned_key_that_differs_is_reported(bundle: Path) -> None:
    other = verifier_key_line(log_origin(), SigningKey.generate().verify_key)

    code, out = run_verifier(bundle, "--key", other)

    assert code == 1
    assert f"not the expected key {other}" in out


def test_export_refuses_an_unknown_incident_and_a_used_directory(
    bundle: Path, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="no incident with id nope"):
        run_command(
            "export",
            "--by",
            "investigator",
            "--incident",
            "nope",
            "--to",
            str(tmp_path / "x"),
            "--reason",
            "r",
        )
    with pytest.raises(CommandError, match="is not an empty directory"):
        run_command(
            "export",
            "--by",
            "investigator",
            "--incident",
            DARHEL,
            "--to",
            str(bundle),
            "--reason",
            "r",
        )


def test_a_copied_bundle_still_verifies(bundle: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(bundle, tmp_path / "copy")

    assert run_verifier(copy)[0] == 0


def test_the_export_is_in_each_files_custody_and_in_the_bundle(bundle: Path) -> None:
    [photo_file] = EvidenceFile.objects.all()
    exported = [e for e in chain_of(photo_file) if e.action == "exported"]
    [entry] = exported
    assert entry.actor == "investigator"
    assert entry.details == {
        "to": str(bundle),
        "reason": "request from the UN human-rights office",
    }
    custody_in_bundle = [
        json.loads((bundle / str(e["file"])).read_text())
        for e in event_entries(bundle)
        if e["type"] == "evidence.custody"
    ]
    assert [c["body"]["action"] for c in custody_in_bundle] == ["exported"]
    assert custody_in_bundle[0]["body"]["sha256"] == photo_file.sha256


def test_an_export_that_fails_records_no_custody_and_writes_nothing(
    bundle: Path, tmp_path: Path
) -> None:
    [photo_file] = EvidenceFile.objects.all()
    stored = next((tmp_path / "blobs").rglob(photo_file.sha256))
    stored.chmod(0o644)
    stored.unlink()
    before = CustodyEntry.objects.count()
    with pytest.raises(CommandError, match="is named by an event but not stored"):
        run_command(
            "export", "--by", "investigator", "--incident", DARHEL,
            "--to", str(tmp_path / "out"), "--reason", "second copy for the court",
        )  # fmt: skip
    assert CustodyEntry.objects.count() == before
    assert not (tmp_path / "out").exists()


def add_file_to_bundle(bundle: Path) -> str:
    (bundle / "extra").mkdir()
    (bundle / "extra" / "note.txt").write_text("a file nobody signed")
    return "extra/note.txt: an unexpected file, not listed in the signed manifest"


def edit_readable_manifest(bundle: Path) -> str:
    change_byte(
        bundle / "MANIFEST.txt", b"Exported by: investigator", b"Exported by: karim"
    )
    return (
        "MANIFEST.txt: its content is not the one whose hash the signed "
        "manifest gives (it was changed)"
    )


TAMPERS["added file"] = add_file_to_bundle
TAMPERS["edited MANIFEST.txt"] = edit_readable_manifest


def test_a_bundle_without_a_pinned_key_is_unpinned(bundle: Path) -> None:
    code, out = run_verifier(bundle, pin=False)

    assert code == 3, out
    assert "PROBLEM" not in out
    assert "\nUNPINNED: " in out
    assert "internally consistent, but anyone could have made it" in out
    assert "run again with --key LINE." in out


def test_keys_show_prints_the_line_verify_py_expects(bundle: Path) -> None:
    code, out, _ = run_command("keys", "show")

    assert code == 0
    lines = out.splitlines()
    label = lines.index("verify.py --key (give this line out of band):")
    assert lines[label + 1] == verifier_key()
    assert run_verifier(bundle, "--key", lines[label + 1])[0] == 0


def test_the_verifier_lists_the_node_as_the_only_author(bundle: Path) -> None:
    root = bytes(node_key().verify_key).hex()

    code, out = run_verifier(bundle)

    assert code == 0, out
    assert f"authors: {root} node (this log's key)\n" in out
    assert manifest(bundle)["keys"] == [
        {"key": root, "name": "node", "role": "node", "trusted_by": None,
         "revoked_by": None}
    ]  # fmt: skip


def test_export_prints_the_hash_of_verify_py_and_the_verifier_checks_its_own(
    bundle: Path, tmp_path: Path
) -> None:
    target = tmp_path / "second"
    code, out, _ = run_command(
        "export",
        "--by",
        "investigator",
        "--incident",
        DARHEL,
        "--to",
        str(target),
        "--reason",
        "copy",
    )
    digest = hashlib.sha256((target / "verify.py").read_bytes()).hexdigest()

    assert f"verify.py sha256: {digest}\n" in out
    assert manifest(target)["verifier_sha256"] == digest
    verified = run_verifier(target)[1]
    assert (
        f"verify.py: this verifier's sha256 {digest} is the one published" in verified
    )
    with (target / "verify.py").open("a") as script:
        script.write("# changed\n")
    code, out = run_verifier(target)
    assert code == 1
    changed = hashlib.sha256((target / "verify.py").read_bytes()).hexdigest()
    assert (
        f"verify.py: this verifier's sha256 {changed} is not the {digest} "
        "published in the manifest; make sure you trust the verifier you run"
    ) in out
    assert (
        "PROBLEM: verify.py: its content is not the one whose hash the signed "
        "manifest gives (it was changed)"
    ) in out


def test_custody_of_an_earlier_export_travels_as_a_withheld_leaf(
    bundle: Path, tmp_path: Path
) -> None:
    [earlier] = CustodyEntry.objects.filter(action="exported")
    index = LedgerEvent.objects.get(event_id=earlier.event_id).log_index
    target = tmp_path / "second"
    run_command(
        "export",
        "--by",
        "investigator",
        "--incident",
        DARHEL,
        "--to",
        str(target),
        "--reason",
        "copy",
    )

    leaves = manifest(target)["withheld_leaves"]
    why = "the custody entry of another export: where else it went"
    assert leaves == [{"index": index, "id": earlier.event_id, "why": why}]
    assert not (target / "events" / f"{index}.json").exists()
    code, out = run_verifier(target)
    assert code == 0, out
    assert (
        "withheld: 1 events travel as id and inclusion proof only, without "
        f"their body:\n  #{index} {earlier.event_id}: {why}\n"
    ) in out
    proofs = json.loads((target / "proofs.json").read_bytes())
    proofs["proofs"][str(index)] = proofs["proofs"][str(index)][::-1]
    (target / "proofs.json").write_text(json.dumps(proofs))
    code, out = run_verifier(target)
    assert code == 1
    assert (
        f"PROBLEM: withheld event #{index} (id {earlier.event_id}): not included "
        "in the checkpointed log at its index"
    ) in out


def test_a_failed_export_removes_its_half_written_folder(
    bundle: Path, tmp_path: Path
) -> None:
    [photo_file] = EvidenceFile.objects.all()
    stored = next((tmp_path / "blobs").rglob(photo_file.sha256))
    stored.chmod(0o644)
    stored.unlink()
    stored.mkdir()  # found where the file should be, unreadable as one
    before = (CustodyEntry.objects.count(), LedgerEvent.objects.count())
    target = tmp_path / "out"

    with pytest.raises(CommandError, match=f"cannot write the bundle to {target}: "):
        run_command(
            "export",
            "--by",
            "investigator",
            "--incident",
            DARHEL,
            "--to",
            str(target),
            "--reason",
            "again",
        )

    assert not target.exists()
    assert (CustodyEntry.objects.count(), LedgerEvent.objects.count()) == before


def _export_by(tmp_path: Path, *by: str) -> Path:
    target = tmp_path / "by"
    run_command(
        "export", *by, "--incident", DARHEL, "--to", str(target), "--reason", "court"
    )
    return target


@pytest.mark.parametrize(
    ("by", "state"), [("amina", "no account"), ("outsider", "an inactive account")]
)
def test_export_by_someone_without_an_active_account_is_refused(
    investigator: User, outsider: User, tmp_path: Path, by: str, state: str
) -> None:
    load_demo(actor=investigator)
    outsider.is_active = False
    outsider.save(update_fields=["is_active"])
    before = LedgerEvent.objects.count()
    message = f"--by '{by}' is {state}: name the active account making the export"
    with pytest.raises(CommandError, match=message):
        _export_by(tmp_path, "--by", by)
    assert not (tmp_path / "by").exists()
    assert LedgerEvent.objects.count() == before


def test_export_is_by_the_account_named_like_the_system_user_by_default(
    investigator: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(actor=investigator)
    monkeypatch.setenv("LOGNAME", "investigator")
    target = _export_by(tmp_path)
    assert manifest(target)["exported_by"] == "investigator"


def test_export_by_default_is_refused_when_no_account_has_the_system_users_name(
    investigator: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(actor=investigator)
    monkeypatch.setenv("LOGNAME", "operator")
    with pytest.raises(CommandError, match="--by 'operator' is no account"):
        _export_by(tmp_path)
    assert not (tmp_path / "by").exists()
