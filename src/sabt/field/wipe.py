"""Destroying a kit: its key, its kit file, its database and sealed files.

Each file is overwritten with zeros, flushed and removed. On flash storage
(SSD, USB stick, SD card) the drive's controller may keep old copies of
blocks where no program can reach them, so nothing is promised about those;
it is safe here because all they can hold is ciphertext sealed to the
organisation's key, which the kit never had, and the kit's signing key,
which headquarters revokes.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import connections

from sabt.field.kit import kit_file_path, kit_identity, kit_key_path, sealed_files_dir
from sabt.ledger_store.org_key import org_public_key_path

FLASH_WARNING = (
    "On flash storage (SSD, USB stick, SD card) the drive may keep old copies "
    "of blocks that no program can overwrite. What they can hold is sealed to "
    "the organisation's key, which this kit never had, and this kit's signing "
    "key: ask headquarters to revoke the kit now (sabt field revoke {name})."
)


def wipe() -> tuple[str, list[Path]]:
    """Overwrite and remove the kit's files; return its name and what went."""
    name = kit_identity().name
    connections.close_all()
    database = Path(str(settings.DATABASES["default"]["NAME"]))
    targets = [
        kit_key_path(),
        *sorted(sealed_files_dir().glob("*")),
        *(Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")),
        kit_file_path(),
        org_public_key_path(),
        Path(settings.SABT_HOME) / "secret_key",
    ]
    removed = [path for path in targets if path.is_file() and _shred(path)]
    return name, removed


def _shred(path: Path) -> bool:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        block = b"\0" * (1024 * 1024)
        left = size
        while left > 0:
            handle.write(block[: min(left, len(block))])
            left -= len(block)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
    return True
