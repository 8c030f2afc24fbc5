"""Adding files to evidence items: blob, facts read from content, the event."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from PIL import Image, ImageDraw

from sabt.evidence.models import EvidenceFile, EvidenceItem
from sabt.evidence.services import add_file, register_evidence_item
from sabt.ledger_store.models import LedgerEvent
from tests.evidence.test_webcapture import PHOTO, PHOTO_URL, POST_URL, write_warc

pytestmark = pytest.mark.django_db


def picture(path: Path) -> Path:
    image = Image.new("RGB", (320, 240), (60, 90, 40))
    ImageDraw.Draw(image).ellipse((80, 40, 240, 200), fill=(220, 210, 200))
    image.save(path, "JPEG", quality=92)
    return path


@pytest.fixture
def item(investigator: User) -> EvidenceItem:
    return register_evidence_item(
        actor=investigator, kind="photo", title="Anaba, burnt orchard"
    )


def test_the_same_bytes_added_twice_keep_one_blob_and_one_record(
    investigator: User, item: EvidenceItem, tmp_path: Path
) -> None:
    blobs = tmp_path / "blobs"
    original = picture(tmp_path / "IMG_0001.jpg")
    copy = tmp_path / "forwarded.pdf"  # the name says nothing about the content
    copy.write_bytes(original.read_bytes())
    first = add_file(
        actor=investigator, item=item, path=original, blob_root=blobs,
        acquired_at="2021-09-08T07:30:00+04:30",
        acquired_how="captured", acquired_by="amina",
    )  # fmt: skip
    second = add_file(
        actor=investigator, item=item, path=copy, blob_root=blobs,
        acquired_at="2021-09-09", acquired_how="captured", acquired_by="amina",
    )  # fmt: skip

    assert second.pk == first.pk
    assert [p.name for p in blobs.rglob("*") if p.is_file()] == [first.sha256]
    assert first.media_type == "image/jpeg"
    assert first.metadata["width"] == 320
    assert len(first.perceptual_hash) == 16
    assert LedgerEvent.objects.filter(type="evidence.file_added").count() == 1


def test_bad_acquisition_details_are_refused_and_nothing_is_recorded(
    investigator: User, item: EvidenceItem, tmp_path: Path
) -> None:
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        add_file(
            actor=investigator, item=item, path=tmp_path / "absent.jpg",
            acquired_how="found", acquired_by="", acquired_at="2099-01-01",
            blob_root=tmp_path / "blobs",
        )  # fmt: skip

    assert set(refused.value.message_dict) == {
        "acquired_how",
        "acquired_by",
        "acquired_at",
        "file",
    }
    assert LedgerEvent.objects.count() == before
    assert not EvidenceFile.objects.exists()


def test_a_file_collected_from_a_post_keeps_its_web_capture(
    investigator: User, item: EvidenceItem, tmp_path: Path
) -> None:
    crawl = write_warc(tmp_path / "crawl.warc.gz")
    photo = tmp_path / "1877.jpg"
    photo.write_bytes(PHOTO)

    saved = add_file(
        actor=investigator, item=item, path=photo, acquired_how="collected",
        acquired_by="farid", acquired_at="2021-09-10T08:00:00Z",
        acquisition={"url": PHOTO_URL, "account": "@panjshir_news",
                     "posted_at": "2021-09-09"},
        warc=crawl, blob_root=tmp_path / "blobs",
    )  # fmt: skip

    capture = saved.acquisition["warc"]
    assert capture["captured_at"] == "2021-09-10T06:00:00+00:00"
    assert capture["status"] == 200
    assert capture["holds_file"] is True  # the file is what the address served
    assert capture["payload_digest_matches"] is True
    assert (tmp_path / "blobs").rglob(capture["sha256"]).__next__().is_file()
    assert saved.acquisition["account"] == "@panjshir_news"


def test_a_capture_that_does_not_hold_the_address_is_refused(
    investigator: User, item: EvidenceItem, tmp_path: Path
) -> None:
    crawl = write_warc(tmp_path / "crawl.warc")
    not_a_warc = tmp_path / "notes.txt"
    not_a_warc.write_text("not a web capture")
    photo = picture(tmp_path / "p.jpg")
    add_photo = partial(
        add_file,
        actor=investigator, item=item, path=photo,
        acquired_how="collected", acquired_by="farid",
        acquired_at="2021-09-10", blob_root=tmp_path / "blobs",
    )  # fmt: skip

    with pytest.raises(ValidationError) as elsewhere:
        add_photo(acquisition={"url": "https://example.org/other"}, warc=crawl)
    with pytest.raises(ValidationError) as no_url:
        add_photo(warc=crawl)
    with pytest.raises(ValidationError) as damaged:
        add_photo(acquisition={"url": POST_URL}, warc=not_a_warc)

    assert elsewhere.value.message_dict["warc"] == [
        "The web capture holds no page at https://example.org/other."
    ]
    assert no_url.value.message_dict["warc"] == [
        "Give the web address the capture is of."
    ]
    assert "notes.txt" in damaged.value.message_dict["warc"][0]
    assert not EvidenceFile.objects.exists()
    assert not (tmp_path / "blobs").exists() or not any(
        p.is_file() for p in (tmp_path / "blobs").rglob("*")
    )
