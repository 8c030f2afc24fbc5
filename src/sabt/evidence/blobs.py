"""A write-once store of files named by their SHA-256 digest.

A blob lives at ``<root>/<2 hex>/<2 hex>/<sha256>``, read-only. It is written
to ``<root>/tmp/`` while it is hashed, fsynced, then linked into place, so a
reader never sees half a file and a crash leaves only a temporary file that
the next put removes. Once stored, a blob is never overwritten or rewritten.
Files of any size pass through in 1 MiB chunks, never whole in memory.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK_SIZE = 1024 * 1024
# Read-only (a blob never changes) and the owner's only, like all of SABT_HOME.
BLOB_MODE = 0o400
TMP_DIR = "tmp"
TMP_PREFIX = "put-"
# A temporary file is only removed once no put holds its lock and it has sat
# untouched this long: the grace covers the instant between creating the file
# and locking it.
STALE_AFTER_SECONDS = 60.0

_DIGEST = re.compile(r"[0-9a-f]{64}")
# Filesystems without hard links (FAT, exFAT on a field kit's USB drive) say
# so with one of these; any other error from link() is a real failure.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP}


class BlobError(Exception):
    """Base of the blob store's errors."""


class InvalidDigest(BlobError, ValueError):
    """A string that is not 64 lowercase hex characters was given as a digest."""


class BlobNotFound(BlobError, LookupError):
    """No blob is stored under a well-formed digest."""


@dataclass(frozen=True)
class Blob:
    """A stored file: its digest, its size, and whether this call stored it."""

    sha256: str
    size: int
    created: bool


class BlobStore:
    """Content-addressed, write-once files under one root directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # --- Writing ---------------------------------------------------------------

    def put_stream(self, stream: BinaryIO) -> Blob:
        """Store everything ``stream`` yields; return the blob it became.

        If a blob with the same digest exists, it is left as it is and the
        copy just written is discarded (``created`` is False).
        """
        self.remove_temporaries()
        tmp_dir = self.root / TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=TMP_PREFIX)
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                # The lock tells remove_temporaries() this file is in use.
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
                sha256, size = _copy_and_hash(stream, handle)
                handle.flush()
                os.fchmod(handle.fileno(), BLOB_MODE)
                os.fsync(handle.fileno())
                created = self._publish(tmp_path, sha256)
        finally:
            tmp_path.unlink(missing_ok=True)
        return Blob(sha256=sha256, size=size, created=created)

    def put_path(self, path: Path) -> Blob:
        """Store a copy of the file at ``path``."""
        with Path(path).open("rb") as handle:
            return self.put_stream(handle)

    def put_bytes(self, data: bytes) -> Blob:
        """Store ``data``; for small contents that are in memory anyway."""
        return self.put_stream(io.BytesIO(data))

    def remove_temporaries(self) -> int:
        """Delete temporary files that no put is writing; return how many.

        Such files are what a crash leaves behind. A file is in use while its
        writer holds an exclusive lock on it, and released by the kernel when
        the writer dies, so a crashed put's file is free and a live one is not.
        """
        tmp_dir = self.root / TMP_DIR
        if not tmp_dir.is_dir():
            return 0
        removed = 0
        now = time.time()
        for path in tmp_dir.glob(TMP_PREFIX + "*"):
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime < STALE_AFTER_SECONDS:
                    continue
                if _remove_if_unlocked(path):
                    removed += 1
        return removed

    def _publish(self, tmp_path: Path, sha256: str) -> bool:
        """Give the written file its final name; False if the blob was there."""
        final = self.path_of(sha256)
        if final.exists():
            return False
        _make_dirs(final.parent)
        try:
            # link() refuses to replace an existing name, so two puts of the
            # same bytes racing each other cannot overwrite one another.
            os.link(tmp_path, final)
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            # Without hard links, rename: the blob was absent a moment ago,
            # and a racing put of the same digest holds the same bytes.
            if final.exists():
                return False
            tmp_path.rename(final)
        _fsync_dir(final.parent)
        return True

    # --- Reading ---------------------------------------------------------------

    def path_of(self, sha256: str) -> Path:
        """Return where the blob ``sha256`` is (or would be) stored.

        Raises InvalidDigest unless ``sha256`` is 64 lowercase hex characters,
        so no digest can name a path outside the store.
        """
        if not isinstance(sha256, str) or not _DIGEST.fullmatch(sha256):
            shown = repr(sha256)[:80]
            raise InvalidDigest(
                f"not a SHA-256 digest (64 lowercase hex characters): {shown}"
            )
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        """True if a blob is stored under ``sha256``."""
        return self.path_of(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """Open the blob for reading. Raises BlobNotFound if it is absent."""
        path = self.path_of(sha256)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise BlobNotFound(f"no blob {sha256}") from exc

    def check(self, sha256: str) -> bool:
        """Re-hash the stored blob: True if its bytes still match its name.

        False means the file was altered on disk. Raises BlobNotFound if it
        is absent, which calls for a different response than damage.
        """
        with self.open(sha256) as handle:
            actual, _ = _copy_and_hash(handle, None)
        return actual == sha256


def _copy_and_hash(source: BinaryIO, target: BinaryIO | None) -> tuple[str, int]:
    """Read ``source`` to its end in chunks, writing each to ``target``.

    Return the SHA-256 hex digest and the number of bytes read.
    """
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def _remove_if_unlocked(path: Path) -> bool:
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a put is writing it
        path.unlink()
        return True
    finally:
        os.close(fd)  # also releases the lock


def _make_dirs(directory: Path) -> None:
    """Create ``directory`` and missing parents, each entry made durable."""
    if directory.is_dir():
        return
    _make_dirs(directory.parent)
    with contextlib.suppress(FileExistsError):
        directory.mkdir()
        _fsync_dir(directory.parent)


def _fsync_dir(directory: Path) -> None:
    """Flush a directory's entries, so a new name survives a power cut."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
