"""Tests for sabt.evidence.inspection: media type from content, and metadata."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from sabt.evidence.inspection import (
    FileFacts,
    JsonValue,
    inspect_file,
    parse_iso6709,
)
from tests.evidence.files import (
    SCENE_BRIDGE,
    scene,
    sign_c2pa,
    write_bomb_png,
    write_pdf,
    write_photo,
    write_video,
)


def _inspect(path: Path) -> FileFacts:
    """Inspect, and check what every caller relies on: JSON-safe metadata."""
    facts = inspect_file(path)
    json.dumps(facts.metadata, allow_nan=False)
    return facts


def _degrees(value: JsonValue) -> float:
    """A coordinate from the metadata, which holds any JSON value."""
    assert isinstance(value, float), value
    return value


# --- Media type ---------------------------------------------------------------------


def test_pdf_named_photo_jpg_is_typed_application_pdf(tmp_path: Path) -> None:
    disguised = write_pdf(tmp_path / "photo.jpg")
    facts = _inspect(disguised)
    assert facts.media_type == "application/pdf"
    assert facts.metadata["pages"] == 2


def test_jpeg_named_statement_pdf_is_typed_image_jpeg(tmp_path: Path) -> None:
    assert _inspect(write_photo(tmp_path / "statement.pdf")).media_type == "image/jpeg"


def test_plain_text_has_a_type_and_no_metadata(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Three houses destroyed.\n", encoding="utf-8")
    assert _inspect(path) == FileFacts(media_type="text/plain", metadata={})


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        inspect_file(tmp_path / "nowhere.jpg")


# --- Images -------------------------------------------------------------------------


def test_photo_gives_size_camera_software_and_time_taken(tmp_path: Path) -> None:
    facts = _inspect(write_photo(tmp_path / "IMG_0001.JPG"))
    assert facts.media_type == "image/jpeg"
    assert facts.problems == []
    meta = facts.metadata
    assert (meta["width"], meta["height"], meta["format"]) == (640, 480, "JPEG")
    assert meta["camera_make"] == "Canon"
    assert meta["camera_model"] == "Canon EOS 80D"
    assert meta["software"] == "Firmware Version 1.0.2"
    assert meta["taken_at"] == "2021-09-10T06:00:00"


def test_time_taken_carries_the_exif_offset_when_there_is_one(tmp_path: Path) -> None:
    photo = write_photo(
        tmp_path / "a.jpg", taken="2021:09:10 10:30:00", offset="+04:30"
    )
    assert _inspect(photo).metadata["taken_at"] == "2021-09-10T10:30:00+04:30"


def test_camera_with_an_unset_clock_reports_a_problem(tmp_path: Path) -> None:
    facts = _inspect(write_photo(tmp_path / "a.jpg", taken="0000:00:00 00:00:00"))
    assert "taken_at" not in facts.metadata
    assert facts.problems == [
        "EXIF DateTimeOriginal is not a date: '0000:00:00 00:00:00'"
    ]


def test_gps_north_east_in_signed_decimal_degrees(tmp_path: Path) -> None:
    """Bazarak, Panjshir: 35°18'36" N, 69°31'12" E."""
    meta = _inspect(write_photo(tmp_path / "a.jpg")).metadata
    assert round(_degrees(meta["latitude"]), 4) == 35.31
    assert round(_degrees(meta["longitude"]), 4) == 69.52
    assert "altitude" not in meta


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        (("S", "E"), (-35.31, 69.52)),
        (("N", "W"), (35.31, -69.52)),
        (("S", "W"), (-35.31, -69.52)),
    ],
)
def test_gps_south_and_west_are_negative(
    tmp_path: Path, refs: tuple[str, str], expected: tuple[float, float]
) -> None:
    meta = _inspect(write_photo(tmp_path / "a.jpg", refs=refs)).metadata
    position = (_degrees(meta["latitude"]), _degrees(meta["longitude"]))
    assert tuple(round(v, 4) for v in position) == expected


def test_gps_altitude_above_and_below_sea_level(tmp_path: Path) -> None:
    high = _inspect(write_photo(tmp_path / "a.jpg", altitude=2150.5)).metadata
    low = _inspect(write_photo(tmp_path / "b.jpg", altitude=-28.0)).metadata
    assert (high["altitude"], low["altitude"]) == (2150.5, -28.0)


def test_gps_position_out_of_range_reports_a_problem(tmp_path: Path) -> None:
    position = ((95.0, 0.0, 0.0), (69.0, 31.0, 12.0))
    facts = _inspect(write_photo(tmp_path / "a.jpg", position=position))
    assert "latitude" not in facts.metadata
    assert facts.problems == ["EXIF GPS position out of range: 95.0, 69.52"]


def test_photo_without_gps_has_no_position(tmp_path: Path) -> None:
    facts = _inspect(write_photo(tmp_path / "a.jpg", position=None))
    assert "latitude" not in facts.metadata
    assert facts.problems == []


def test_png_gives_size_and_format(tmp_path: Path) -> None:
    path = tmp_path / "screenshot.png"
    scene(SCENE_BRIDGE, seed=2, size=(320, 200)).save(path)
    facts = _inspect(path)
    assert facts.media_type == "image/png"
    assert facts.problems == []
    assert facts.metadata["width"] == 320
    assert facts.metadata["height"] == 200
    assert facts.metadata["format"] == "PNG"


def test_a_decompression_bomb_gives_its_size_and_exif_undecoded(
    tmp_path: Path,
) -> None:
    """900 megapixels in 110 KB: Pillow's own open refuses it whole."""
    bomb = write_bomb_png(tmp_path / "bomb.png", 30000, 30000, camera="Canon")
    facts = _inspect(bomb)
    assert facts.media_type == "image/png"
    assert facts.metadata["width"] == 30000
    assert facts.metadata["height"] == 30000
    assert facts.metadata["camera_make"] == "Canon"  # its eXIf follows the pixels
    assert facts.problems == ["image not decoded to check it: 30000x30000 is too large"]


def test_a_png_below_pillows_limit_is_not_decoded_for_its_exif(
    tmp_path: Path,
) -> None:
    """169 megapixels: Pillow warns, and its getexif would decode them."""
    bomb = write_bomb_png(tmp_path / "big.png", 13000, 13000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning either
        facts = _inspect(bomb)
    assert facts.metadata["width"] == 13000
    assert "camera_make" not in facts.metadata
    assert facts.problems == ["image not decoded to check it: 13000x13000 is too large"]


def test_truncated_jpeg_reports_a_problem(tmp_path: Path) -> None:
    whole = write_photo(tmp_path / "whole.jpg").read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    facts = _inspect(cut)
    assert facts.media_type == "image/jpeg"
    assert facts.metadata["camera_make"] == "Canon"  # the header survived
    assert len(facts.problems) == 1
    assert facts.problems[0].startswith(
        "image data damaged or truncated: image file is truncated"
    )


def test_truncated_png_reports_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "whole.png"
    scene(SCENE_BRIDGE, seed=2, size=(320, 200)).save(path)
    cut = tmp_path / "cut.png"
    cut.write_bytes(path.read_bytes()[:5000])
    facts = _inspect(cut)
    assert facts.media_type == "image/png"
    # The C2PA reader, which parses PNGs too, adds a problem of its own.
    assert (
        facts.problems[0] == "image data damaged or truncated: image file is truncated"
    )


def test_jpeg_header_then_garbage_reports_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    facts = _inspect(path)
    assert facts.media_type == "image/jpeg"
    assert facts.problems[0] == "image not readable: Pillow knows no such format"


# --- PDF ----------------------------------------------------------------------------


def test_pdf_gives_document_information_and_page_count(tmp_path: Path) -> None:
    facts = _inspect(write_pdf(tmp_path / "statement.pdf"))
    assert facts.media_type == "application/pdf"
    assert facts.problems == []
    assert facts.metadata == {
        "encrypted": False,
        "pages": 2,
        "title": "Witness statement 17",
        "author": "Field team 3",
        "creator": "Writer",
        "producer": "LibreOffice 7.4",
        "created_at": "2021-09-10T06:00:00+00:00",
        "modified_at": "2021-09-11T09:30:00+04:30",
        "c2pa": {"present": False},
    }


def test_password_protected_pdf_reports_a_problem(tmp_path: Path) -> None:
    facts = _inspect(write_pdf(tmp_path / "sealed.pdf", password="secret"))
    assert facts.media_type == "application/pdf"
    assert facts.problems == ["PDF is encrypted with a password: metadata not read"]
    assert "title" not in facts.metadata


def test_broken_pdf_reports_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\nthe rest lost"
    )
    facts = _inspect(path)
    assert facts.media_type == "application/pdf"
    assert facts.problems[0] == "PDF not readable: Stream has ended unexpectedly"


# --- Video --------------------------------------------------------------------------


def test_video_gives_container_codecs_time_and_place(tmp_path: Path) -> None:
    facts = _inspect(write_video(tmp_path / "clip.mp4"))
    assert facts.media_type == "video/mp4"
    assert facts.problems == []
    meta = facts.metadata
    assert meta["duration_seconds"] == 1.0
    assert "mp4" in str(meta["container"])
    assert meta["codecs"] == ["h264"]
    assert (meta["width"], meta["height"]) == (160, 120)
    assert meta["created_at"] == "2021-09-10T06:00:00+00:00"
    assert (meta["latitude"], meta["longitude"]) == (35.31, 69.52)


def test_truncated_video_reports_a_problem(tmp_path: Path) -> None:
    whole = write_video(tmp_path / "clip.mp4").read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: len(whole) // 3])
    facts = _inspect(cut)
    assert facts.problems == [
        "container not readable: moov atom not found;"
        " input: Invalid data found when processing input"
    ]


def test_without_ffprobe_video_is_typed_and_a_problem_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = write_video(tmp_path / "clip.mp4")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    facts = _inspect(clip)
    assert facts.media_type == "video/mp4"
    assert facts.problems == ["ffprobe not installed: container metadata not read"]
    assert "duration_seconds" not in facts.metadata


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+35.3100+069.5200/", (35.31, 69.52, None)),
        ("+35.3100+069.5200+2150.000/", (35.31, 69.52, 2150.0)),
        ("-33.8688+151.2093/", (-33.8688, 151.2093, None)),
        ("+3518.6-06931.2/", (35.31, -69.52, None)),
        ("+351836-0693112+12.5CRSWGS_84/", (35.31, -69.52, 12.5)),
        ("+95.0+069.52/", None),
        ("+35.31/", None),
        ("35.31,69.52", None),
        ("", None),
    ],
)
def test_iso6709_locations(
    text: str, expected: tuple[float, float, float | None] | None
) -> None:
    assert parse_iso6709(text) == expected


# --- C2PA ---------------------------------------------------------------------------


def test_jpeg_without_c2pa_says_none_is_present(tmp_path: Path) -> None:
    pytest.importorskip("c2pa")
    facts = _inspect(write_photo(tmp_path / "a.jpg"))
    assert facts.metadata["c2pa"] == {"present": False}


def test_signed_c2pa_manifest_is_summarised(tmp_path: Path) -> None:
    signed = sign_c2pa(write_photo(tmp_path / "a.jpg"), tmp_path / "signed.jpg")
    facts = _inspect(signed)
    summary = facts.metadata["c2pa"]
    assert facts.problems == []
    assert isinstance(summary, dict)
    assert summary["present"] is True
    assert str(summary["active_manifest"]).startswith("urn:c2pa:")
    assert summary["claim_generator"] == "sabt-tests 1.0"
    assert summary["signature_issuer"] == "Sabt Test"
    assert summary["signature_common_name"] == "Sabt Test Signer"
    assert summary["validation_state"] == "Valid"
    # Valid but untrusted: the test CA is on no trust list.
    assert summary["validation_status"] == ["signingCredential.untrusted"]
    assert facts.metadata["camera_make"] == "Canon"  # EXIF survives signing


def test_c2pa_detects_pixels_changed_after_signing(tmp_path: Path) -> None:
    signed = sign_c2pa(write_photo(tmp_path / "a.jpg"), tmp_path / "signed.jpg")
    data = bytearray(signed.read_bytes())
    data[-100] ^= 0xFF  # inside the image data, which the manifest hashes
    signed.write_bytes(bytes(data))
    summary = _inspect(signed).metadata["c2pa"]
    assert isinstance(summary, dict)
    assert summary["validation_state"] == "Invalid"
    assert isinstance(summary["validation_status"], list)
    assert "assertion.dataHash.mismatch" in summary["validation_status"]


def test_inspection_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = write_photo(tmp_path / "a.jpg")
    before = path.read_bytes()
    _inspect(path)
    assert path.read_bytes() == before
