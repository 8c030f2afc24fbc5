"""What a file is and what it says about itself: media type and metadata.

The media type comes from the file's bytes (libmagic), never from its name.
Metadata is read by type: EXIF from images (Pillow), container tags from
video and audio (ffprobe), the document information of PDFs (pypdf), and any
C2PA manifest (c2pa-python). Files are evidence from anywhere, so bad content
becomes a line in ``problems``, never an exception, and no reader here loads
a large file whole into memory.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import math
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import magic
from PIL import ExifTags, Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, WrongPasswordError

from sabt.evidence.images import exif_of, open_header

JsonValue: TypeAlias = (
    str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
)
Metadata: TypeAlias = dict[str, JsonValue]

UNKNOWN_TYPE = "application/octet-stream"
FFPROBE_TIMEOUT_SECONDS = 120
# Decoding is how a truncated image shows itself, but a decoded PNG or TIFF
# takes 4 bytes a pixel; past this size (of a JPEG decoded at 1/8 scale,
# which still reads every byte) only the header and EXIF are read.
MAX_DECODED_PIXELS = 25_000_000
# Metadata text is written by whoever made the file: keep it to a sane length.
MAX_TEXT_LENGTH = 500

# Containers libmagic types as application/* that ffprobe reads.
_AV_APPLICATION_TYPES = {"application/ogg", "application/mxf"}
_ISO6709_KEYS = ("com.apple.quicktime.location.ISO6709", "location", "location-eng")
# ffmpeg starts a message with its source, e.g. "[mov,mp4 @ 0x5650dba28180] ".
_FFMPEG_CONTEXT = re.compile(r"^\[[^\]]* @ 0x[0-9a-f]+\] ")
_ISO6709_PART = r"[+-]\d+(?:\.\d+)?"
_ISO6709 = re.compile(
    rf"(?P<lat>{_ISO6709_PART})(?P<lon>{_ISO6709_PART})(?P<alt>{_ISO6709_PART})?"
    r"(?:CRS[A-Za-z0-9_:]+)?/?"
)


@dataclass(frozen=True)
class FileFacts:
    """What inspection found: media type, metadata (JSON-safe), problems."""

    media_type: str
    metadata: Metadata = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def inspect_file(path: Path) -> FileFacts:
    """Return the media type and metadata of the file at ``path``.

    Raises OSError only if the file cannot be opened at all; anything wrong
    with its content is reported in ``problems``.
    """
    path = Path(path)
    path.open("rb").close()  # missing or unreadable: the caller's error
    facts = FileFacts(media_type=media_type_of(path))
    reader = _reader_for(facts.media_type)
    if reader is not None:
        reader(path, facts)
    _read_c2pa(path, facts)
    return facts


def media_type_of(path: Path) -> str:
    """Return the media type libmagic finds in the file's first bytes.

    Read through an open file, so a path that is a link to one (the field
    kit's uploads held in memory, /proc/PID/fd/N) is typed as its content.
    """
    try:
        with path.open("rb") as handle:
            return str(magic.from_descriptor(handle.fileno(), mime=True))
    except magic.MagicException:
        return UNKNOWN_TYPE


def _reader_for(media_type: str) -> Callable[[Path, FileFacts], None] | None:
    if media_type == "image/svg+xml":
        return None  # text, not pixels
    if media_type.startswith("image/"):
        return _read_image
    if media_type.startswith(("video/", "audio/")) or (
        media_type in _AV_APPLICATION_TYPES
    ):
        return _read_av
    if media_type == "application/pdf":
        return _read_pdf
    return None


# --- Images -----------------------------------------------------------------------


def _read_image(path: Path, facts: FileFacts) -> None:
    try:
        # Opened without Pillow's pixel limit: the size and EXIF of a
        # decompression bomb are facts too, and nothing here decodes it.
        with open_header(path) as image:
            facts.metadata.update(
                width=image.width, height=image.height, format=image.format
            )
            _read_exif(exif_of(image, path), facts)
            _decode_image(image, facts)
    except UnidentifiedImageError:
        facts.problems.append("image not readable: Pillow knows no such format")
    except Image.DecompressionBombError as exc:
        facts.problems.append(f"image not decoded: {exc}")
    except Exception as exc:  # parsers of untrusted bytes raise anything
        facts.problems.append(f"image data damaged or truncated: {exc}")


def _decode_image(image: Image.Image, facts: FileFacts) -> None:
    """Decode the pixels, cheaply, to find truncated or damaged data."""
    size = f"{image.width}x{image.height}"
    if image.format == "JPEG":
        # Draft mode makes libjpeg scale down while decoding: every byte is
        # still read, but the pixels take 1/64 of the memory.
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
    if image.width * image.height > MAX_DECODED_PIXELS:
        facts.problems.append(f"image not decoded to check it: {size} is too large")
        return
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        facts.problems.append(f"image data damaged or truncated: {exc}")


def _read_exif(exif: Image.Exif, facts: FileFacts) -> None:
    base = ExifTags.Base
    for key, tag in (
        ("camera_make", base.Make),
        ("camera_model", base.Model),
        ("software", base.Software),
    ):
        text = _text(exif.get(tag))
        if text:
            facts.metadata[key] = text
    details = exif.get_ifd(ExifTags.IFD.Exif)
    taken = _text(details.get(base.DateTimeOriginal))
    if taken:
        offset = _text(details.get(base.OffsetTimeOriginal))
        iso = _exif_datetime(taken, offset)
        if iso is None:
            facts.problems.append(f"EXIF DateTimeOriginal is not a date: {taken!r}")
        else:
            facts.metadata["taken_at"] = iso
    _read_gps(exif.get_ifd(ExifTags.IFD.GPSInfo), facts)


def _exif_datetime(text: str, offset: str) -> str | None:
    """'2021:09:10 06:00:00' (+ '+04:30') as ISO 8601, or None if not a date.

    EXIF times are the camera's clock with no zone unless OffsetTimeOriginal
    gives one, so the result is naive unless it does.
    """
    try:
        # No zone to give strptime: EXIF keeps the offset in another tag.
        moment = datetime.datetime.strptime(text, "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None
    iso = moment.isoformat()
    if re.fullmatch(r"[+-]\d\d:\d\d", offset):
        iso += offset
    return iso


def _read_gps(gps: Mapping[int, Any], facts: FileFacts) -> None:
    if not gps:
        return
    tags = ExifTags.GPS
    try:
        latitude = _dms(gps.get(tags.GPSLatitude), gps.get(tags.GPSLatitudeRef), "S")
        longitude = _dms(gps.get(tags.GPSLongitude), gps.get(tags.GPSLongitudeRef), "W")
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        facts.problems.append(f"EXIF GPS position unreadable: {exc}")
        return
    if latitude is None or longitude is None:
        return
    if not _is_position(latitude, longitude):
        facts.problems.append(
            f"EXIF GPS position out of range: {latitude}, {longitude}"
        )
        return
    facts.metadata.update(latitude=latitude, longitude=longitude)
    altitude = gps.get(tags.GPSAltitude)
    if altitude is not None:
        with contextlib.suppress(TypeError, ValueError, ZeroDivisionError):
            metres = float(altitude)
            if math.isfinite(metres):
                below_sea = gps.get(tags.GPSAltitudeRef) in (1, b"\x01")
                facts.metadata["altitude"] = round(-metres if below_sea else metres, 2)


def _dms(value: Any, ref: Any, negative_ref: str) -> float | None:
    """Degrees, minutes, seconds and a hemisphere letter as signed degrees."""
    if value is None:
        return None
    parts = [float(part) for part in value]
    degrees = sum(part / 60.0**i for i, part in enumerate(parts[:3]))
    if not math.isfinite(degrees):
        raise ValueError("not a number")
    letter = _text(ref).upper()
    return round(-degrees if letter == negative_ref else degrees, 7)


def _is_position(latitude: float, longitude: float) -> bool:
    return -90 <= latitude <= 90 and -180 <= longitude <= 180


# --- Video and audio --------------------------------------------------------------


def _read_av(path: Path, facts: FileFacts) -> None:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        facts.problems.append("ffprobe not installed: container metadata not read")
        return
    # "file:" keeps a name like "concat:a|b" from choosing another protocol.
    url = "file:" + str(path)
    command = [ffprobe, "-v", "error", "-print_format", "json"]
    command += ["-show_format", "-show_streams", url]
    try:
        done = subprocess.run(  # noqa: S603  (fixed program, path as one argument)
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=FFPROBE_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        seconds = FFPROBE_TIMEOUT_SECONDS
        facts.problems.append(f"ffprobe gave no answer within {seconds} seconds")
        return
    error = _ffmpeg_messages(done.stderr.decode("utf-8", "replace"), url)
    try:
        probe = json.loads(done.stdout)
    except ValueError:
        probe = {}
    if done.returncode != 0 or not probe.get("streams"):
        facts.problems.append(f"container not readable: {error or 'no streams'}")
        return
    if error:
        facts.problems.append(f"ffprobe reported damage: {error}")
    _read_probe(probe, facts)


def _ffmpeg_messages(stderr: str, url: str) -> str:
    """ffprobe's complaints, one line each, without paths or addresses."""
    lines = (_FFMPEG_CONTEXT.sub("", line) for line in stderr.splitlines())
    return _text("; ".join(line.replace(url, "input") for line in lines if line))


def _read_probe(probe: Mapping[str, Any], facts: FileFacts) -> None:
    container = probe.get("format", {})
    streams = probe["streams"]
    tags: dict[str, Any] = dict(container.get("tags", {}))
    meta = facts.metadata
    meta["container"] = _text(container.get("format_name"))
    duration = _number(container.get("duration"))
    if duration is not None:
        meta["duration_seconds"] = round(duration, 3)
    meta["codecs"] = [_text(s.get("codec_name")) for s in streams]
    video = [s for s in streams if s.get("codec_type") == "video"]
    if video:
        meta["width"] = video[0].get("width")
        meta["height"] = video[0].get("height")
    for stream in streams:  # a creation time on the container wins
        for key, value in stream.get("tags", {}).items():
            tags.setdefault(key, value)
    created = _text(tags.get("creation_time"))
    if created:
        meta["created_at"] = _iso_datetime(created)
    for key in _ISO6709_KEYS:
        text = _text(tags.get(key))
        if not text:
            continue
        position = parse_iso6709(text)
        if position is None:
            facts.problems.append(f"location tag is not ISO 6709: {text!r}")
        else:
            meta["latitude"], meta["longitude"] = position[0], position[1]
            if position[2] is not None:
                meta["altitude"] = position[2]
        break


def parse_iso6709(text: str) -> tuple[float, float, float | None] | None:
    """Parse an ISO 6709 point such as ``+35.3100+069.5200+2100.0/``.

    Return (latitude, longitude, altitude or None) in decimal degrees and
    metres, or None if the text is not a valid point. Degrees may also be
    written as ±DDMM.M / ±DDDMM.M or ±DDMMSS.S / ±DDDMMSS.S (ISO 6709 Annex H).
    """
    match = _ISO6709.fullmatch(text.strip())
    if match is None:
        return None
    latitude = _iso6709_degrees(match["lat"], 2)
    longitude = _iso6709_degrees(match["lon"], 3)
    if latitude is None or longitude is None:
        return None
    if not _is_position(latitude, longitude):
        return None
    altitude = float(match["alt"]) if match["alt"] else None
    return latitude, longitude, altitude


def _iso6709_degrees(part: str, degree_digits: int) -> float | None:
    sign = -1.0 if part[0] == "-" else 1.0
    whole, _, fraction = part[1:].partition(".")
    fraction = "." + fraction if fraction else ""
    digits = len(whole) - degree_digits
    if digits not in (0, 2, 4):
        return None
    degrees = float(whole[:degree_digits])
    if digits == 0:
        degrees += float("0" + fraction)
    elif digits == 2:
        degrees += float(whole[degree_digits:] + fraction) / 60
    else:
        minutes = float(whole[degree_digits : degree_digits + 2])
        seconds = float(whole[degree_digits + 2 :] + fraction)
        degrees += minutes / 60 + seconds / 3600
    return round(sign * degrees, 7)


# --- PDF --------------------------------------------------------------------------


def _read_pdf(path: Path, facts: FileFacts) -> None:
    # pypdf reads a file given by name whole into memory; given an open file
    # it seeks to the parts it needs.
    with path.open("rb") as handle:
        try:
            reader = PdfReader(handle)
            facts.metadata["encrypted"] = reader.is_encrypted
            info = reader.metadata
            facts.metadata["pages"] = len(reader.pages)
        except Exception as exc:  # parsers of untrusted bytes raise anything
            facts.problems.append(_pdf_problem(exc))
            return
        if info is None:
            return
        for key in ("title", "author", "creator", "producer"):
            text = _text(getattr(info, key, None))
            if text:
                facts.metadata[key] = text
        for key, attribute, name in (
            ("created_at", "creation_date", "/CreationDate"),
            ("modified_at", "modification_date", "/ModDate"),
        ):
            try:
                moment = getattr(info, attribute)
            except Exception:  # a malformed date string raises anything
                raw = _text(info.get(name))
                facts.problems.append(f"PDF {name} is not a date: {raw!r}")
                continue
            if isinstance(moment, datetime.datetime):
                facts.metadata[key] = moment.isoformat()


def _pdf_problem(exc: Exception) -> str:
    if isinstance(exc, FileNotDecryptedError | WrongPasswordError):
        return "PDF is encrypted with a password: metadata not read"
    return f"PDF not readable: {exc}"


# --- C2PA -------------------------------------------------------------------------


def _read_c2pa(path: Path, facts: FileFacts) -> None:
    """Summarise the C2PA manifest store, if c2pa-python can read this type."""
    try:
        # Imported here: optional, and it loads a native library.
        import c2pa  # type: ignore[import-untyped]  # noqa: PLC0415  # no type hints
    except ImportError:
        return
    try:
        if facts.media_type not in c2pa.Reader.get_supported_mime_types():
            return
        # Never fetch anything: a manifest hosted elsewhere, or a certificate
        # status check, would tell a stranger's server what is being examined.
        context = c2pa.Context.from_dict(
            {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
        )
        with path.open("rb") as handle:
            reader = c2pa.Reader.try_create(facts.media_type, handle, None, context)
            if reader is None:
                facts.metadata["c2pa"] = {"present": False}
                return
            with reader:
                store = json.loads(reader.json())
    except Exception as exc:  # the native reader raises many kinds
        facts.problems.append(f"C2PA manifest not readable: {exc}")
        return
    facts.metadata["c2pa"] = c2pa_summary(store)


def c2pa_summary(store: Mapping[str, Any]) -> Metadata:
    """A short account of a C2PA manifest store (``Reader.json()`` parsed)."""
    label = _text(store.get("active_manifest"))
    manifest: Mapping[str, Any] = store.get("manifests", {}).get(label) or {}
    generator = _text(manifest.get("claim_generator"))
    if not generator:  # claims v2 name the generator in claim_generator_info
        info = (manifest.get("claim_generator_info") or [{}])[0]
        generator = " ".join(
            _text(info.get(key)) for key in ("name", "version") if info.get(key)
        )
    signature = manifest.get("signature_info") or {}
    statuses = store.get("validation_status") or []
    return {
        "present": True,
        "active_manifest": label,
        "claim_generator": generator,
        "signature_issuer": _text(signature.get("issuer")),
        "signature_common_name": _text(signature.get("common_name")),
        "validation_state": _text(store.get("validation_state")),
        "validation_status": [_text(status.get("code")) for status in statuses],
    }


# --- Helpers ----------------------------------------------------------------------


def _text(value: Any) -> str:
    """Metadata as storable text: no NULs, no broken Unicode, not too long."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value).replace("\x00", "").strip()
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:MAX_TEXT_LENGTH]


def _iso_datetime(text: str) -> str:
    """ISO 8601 text in one spelling ('+00:00', not 'Z'); as given if not."""
    try:
        return datetime.datetime.fromisoformat(text).isoformat()
    except ValueError:
        return text


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
