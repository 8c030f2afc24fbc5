"""Tests for the evidence pages (sabt.web.views.evidence): registering an
item, adding files, opening and handing them over, derivatives, assessments.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageDraw
from pytest_django import Settings

from sabt.evidence.models import CustodyEntry, EvidenceFile, EvidenceItem
from sabt.evidence.services import register_evidence_item
from sabt.ledger_store.models import LedgerEvent
from tests.evidence.files import write_bomb_png
from tests.factories import make_incident
from tests.web.helpers import error_beside, event_types_of

if TYPE_CHECKING:
    from tests.web.helpers import TestResponse

pytestmark = pytest.mark.django_db

MISSING = "6f1c2a9e-1111-4222-8333-944445555666"


@pytest.fixture
def signed_in(
    client: Client, investigator: User, settings: Settings, tmp_path: Path
) -> Client:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    client.force_login(investigator)
    return client


@pytest.fixture
def item(investigator: User) -> EvidenceItem:
    return register_evidence_item(
        actor=investigator, kind="photo", title="Khenj: burnt house"
    )


def jpeg(
    width: int = 320, height: int = 240, colour: tuple[int, int, int] = (70, 90, 50)
) -> bytes:
    """A photograph-like picture: broad shapes, as pHash is made for."""
    image = Image.new("RGB", (320, 240), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((80, 40, 240, 200), fill=(220, 210, 200))
    draw.rectangle((10, 150, 90, 230), fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.resize((width, height)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def upload(
    client: Client, item: EvidenceItem, data: bytes, name: str = "IMG_7.jpg"
) -> TestResponse:
    return client.post(
        f"/evidence/{item.record}/files/",
        {
            "file": SimpleUploadedFile(
                name, data, content_type="application/octet-stream"
            ),
            "acquired_how": "captured",
            "acquired_by": "amina",
            "acquired_at": "2021-09-08T07:30:00+04:30",
            "device": "phone of the documenter",
        },
    )


def test_anonymous_visitor_is_sent_to_login(client: Client, item: EvidenceItem) -> None:
    for url in ("/evidence/new/", f"/evidence/{item.record}/"):
        assert client.get(url)["Location"].startswith("/login/?next=/")


def test_missing_item_and_missing_file_are_404(
    signed_in: Client, item: EvidenceItem
) -> None:
    assert signed_in.get(f"/evidence/{MISSING}/").status_code == 404
    response = signed_in.post(
        f"/evidence/{item.record}/files/{'0' * 64}/open/", {"purpose": "look"}
    )
    assert response.status_code == 404


def test_registering_from_an_incident_links_it(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    form = signed_in.get(f"/evidence/new/?incident={incident.record}").content.decode()
    assert f'value="{incident.record}" selected' in form

    response = signed_in.post(
        "/evidence/new/",
        {
            "kind": "video",
            "title": "Purported video, roadside",
            "incidents": [incident.record],
        },
    )

    item = EvidenceItem.objects.get(title="Purported video, roadside")
    assert response["Location"] == f"/evidence/{item.record}/"
    assert list(item.incidents.all()) == [incident]
    assert item.verification == "unverified"
    page = signed_in.get(f"/incidents/{incident.record}/").content.decode()
    assert f'href="/evidence/{item.record}/"' in page


def test_an_uploaded_file_is_stored_with_its_facts_and_chain(
    signed_in: Client, item: EvidenceItem
) -> None:
    data = jpeg()
    response = upload(signed_in, item, data)

    assert response["Location"] == f"/evidence/{item.record}/"
    file = EvidenceFile.objects.get()
    assert file.media_type == "image/jpeg"
    assert file.acquisition == {"device": "phone of the documenter"}
    page = signed_in.get(f"/evidence/{item.record}/").content.decode()
    assert file.sha256 in page
    assert "captured on a device" in page
    assert event_types_of(item.record) == ["evidence.registered", "evidence.file_added"]


def test_a_bad_upload_is_shown_again_with_its_errors_and_changes_nothing(
    signed_in: Client, item: EvidenceItem
) -> None:
    before = LedgerEvent.objects.count()
    response = signed_in.post(
        f"/evidence/{item.record}/files/",
        {
            "file": SimpleUploadedFile("x.jpg", jpeg()),
            "acquired_how": "captured",
            "acquired_by": "amina",
            "acquired_at": "2999-01-01",
        },
    )
    assert response.status_code == 400
    assert "future" in error_beside(response, "acquired_at")
    assert LedgerEvent.objects.count() == before


def test_opening_a_file_records_who_and_why_and_sends_its_bytes(
    signed_in: Client, item: EvidenceItem
) -> None:
    data = jpeg()
    upload(signed_in, item, data)
    file = EvidenceFile.objects.get()
    url = f"/evidence/{item.record}/files/{file.sha256}/open/"

    refused = signed_in.post(url, {"purpose": ""})
    response = signed_in.post(url, {"purpose": "geolocating the roof line"})

    assert refused.status_code == 400
    # The stubs type every test-client response as non-streaming.
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    assert response["Content-Disposition"] == 'attachment; filename="IMG_7.jpg"'
    [access] = CustodyEntry.objects.filter(action="accessed")
    assert access.actor == "investigator"
    assert access.details == {"purpose": "geolocating the roof line"}


def test_a_handover_and_a_derivative_join_the_chain(
    signed_in: Client, item: EvidenceItem
) -> None:
    upload(signed_in, item, jpeg())
    file = EvidenceFile.objects.get()
    base = f"/evidence/{item.record}/files/{file.sha256}"
    signed_in.post(
        f"{base}/transfer/",
        {
            "to": "ICC Office of the Prosecutor",
            "means": "sealed drive",
            "reason": "Art. 15 communication",
        },
    )
    signed_in.post(
        f"{base}/derive/",
        {
            "file": SimpleUploadedFile("redacted.jpg", jpeg(160, 120)),
            "derivation": "redacted",
            "description": "faces blurred",
        },
    )

    page = signed_in.get(f"/evidence/{item.record}/").content.decode()
    assert "ICC Office of the Prosecutor" in page
    assert "derivative made" in page
    derivative = EvidenceFile.objects.get(derived_from=file.sha256)
    assert derivative.file_name == "redacted.jpg"
    assert [e.action for e in CustodyEntry.objects.order_by("at", "pk")] == [
        "acquired",
        "transferred",
        "derived",
    ]


def test_a_refused_handover_shows_its_errors_beside_that_file_only(
    signed_in: Client, item: EvidenceItem
) -> None:
    upload(signed_in, item, jpeg())
    upload(signed_in, item, jpeg(colour=(10, 10, 200)), name="second.jpg")
    first = EvidenceFile.objects.get(file_name="IMG_7.jpg")
    response = signed_in.post(
        f"/evidence/{item.record}/files/{first.sha256}/transfer/", {"to": "court"}
    )
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2


def test_assessments_move_the_conclusion_shown(
    signed_in: Client, item: EvidenceItem
) -> None:
    for kind in ("source", "technical", "geolocation"):
        signed_in.post(
            f"/evidence/{item.record}/assessments/",
            {"kind": kind, "method": f"{kind} check", "finding": "consistent",
             "confidence": "high", "analyst": "farid"},
        )  # fmt: skip
    page = signed_in.get(f"/evidence/{item.record}/").content.decode()
    assert '<span class="badge" data-testid="conclusion">verified</span>' in page
    refused = signed_in.post(
        f"/evidence/{item.record}/assessments/", {"kind": "source", "method": ""}
    )
    assert refused.status_code == 400
    assert EvidenceItem.objects.get().verification == "verified"


def test_near_duplicates_in_other_items_are_shown(
    signed_in: Client, item: EvidenceItem, investigator: User
) -> None:
    other = register_evidence_item(
        actor=investigator, kind="photo", title="Forwarded copy"
    )
    upload(signed_in, item, jpeg())
    smaller = Image.open(io.BytesIO(jpeg())).resize((160, 120))
    buffer = io.BytesIO()
    smaller.save(buffer, "JPEG", quality=40)
    upload(signed_in, other, buffer.getvalue(), name="whatsapp.jpg")

    page = signed_in.get(f"/evidence/{item.record}/").content.decode()
    assert "Forwarded copy" in page
    assert "whatsapp.jpg" in page


def test_a_decompression_bomb_is_stored_without_a_hash_and_says_why(
    signed_in: Client, item: EvidenceItem, tmp_path: Path
) -> None:
    bomb = write_bomb_png(tmp_path / "bomb.png", 30000, 30000, camera="Canon")
    assert bomb.stat().st_size < 200_000  # 900 megapixels decoded
    response = upload(signed_in, item, bomb.read_bytes(), name="bomb.png")
    assert response.status_code == 302
    stored = EvidenceFile.objects.get(item=item)
    assert stored.perceptual_hash == ""
    why = "no perceptual hash: 30000x30000 is more than 50 megapixels"
    assert why in stored.problems
    assert stored.metadata["width"] == 30000
    assert stored.metadata["camera_make"] == "Canon"  # read, not decoded
    page = signed_in.get(f"/evidence/{item.record}/").content.decode()
    assert why in page
