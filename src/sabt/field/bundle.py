"""The bundle's files: names, members and the signed manifest, for both ends.

A bundle is a kit-signed manifest (``<bundle>.manifest.json``) and one or
more parts (``<bundle>.partNNNN.zip``, stored, not compressed: ciphertext
does not shrink). A part holds ``part.json`` (which bundle, which part),
``entries.jsonl`` (sealed envelopes, one a line), ``keys.jsonl`` (subjects'
data keys and files' keys, wrapped to the organisation) and
``files/<id>.sealed``. The manifest names every part with its size and
SHA-256, so one changed byte anywhere refuses the bundle.
"""

from __future__ import annotations

import re

MANIFEST_FORMAT = "sabt-field-manifest"
ACK_FORMAT = "sabt-field-ack"
PART_FILE = "part.json"
ENTRIES_FILE = "entries.jsonl"
KEYS_FILE = "keys.jsonl"
FILES_DIR = "files/"
SEALED_SUFFIX = ".sealed"
DEFAULT_MAX_PART = 20 * 1000**2
MIN_PART = 64 * 1024

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
FILE_MEMBER = re.compile(rf"files/({_UUID})\.sealed")
_SIZE = re.compile(r"(\d+)\s*(|b|kb|mb|gb|kib|mib|gib)", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3}
_UNITS |= {"kib": 1024, "mib": 1024**2, "gib": 1024**3}


def manifest_name(bundle: str) -> str:
    return f"{bundle}.manifest.json"


def part_name(bundle: str, index: int) -> str:
    return f"{bundle}.part{index:04d}.zip"


def ack_name(bundle: str) -> str:
    return f"{bundle}.ack.json"


def parse_size(text: str) -> int:
    """``20MB``, ``512kb``, ``1GiB`` or bytes, as a number of bytes.

    Raises ValueError for anything else, or less than 64 KiB.
    """
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not a size: {text!r} (say 20MB, 512KB or 1GB)")
    size = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if size < MIN_PART:
        raise ValueError(f"a part must be allowed at least {MIN_PART} bytes")
    return size
