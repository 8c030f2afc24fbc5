"""Read web captures from WARC files (ISO 28500): what was served, and when.

A WARC holds the requests and responses of a crawl as records. Evidence
needs one response: its WARC-Date (when it was captured), the HTTP status and
content type, and a SHA-256 of the payload, computed here while the payload
streams past, so a capture of any size is read in chunks.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime
import gzip
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

CHUNK_SIZE = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
# WARC-Payload-Digest algorithms checked against the payload; others (rare)
# leave ``payload_digest_matches`` None.
RECORDED_DIGESTS = ("sha1", "sha256", "sha512", "md5")


@dataclass(frozen=True)
class ListedCapture:
    """One response record in a WARC: the URI captured and when."""

    uri: str
    date: datetime.datetime
    record_id: str


@dataclass(frozen=True)
class Capture:
    """A response record read in full.

    ``payload_sha256`` and ``payload_size`` cover the payload as recorded:
    the body after the HTTP headers, before any content decoding (the bytes
    the WARC-Payload-Digest covers). ``payload_digest_matches`` says whether
    the WARC's own payload digest agrees: None when it records none, or one
    in an algorithm hashlib lacks.
    """

    uri: str
    date: datetime.datetime
    record_id: str
    status: int | None
    content_type: str | None
    payload_sha256: str
    payload_size: int
    recorded_payload_digest: str | None
    payload_digest_matches: bool | None


def captures(warc_path: Path) -> list[ListedCapture]:
    """List every response record in a WARC (plain or gzipped), in file order.

    Raises ValueError if the file is not a WARC or is damaged.
    """
    return [
        ListedCapture(uri=uri, date=_warc_date(record), record_id=_record_id(record))
        for uri, record in _responses(warc_path)
    ]


def find_capture(warc_path: Path, url: str) -> Capture | None:
    """Return the first response record captured from ``url``, or None.

    URIs match exactly, except that a trailing slash is ignored
    (``https://example.org`` finds ``https://example.org/``). Raises
    ValueError if the file is not a WARC or is damaged, including a payload
    cut shorter than its record says.
    """
    wanted = _normalised(url)
    for uri, record in _responses(warc_path):
        if _normalised(uri) == wanted:
            return _read_capture(uri, record, warc_path)
    return None


def _responses(warc_path: Path) -> Iterator[tuple[str, Any]]:
    """Yield (target URI, record) for each response record, streaming.

    Every record is read to its end, so one cut short raises ValueError.
    """
    with _open_archive(Path(warc_path)) as handle:
        records = ArchiveIterator(handle)
        seen_any = False
        while True:
            with _damage_as_value_error(warc_path):
                record = next(records, None)
            if record is None:
                break
            seen_any = True
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.rec_type == "response":
                yield uri, record
            _read_payload(record, warc_path)
    if not seen_any:
        name = Path(warc_path).name
        raise ValueError(f"{name}: not a WARC file (no records in it)")


def _read_capture(uri: str, record: Any, warc_path: Path) -> Capture:
    recorded = record.rec_headers.get_header("WARC-Payload-Digest")
    algorithm, _, expected = (recorded or "").partition(":")
    algorithm = algorithm.lower()
    checker = (
        hashlib.new(algorithm, usedforsecurity=False)
        if algorithm in RECORDED_DIGESTS
        else None
    )
    sha256 = hashlib.sha256()
    sinks = [sha256.update] if checker is None else [sha256.update, checker.update]
    size = _read_payload(record, warc_path, *sinks)
    http = record.http_headers
    return Capture(
        uri=uri,
        date=_warc_date(record),
        record_id=_record_id(record),
        status=_status(http),
        content_type=http.get_header("Content-Type") if http is not None else None,
        payload_sha256=sha256.hexdigest(),
        payload_size=size,
        recorded_payload_digest=recorded,
        payload_digest_matches=(
            None if checker is None else _digest_equals(checker.digest(), expected)
        ),
    )


def _read_payload(record: Any, warc_path: Path, *sinks: Callable[[bytes], None]) -> int:
    """Read the rest of a record's payload into ``sinks``; return its size.

    Raises ValueError if warcio fails on damaged bytes, or if the file ends
    before the record's Content-Length does.
    """
    stream = record.raw_stream
    size = 0
    with _damage_as_value_error(warc_path):
        while chunk := stream.read(CHUNK_SIZE):
            for sink in sinks:
                sink(chunk)
            size += len(chunk)
    # warcio's LimitReader counts down from the Content-Length: bytes still
    # owed once the stream is dry mean the file ends inside this record.
    if getattr(stream, "limit", 0) > 0:
        name = Path(warc_path).name
        uri = record.rec_headers.get_header("WARC-Target-URI") or "a record"
        raise ValueError(f"{name}: the capture of {uri} is truncated")
    return size


def _open_archive(path: Path) -> io.BufferedIOBase:
    """Open a WARC, unzipping a .warc.gz on the fly.

    warcio would unzip it too, but takes a gzip member cut short for the end
    of the file; Python's gzip module raises EOFError instead, and checks
    each member's CRC.
    """
    with path.open("rb") as handle:
        zipped = handle.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if zipped else path.open("rb")


@contextlib.contextmanager
def _damage_as_value_error(warc_path: Path) -> Iterator[None]:
    """Turn what damaged bytes make warcio or gzip raise into ValueError."""
    try:
        yield
    except gzip.BadGzipFile as exc:  # an OSError, but about the bytes
        raise ValueError(_damage_message(warc_path, exc)) from exc
    except OSError:
        raise  # the disk's trouble, not the file's
    except Exception as exc:  # warcio fed damaged bytes raises anything
        raise ValueError(_damage_message(warc_path, exc)) from exc


def _warc_date(record: Any) -> datetime.datetime:
    text = record.rec_headers.get_header("WARC-Date") or ""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"WARC-Date is not a date: {text!r}") from exc
    if moment.tzinfo is None:  # WARC dates are UTC by definition
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _record_id(record: Any) -> str:
    return str(record.rec_headers.get_header("WARC-Record-ID") or "")


def _status(http: Any) -> int | None:
    if http is None:
        return None
    try:
        return int(http.get_statuscode())
    except (TypeError, ValueError):
        return None


def _digest_equals(actual: bytes, recorded: str) -> bool:
    """Compare with a recorded digest in base32 (the usual form) or hex."""
    for decode in (base64.b32decode, base64.b16decode):
        try:
            if decode(recorded.upper()) == actual:
                return True
        except (binascii.Error, ValueError):
            continue
    return False


def _normalised(uri: str) -> str:
    return uri.strip().removesuffix("/")


def _damage_message(warc_path: Path, exc: BaseException) -> str:
    name = Path(warc_path).name
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    return f"{name}: not a WARC file, or a damaged one ({reason})"
