"""Uploads over the limit (sabt.web.uploads): a page that says so, nothing saved.

Through Django's test client for the page and what is (not) recorded, and
through ``sabt serve`` for waitress's own limit, set from the same setting.
"""

from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from sabt.evidence.models import EvidenceFile, EvidenceItem
from sabt.evidence.services import register_evidence_item
from sabt.ledger_store.models import LedgerEvent
from tests.serving import serving

if TYPE_CHECKING:
    from tests.web.helpers import TestResponse

LIMIT = 10_000
TOO_LARGE = "This node takes files of up to 9.8\xa0KB. Nothing was saved."


@pytest.fixture
def small_limit(settings: Settings, tmp_path: Path) -> Path:
    """A limit of 10,000 bytes for files and 10,000 for the other fields."""
    settings.SABT_MAX_UPLOAD_BYTES = LIMIT
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    (tmp_path / "uploads").mkdir()
    return tmp_path


@pytest.fixture
def item(investigator: User) -> EvidenceItem:
    return register_evidence_item(
        actor=investigator, kind="video", title="Bazarak: the convoy"
    )


def _add_file(client: Client, item: EvidenceItem, size: int) -> TestResponse:
    upload = SimpleUploadedFile("convoy.mp4", b"\x00" * size)
    return client.post(
        f"/evidence/{item.record}/files/",
        {
            "file": upload,
            "acquired_how": "received",
            "acquired_by": "amina",
            "acquired_at": "2021-09-08",
        },
    )


@pytest.mark.django_db
def test_a_file_over_the_limit_gets_a_page_and_nothing_is_saved(
    client: Client, investigator: User, item: EvidenceItem, small_limit: Path
) -> None:
    client.force_login(investigator)
    before = LedgerEvent.objects.count()
    response = _add_file(client, item, 3 * LIMIT)
    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>File too large</h1>" in page
    assert TOO_LARGE in page
    assert 'class="site-nav"' in page  # the site's own page, signed in
    assert LedgerEvent.objects.count() == before
    assert not EvidenceFile.objects.exists()
    assert not (small_limit / "blobs").exists()
    assert not list((small_limit / "uploads").glob("*"))


@pytest.mark.django_db
def test_a_file_at_the_limit_is_stored_from_a_file_on_disk(
    client: Client, investigator: User, item: EvidenceItem, small_limit: Path
) -> None:
    client.force_login(investigator)
    response = _add_file(client, item, LIMIT)
    assert response.status_code == 302
    assert EvidenceFile.objects.get().size == LIMIT
    assert not list((small_limit / "uploads").glob("*"))  # removed once stored


@pytest.mark.django_db
def test_the_page_is_in_dari_for_a_dari_reader(
    client: Client, investigator: User, item: EvidenceItem, small_limit: Path
) -> None:
    client.force_login(investigator)
    client.cookies["django_language"] = "fa"
    response = _add_file(client, item, 3 * LIMIT)
    page = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "فایل بسیار بزرگ است" in page
    assert "File too large" not in page


def _post(url: str, size: int) -> tuple[int, str]:
    """POST a form body of ``size`` bytes to ``url``, as a browser would."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.netloc, timeout=60)
    body = b"note=" + b"a" * (size - 5)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        connection.request("POST", address.path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _announce(url: str, size: int) -> tuple[int, str]:
    """Send only the headers of a POST of ``size`` bytes; read the answer."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.netloc, timeout=60)
    try:
        connection.putrequest("POST", address.path)
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_the_server_answers_with_the_page_and_stops_reading_at_twice_it(
    tmp_path: Path,
) -> None:
    megabyte = 1024 * 1024
    with serving(tmp_path / "home", SABT_MAX_UPLOAD_BYTES=str(megabyte)) as server:
        # The limit is 1 MiB for files and 2.5 MiB for the other fields.
        status, page = _post(server.url + "/login/", 4 * megabyte)
        assert status == 413
        assert "<h1>File too large</h1>" in page
        assert "This node takes files of up to 1.0\xa0MB." in page
        assert "/static/web/sabt" in page  # styled: the site's stylesheet
        # Above twice that, waitress refuses on the headers, reading nothing.
        status, page = _announce(server.url + "/login/", 8 * megabyte)
        assert status == 413
        assert page.startswith("Request Entity Too Large")
