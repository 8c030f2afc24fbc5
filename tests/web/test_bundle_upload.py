"""The bundle upload page without JavaScript: the form sends every file at once.

Each file is imported on its own, manifests first, as the page's script
sends them; the answer is the table of outcomes and the acknowledgement to
download. The kit runs in a process of its own (tests/field/kits.py), which
takes some seconds: that is the test's cost.
"""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from nacl.public import PrivateKey
from pytest_django import Settings

from sabt.core.cases import Case
from sabt.field.models import BundleImport
from sabt.ledger_store.models import LedgerEvent
from tests.access.two_factor_helpers import log_in_verified
from tests.field.kits import Kit, enrolled_kit, export, record_sample

pytestmark = pytest.mark.django_db

_TAG = re.compile(r"<[^>]+>")
_ROW = re.compile(
    r'<tr data-outcome="([\w-]+)"><td class="file"><bdi dir="ltr">(.*?)</bdi>'
    r'.*?<td class="outcome">(.*?)</td></tr>',
    re.S,
)
_ACK = re.compile(r'<a href="data:application/json;base64,([^"]+)" download="([^"]+)"')


def _upload(*paths: Path, data: bytes | None = None) -> list[io.BytesIO]:
    files = []
    for path in paths:
        upload = io.BytesIO(path.read_bytes() if data is None else data)
        upload.name = path.name
        files.append(upload)
    return files


def _rows(content: bytes) -> list[tuple[str, str, str]]:
    """(outcome, file, what the page says) for each row of the table."""
    page = content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        (
            outcome,
            html.unescape(name),
            " ".join(html.unescape(_TAG.sub(" ", said)).split()),
        )
        for outcome, name, said in _ROW.findall(page)
    ]


@pytest.fixture
def registrar(db: None) -> User:
    return User.objects.create_superuser(username="registrar", password="x" * 20)


@pytest.fixture
def kit(tmp_path: Path, settings: Settings, org_key: PrivateKey) -> Kit:
    settings.SABT_BLOB_DIR = tmp_path / "hq-blobs"
    Case.objects.create(slug="panjshir", name="Panjshir 2021")
    kit = enrolled_kit(tmp_path, "kit-bazarak", "panjshir")
    record_sample(kit, tmp_path / "card")
    return kit


def test_the_form_imports_the_files_sent_together_and_later_or_refuses_them(
    tmp_path: Path, kit: Kit, registrar: User, client: Client
) -> None:
    bundle = export(kit, tmp_path / "usb", "--max-part-size", "64KiB")
    [manifest] = bundle.glob("*.manifest.json")
    *first, last = sorted(bundle.glob("*.zip"))
    assert first, "the photo does not fit beside the events: two parts at least"
    total = len(first) + 1
    log_in_verified(client, registrar)
    page = client.get("/manage/bundles/").content.decode()
    assert '<a href="/manage/bundles/">' in page  # in the Administration menu
    before = LedgerEvent.objects.count()

    # The parts but the last, chosen before their manifest: held, all stored.
    sent = client.post(
        "/manage/bundles/", {"parts": _upload(*reversed(first), manifest)}
    )
    assert sent.status_code == 200
    rows = _rows(sent.content)
    assert [name for _, name, _ in rows] == [
        manifest.name,
        *reversed([p.name for p in first]),
    ]
    assert {outcome for outcome, _, _ in rows} == {"held"}
    every = ", ".join(map(str, range(1, total + 1)))
    assert rows[0][2] == f"Held: stored here, waiting for parts {every} of {total}."
    assert rows[-1][2] == f"Held: stored here, waiting for parts {total} of {total}."
    assert LedgerEvent.objects.count() == before
    assert _ACK.search(sent.content.decode()) is None

    # The last part, later: the bundle is whole and applied.
    done = client.post("/manage/bundles/", {"parts": _upload(last)})
    assert _rows(done.content) == [
        (
            "applied",
            last.name,
            "Applied: 6 events and 1 file new, from kit kit-bazarak.",
        )
    ]
    assert LedgerEvent.objects.count() == before + 7  # the kit's 6, the import
    imported = BundleImport.objects.get()
    assert (imported.imported_by, imported.kit_name) == ("registrar", "kit-bazarak")
    assert (imported.events, imported.files) == (6, 1)

    # The acknowledgement to download is one the kit takes.
    [(content, name)] = _ACK.findall(done.content.decode())
    ack = tmp_path / name
    ack.write_bytes(base64.b64decode(content))
    taken = kit.sabt("field", "ack", str(ack))
    assert taken.returncode == 0, taken.stderr

    again = client.post("/manage/bundles/", {"parts": _upload(last, manifest)})
    assert [outcome for outcome, _, _ in _rows(again.content)] == ["nothing-new"] * 2
    assert LedgerEvent.objects.count() == before + 7

    # Another bundle of the same work, one byte of a part flipped on the way.
    other = export(kit, tmp_path / "again", "--all", "--max-part-size", "64KiB")
    [manifest] = other.glob("*.manifest.json")
    [part, *_] = sorted(other.glob("*.zip"))
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 1
    before = LedgerEvent.objects.count()
    client.post("/manage/bundles/", {"parts": _upload(manifest)})
    sent = client.post("/manage/bundles/", {"parts": _upload(part, data=bytes(data))})

    assert _rows(sent.content) == [
        (
            "refused",
            part.name,
            f"Refused, nothing written: {part.name}: its SHA-256 is not the one "
            "the manifest names: altered or damaged on the way",
        )
    ]
    assert LedgerEvent.objects.count() == before


def test_nothing_chosen_is_a_form_error(registrar: User, client: Client) -> None:
    log_in_verified(client, registrar)
    answer = client.post("/manage/bundles/", {})
    assert answer.status_code == 400
    assert "Choose a bundle&#x27;s manifest or parts." in answer.content.decode()


def test_only_an_administrator_imports(investigator: User, client: Client) -> None:
    log_in_verified(client, investigator)
    assert client.get("/manage/bundles/").status_code == 403
    assert client.post("/manage/bundles/", {}).status_code == 403


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read(
    registrar: User, client: Client, settings: Settings, tmp_path: Path
) -> None:
    settings.SABT_MAX_UPLOAD_BYTES = 10_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.SABT_HOME = tmp_path / "home"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    (tmp_path / "uploads").mkdir()
    log_in_verified(client, registrar)
    # The chooser is told the limit, so the page's script refuses the file first.
    page = client.get("/manage/bundles/").content.decode()
    assert 'data-max-bytes="10000"' in page
    before = LedgerEvent.objects.count()

    upload = io.BytesIO(b"\x00" * 30_000)
    upload.name = "big.part0001.zip"
    answer = client.post("/manage/bundles/", {"parts": [upload]})

    assert answer.status_code == 413
    assert "<h1>File too large</h1>" in answer.content.decode()
    assert LedgerEvent.objects.count() == before
    assert not list((tmp_path / "uploads").glob("*"))
    assert not (tmp_path / "home" / "field").exists()  # nothing held
