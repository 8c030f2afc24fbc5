"""How much an import may hold, so a hostile file cannot fill the disk or memory."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps on what one import reads.

    ``max_media_bytes`` is one media file (a phone's video is tens of MiB);
    ``max_total_bytes`` all of an export uncompressed; ``max_ratio`` how far
    one zip entry may expand, which a zip bomb exceeds by orders of magnitude.
    """

    max_media_bytes: int = 200 * MIB
    max_total_bytes: int = 2048 * MIB
    max_entries: int = 20_000
    max_ratio: int = 200


DEFAULT_LIMITS = Limits()


def megabytes(size: int) -> str:
    return f"{size / MIB:.0f} MiB" if size >= MIB else f"{size} bytes"
