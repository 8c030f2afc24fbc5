"""Tests for sabt.evidence.webcapture: finding a page in a WARC web capture."""

from __future__ import annotations

import datetime
import hashlib
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sabt.evidence.webcapture import ListedCapture, captures, find_capture

POST_URL = "https://example.org/posts/1877/"
POST = (
    b"<html><body><p>Shelling reported near the market in Bazarak at dawn."
    b"</p></body></html>"
)
PHOTO_URL = "https://cdn.example.org/media/1877.jpg"
PHOTO = bytes(range(256)) * 4000  # about 1 MB, more than one read
CAPTURED_AT = "2021-09-10T06:00:00Z"


def _response(
    writer: WARCWriter, url: str, body: bytes, status: str, content_type: str
) -> object:
    http = StatusAndHeaders(
        status, [("Content-Type", content_type)], protocol="HTTP/1.1"
    )
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": CAPTURED_AT},
    )


def write_warc(path: Path, *, gzip: bool = True) -> Path:
    """A crawl of one post: warcinfo, request, the page, its photo, a 404."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "sabt tests"})
        )
        request = StatusAndHeaders(
            "GET /posts/1877/ HTTP/1.1",
            [("Host", "example.org")],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(POST_URL, "request", http_headers=request)
        )
        writer.write_record(
            _response(writer, POST_URL, POST, "200 OK", "text/html; charset=utf-8")
        )
        writer.write_record(_response(writer, PHOTO_URL, PHOTO, "200 OK", "image/jpeg"))
        writer.write_record(
            _response(
                writer, "https://example.org/gone", b"", "404 Not Found", "text/plain"
            )
        )
    return path


@pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
def warc(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    gzip = bool(request.param)
    return write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)


def test_capture_gives_date_status_type_digest_and_record_id(warc: Path) -> None:
    capture = find_capture(warc, POST_URL)
    assert capture is not None
    assert capture.uri == POST_URL
    assert capture.date == datetime.datetime(2021, 9, 10, 6, 0, tzinfo=datetime.UTC)
    assert capture.status == 200
    assert capture.content_type == "text/html; charset=utf-8"
    assert capture.payload_sha256 == hashlib.sha256(POST).hexdigest()
    assert capture.payload_size == len(POST)
    assert capture.record_id.startswith("<urn:uuid:")


def test_capture_checks_the_warc_payload_digest(warc: Path) -> None:
    capture = find_capture(warc, PHOTO_URL)
    assert capture is not None
    assert capture.payload_sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert capture.recorded_payload_digest is not None
    assert capture.recorded_payload_digest.startswith("sha1:")
    assert capture.payload_digest_matches is True


def test_url_matches_with_or_without_trailing_slash(warc: Path) -> None:
    without = find_capture(warc, POST_URL.rstrip("/"))
    assert without is not None
    assert without.uri == POST_URL


def test_error_page_capture_gives_its_status(warc: Path) -> None:
    capture = find_capture(warc, "https://example.org/gone")
    assert capture is not None
    assert capture.status == 404
    assert capture.payload_size == 0
    assert capture.payload_sha256 == hashlib.sha256(b"").hexdigest()


def test_url_not_captured_gives_none(warc: Path) -> None:
    assert find_capture(warc, "https://example.org/posts/1878/") is None


def test_captures_lists_responses_only_in_file_order(warc: Path) -> None:
    listed = captures(warc)
    assert [c.uri for c in listed] == [
        POST_URL,
        PHOTO_URL,
        "https://example.org/gone",
    ]
    assert all(isinstance(c, ListedCapture) for c in listed)
    assert {c.date for c in listed} == {
        datetime.datetime(2021, 9, 10, 6, 0, tzinfo=datetime.UTC)
    }


def test_altered_payload_fails_the_recorded_digest(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc", gzip=False)
    data = path.read_bytes()
    at = data.index(b"Shelling")
    path.write_bytes(data[:at] + b"Nothing happened" + data[at + 16 :])
    capture = find_capture(path, POST_URL)
    assert capture is not None
    assert capture.payload_sha256 != hashlib.sha256(POST).hexdigest()
    assert capture.payload_digest_matches is False


def test_truncated_capture_raises_value_error(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc", gzip=False)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(bytes(range(256))) + 5000])
    with pytest.raises(ValueError, match=r"the capture of .*/1877\.jpg is truncated"):
        find_capture(path, PHOTO_URL)


def test_damaged_gzip_warc_raises_value_error(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 60])
    with pytest.raises(
        ValueError,
        match=r"crawl\.warc\.gz: not a WARC file, or a damaged one \(Compressed",
    ):
        captures(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no records in it"),
        (b"Three houses destroyed.\n", "not a WARC file, or a damaged one"),
        (b"%PDF-1.7\n" + bytes(range(256)), "not a WARC file, or a damaged one"),
    ],
    ids=["empty", "text", "pdf"],
)
def test_file_that_is_not_a_warc_raises_value_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "capture.warc"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        captures(path)
    with pytest.raises(ValueError, match=message):
        find_capture(path, POST_URL)


def test_corrupted_gzip_member_raises_value_error(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(
        ValueError, match=r"crawl\.warc\.gz: not a WARC file, or a damaged"
    ):
        captures(path)
