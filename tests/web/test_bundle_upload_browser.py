"""An administrator uploads a field kit's bundle, part by part, in chromium.

Covers the upload page (sabt.web.views.bundles and web/bundle_upload.js):
the parts chosen in reverse order and the first one later, each file sent
in a request of its own with its progress bar run to the end, "held" until
the bundle is whole, then "applied" with its counts, the acknowledgement
downloaded and taken by the kit; in Dari, right to left, a part with one
byte flipped refused with the reason and nothing written; the strict
Content-Security-Policy broken nowhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from nacl.public import PrivateKey
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from sabt.core.cases import Case
from sabt.ledger_store.models import LedgerEvent
from tests.access.two_factor_helpers import PASSWORD, code_for, confirmed_device
from tests.field.kits import enrolled_kit, export, record_sample
from tests.web.test_security_headers import WATCH_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _log_in(page: Page, url: str, user: User) -> None:
    device = confirmed_device(user)
    page.goto(url + "/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()


def _bars_at_their_end(page: Page) -> list[tuple[float, float]]:
    """(value, max) of every row's bar that has not reached its end."""
    bars: list[tuple[float, float]] = page.locator(
        "table.bundle-uploads tbody progress"
    ).evaluate_all(
        "bars => bars.filter(b => b.value !== b.max).map(b => [b.value, b.max])"
    )
    return bars


def test_an_administrator_uploads_a_bundle_part_by_part(
    page: Page,
    live_server: LiveServer,
    tmp_path: Path,
    settings: Settings,
    org_key: PrivateKey,
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "hq-blobs"
    Case.objects.create(slug="panjshir", name="Panjshir 2021")
    kit = enrolled_kit(tmp_path, "kit-bazarak", "panjshir")
    record_sample(kit, tmp_path / "card")
    bundle = export(kit, tmp_path / "usb", "--max-part-size", "64KiB")
    [manifest] = bundle.glob("*.manifest.json")
    first, *others = sorted(bundle.glob("*.zip"))
    assert others, "the photo does not fit beside the events: two parts at least"
    total = len(others) + 1
    registrar = User.objects.create_superuser(username="registrar", password=PASSWORD)

    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)
    _log_in(page, live_server.url, registrar)
    admin = page.get_by_role("navigation", name="Administration")
    admin.get_by_role("link", name="Import kits' bundles").click()
    heading = page.get_by_role("heading", name="Import field kits' bundles")
    expect(heading).to_be_visible()
    before = LedgerEvent.objects.count()

    # The later parts in reverse, the manifest last: the page sends it first.
    files = page.get_by_label("Manifests and parts")
    files.set_input_files([*reversed(others), manifest])
    page.get_by_role("button", name="Import the files").click()
    rows = page.locator("table.bundle-uploads tbody tr")
    expect(rows.locator("td.file")).to_have_text(
        [manifest.name, *(p.name for p in reversed(others))]
    )
    expect(rows.nth(0).locator("td.outcome")).to_have_text(
        f"Held: stored here, waiting for parts "
        f"{', '.join(map(str, range(1, total + 1)))} of {total}."
    )
    expect(rows.nth(len(others)).locator("td.outcome")).to_have_text(
        f"Held: stored here, waiting for parts 1 of {total}."
    )
    assert _bars_at_their_end(page) == []
    assert LedgerEvent.objects.count() == before
    expect(page.get_by_test_id("acknowledgements")).to_be_hidden()

    # The first part, chosen later: the bundle is whole and applied.
    files.set_input_files(first)
    page.get_by_role("button", name="Import the files").click()
    applied = page.locator('tbody tr[data-outcome="applied"]')
    expect(applied.locator("td.file")).to_have_text(first.name)
    expect(applied.locator("td.outcome")).to_have_text(
        "Applied: 6 events and 1 file new, from kit kit-bazarak."
    )
    assert _bars_at_their_end(page) == []
    assert LedgerEvent.objects.count() == before + 7  # the kit's 6, the import
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "bundle-upload-en.png", full_page=True)

    # The acknowledgement, downloaded, is one the kit takes.
    with page.expect_download() as got:
        page.get_by_test_id("acknowledgements").get_by_role("link").click()
    ack = tmp_path / got.value.suggested_filename
    got.value.save_as(ack)
    assert ack.name.endswith(".ack.json")
    taken = kit.sabt("field", "ack", str(ack))
    assert taken.returncode == 0, taken.stderr

    # In Dari: another bundle of the same work, one byte flipped on the way.
    other = export(kit, tmp_path / "again", "--all", "--max-part-size", "64KiB")
    [other_manifest] = other.glob("*.manifest.json")
    [part, *_] = sorted(other.glob("*.zip"))
    damaged = tmp_path / "damaged" / part.name
    damaged.parent.mkdir()
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    assert page.evaluate("window.__violations") == []
    page.get_by_role("button", name="دری").click()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    before = LedgerEvent.objects.count()
    page.locator("input[type=file]").set_input_files([damaged, other_manifest])
    page.locator("form[data-bundle-upload] button").click()
    refused = page.locator('tbody tr[data-outcome="refused"]')
    expect(refused.locator("td.file")).to_have_text(part.name)
    expect(refused.locator("bdi.reason")).to_have_text(
        f"{part.name}: its SHA-256 is not the one the manifest names: "
        "altered or damaged on the way"
    )
    expect(page.locator('tbody tr[data-outcome="held"]')).to_have_count(1)
    assert LedgerEvent.objects.count() == before
    # The table reads from the right: the file's column first.
    heads = page.locator("table.bundle-uploads th")
    file_head, outcome_head = heads.nth(0).bounding_box(), heads.nth(2).bounding_box()
    assert file_head is not None and outcome_head is not None
    assert file_head["x"] > outcome_head["x"]
    page.screenshot(path=ARTIFACTS / "bundle-upload-fa.png", full_page=True)
    # The script and the acknowledgement's link keep the page's strict policy.
    assert page.evaluate("window.__violations") == []
    assert [m for m in console if "Content Security Policy" in m] == []
