"""Bundles headquarters must refuse whole, saying why, writing nothing."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django import Settings

from sabt.core.cases import Case
from sabt.field.kit import KIT_FORMAT
from sabt.field.models import BundleImport
from sabt.field.signed import document_bytes, sign_document
from sabt.ledger import key_from_seed
from sabt.ledger_store import org_key as org_key_store
from sabt.ledger_store.models import LedgerEvent, SubjectKey
from sabt.ledger_store.trusted_keys import trust_key
from tests.conftest import NODE_SEED
from tests.field.kits import Kit, export, record_sample

pytestmark = pytest.mark.django_db
CASE = "panjshir"


@pytest.fixture(scope="module")
def kit_bundles(
    tmp_path_factory: pytest.TempPathFactory, _org_key_files: tuple[Path, Path]
) -> tuple[Kit, Path, Path]:
    """A kit with recorded work and two bundles of it, made once.

    The kit file is signed here with the node's test key, as ``field enrol``
    signs it; each test enrols (or not) the kit in its own database.
    """
    root = tmp_path_factory.mktemp("refusals")
    kit = Kit(root / "kit", "kit-refused")
    request = root / "request.json"
    assert kit.sabt("field", "request", kit.name, "--out", str(request)).returncode == 0
    fields = {
        "name": kit.name,
        "kit": json.loads(request.read_text())["kit"],
        "case": CASE,
        "org_public_key": _org_key_files[1].read_text().strip(),
        "enrolled_by": "0" * 64,
    }
    kit_file = root / "kit.json"
    node = key_from_seed(NODE_SEED)
    kit_file.write_bytes(
        document_bytes(sign_document(node, KIT_FORMAT, fields, signer="hq"))
    )
    assert kit.sabt("field", "init", str(kit_file)).returncode == 0
    record_sample(kit, root / "card")
    first = export(kit, root / "first", "--max-part-size", "64KiB")
    second = export(kit, root / "second", "--all", "--max-part-size", "64KiB")
    return kit, first, second


@pytest.fixture
def hq(settings: Settings, tmp_path: Path) -> Path:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    Case.objects.create(slug=CASE, name="Panjshir 2021")
    Case.objects.create(slug="other", name="Another case")
    return tmp_path


def enrol(kit: Kit, case: str = CASE) -> str:
    key = json.loads((kit.home / "field" / "kit.json").read_text())["kit"]
    assert isinstance(key, str)
    trust_key(key=key, name=kit.name, role="field_kit", case=case)
    return key


def refused(*paths: Path) -> str:
    """Import and expect a refusal; return its message, check nothing changed."""
    before = (LedgerEvent.objects.count(), SubjectKey.objects.count())
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import", *map(str, paths), "--by", "registrar", stderr=err)
    assert exit_.value.code == 1
    assert (LedgerEvent.objects.count(), SubjectKey.objects.count()) == before
    assert not BundleImport.objects.exists()
    return err.getvalue().strip()


def manifest_of(bundle: Path) -> Path:
    return next(bundle.glob("*.manifest.json"))


def test_a_kit_never_enrolled_is_refused(
    kit_bundles: tuple[Kit, Path, Path], hq: Path
) -> None:
    kit, first, _ = kit_bundles
    key = json.loads((kit.home / "field" / "kit.json").read_text())["kit"]
    assert refused(first) == (
        f"bundle refused, nothing imported: {manifest_of(first).name}: signed by "
        f"kit {key}, which is not enrolled at this node"
    )
    assert not (hq / "blobs").exists()


def test_a_revoked_kit_is_refused(
    kit_bundles: tuple[Kit, Path, Path], hq: Path
) -> None:
    kit, first, _ = kit_bundles
    enrol(kit)
    call_command("field", "revoke", kit.name, "--reason", "seized at a checkpoint")
    revoked = LedgerEvent.objects.get(type="key.revoked").event_id
    assert refused(first) == (
        f"bundle refused, nothing imported: {manifest_of(first).name}: kit "
        f"kit-refused was revoked (event {revoked}); its bundles are refused"
    )


def test_a_bundle_for_another_case_is_refused(
    kit_bundles: tuple[Kit, Path, Path], hq: Path
) -> None:
    kit, first, _ = kit_bundles
    enrol(kit, case="other")
    assert refused(first) == (
        f"bundle refused, nothing imported: {manifest_of(first).name}: the bundle "
        "is for case panjshir, but kit kit-refused is enrolled for case other"
    )


def test_one_flipped_byte_in_a_part_refuses_the_bundle(
    kit_bundles: tuple[Kit, Path, Path], hq: Path
) -> None:
    kit, first, _ = kit_bundles
    enrol(kit)
    copy = shutil.copytree(first, hq / "copy")
    part = sorted(copy.glob("*.zip"))[-1]
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0x01
    part.write_bytes(bytes(data))
    assert refused(copy) == (
        f"bundle refused, nothing imported: {part.name}: its SHA-256 is not the "
        "one the manifest names: altered or damaged on the way"
    )


def test_one_flipped_byte_in_the_manifest_refuses_the_bundle(
    kit_bundles: tuple[Kit, Path, Path], hq: Path
) -> None:
    kit, first, _ = kit_bundles
    enrol(kit)
    copy = shutil.copytree(first, hq / "copy")
    manifest = manifest_of(copy)
    manifest.write_text(manifest.read_text().replace('"events": 6', '"events": 5'))
    assert refused(copy) == (
        f"bundle refused, nothing imported: {manifest.name}: "
        "sabt-field-manifest: the signature does not verify"
    )


def test_a_part_of_another_bundle_is_refused(
    kit_bundles: tuple[Kit, Path, Path], hq: Path
) -> None:
    kit, first, second = kit_bundles
    enrol(kit)
    stray = sorted(second.glob("*.zip"))[0]
    assert refused(first, stray) == (
        f"bundle refused, nothing imported: {stray.name} is not a part of any "
        "bundle given: another kit's or another bundle's part; give its manifest too"
    )


def test_parts_arriving_apart_are_held_then_applied(
    kit_bundles: tuple[Kit, Path, Path], hq: Path, settings: Settings
) -> None:
    kit, first, _ = kit_bundles
    enrol(kit)
    settings.SABT_HOME = hq / "home"
    parts = sorted(first.glob("*.zip"))
    manifest = manifest_of(first)
    bundle = manifest.name.removesuffix(".manifest.json")
    before = LedgerEvent.objects.count()
    out = io.StringIO()
    call_command(
        "import",
        str(manifest),
        str(parts[-1]),
        "--by",
        "registrar",
        "--ack-to",
        str(hq / "acks"),
        stdout=out,
    )
    assert out.getvalue() == (
        f"bundle {bundle} of kit kit-refused: held until its other parts arrive "
        f"(parts here: {len(parts)} of {len(parts)})\n"
    )
    assert LedgerEvent.objects.count() == before
    # The rest, without the manifest: the held part and manifest complete it.
    out = io.StringIO()
    call_command(
        "import",
        *map(str, parts[:-1]),
        "--by",
        "registrar",
        "--ack-to",
        str(hq / "acks"),
        stdout=out,
    )
    assert out.getvalue().startswith(f"bundle {bundle} of kit kit-refused: 6 new")
    assert LedgerEvent.objects.count() == before + 7
    assert not (hq / "home" / "field" / "inbox" / bundle).exists()


def test_a_held_part_altered_is_refused(
    kit_bundles: tuple[Kit, Path, Path], hq: Path, settings: Settings
) -> None:
    kit, first, _ = kit_bundles
    enrol(kit)
    settings.SABT_HOME = hq / "home"
    copy = shutil.copytree(first, hq / "copy")
    parts = sorted(copy.glob("*.zip"))
    data = bytearray(parts[0].read_bytes())
    data[len(data) // 2] ^= 0x01
    parts[0].write_bytes(bytes(data))
    assert refused(manifest_of(copy), parts[0]) == (
        f"bundle refused, nothing imported: {parts[0].name}: its SHA-256 is not "
        "the one the manifest names: altered or damaged on the way"
    )
    assert not (hq / "home" / "field" / "inbox").exists()


def test_a_locked_organisation_key_is_refused(
    kit_bundles: tuple[Kit, Path, Path], hq: Path
) -> None:
    kit, first, _ = kit_bundles
    enrol(kit)
    org_key_store.forget()
    assert refused(first) == (
        "bundle refused, nothing imported: the organisation's key is locked: "
        "start the server with sabt serve or set SABT_ORG_PASSPHRASE"
    )


def test_both_bundles_in_any_order_add_each_event_once(
    kit_bundles: tuple[Kit, Path, Path], hq: Path
) -> None:
    kit, first, second = kit_bundles
    enrol(kit)
    before = LedgerEvent.objects.count()
    out = io.StringIO()
    call_command(
        "import",
        str(second),
        str(first),
        "--by",
        "registrar",
        "--ack-to",
        str(hq / "acks"),
        stdout=out,
    )
    assert LedgerEvent.objects.count() == before + 6 + 1
    assert BundleImport.objects.count() == 1
    call_command(
        "import", str(first), "--by", "registrar", "--ack-to", str(hq / "acks")
    )
    assert LedgerEvent.objects.count() == before + 7
    assert len(list((hq / "acks").glob("*.ack.json"))) == 2
