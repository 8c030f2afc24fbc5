"""Tests for sabt.evidence.blobs: a write-once, content-addressed file store."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sabt.evidence.blobs import (
    STALE_AFTER_SECONDS,
    TMP_DIR,
    Blob,
    BlobNotFound,
    BlobStore,
    InvalidDigest,
)

REPORT = b"Witness reports shelling near the market at dawn.\n"
REPORT_SHA256 = hashlib.sha256(REPORT).hexdigest()
LONG_AGO = time.time() - 10 * STALE_AFTER_SECONDS


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")


def _tamper(path: Path) -> None:
    """Flip one byte of a stored file, as a failing disk or an intruder would."""
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_stored_file_is_named_by_its_sha256_and_holds_the_bytes(
    store: BlobStore,
) -> None:
    blob = store.put_bytes(REPORT)
    path = store.path_of(REPORT_SHA256)
    assert blob == Blob(sha256=REPORT_SHA256, size=len(REPORT), created=True)
    assert path == store.root / REPORT_SHA256[:2] / REPORT_SHA256[2:4] / REPORT_SHA256
    assert path.read_bytes() == REPORT


def test_stored_file_is_read_only(store: BlobStore) -> None:
    store.put_bytes(REPORT)
    assert stat.S_IMODE(store.path_of(REPORT_SHA256).stat().st_mode) == 0o400


def test_same_bytes_twice_give_one_blob_not_created_the_second_time(
    store: BlobStore,
) -> None:
    first = store.put_bytes(REPORT)
    second = store.put_bytes(REPORT)
    assert first.created is True
    assert second.created is False
    assert second.sha256 == first.sha256
    stored = [p for p in store.root.rglob("*") if p.is_file()]
    assert stored == [store.path_of(REPORT_SHA256)]


def test_put_never_rewrites_an_existing_blob_even_a_damaged_one(
    store: BlobStore,
) -> None:
    """A second put finds the name taken and leaves the file as it is.

    The stored file is altered first, so a put that rewrote it, even with
    the right bytes, would show: content and mtime must stay the altered ones.
    """
    store.put_bytes(REPORT)
    path = store.path_of(REPORT_SHA256)
    _tamper(path)
    altered = path.read_bytes()
    os.utime(path, (LONG_AGO, LONG_AGO))
    blob = store.put_bytes(REPORT)
    assert blob.created is False
    assert path.read_bytes() == altered
    assert path.stat().st_mtime == pytest.approx(LONG_AGO)


def test_put_leaves_no_temporary_file(store: BlobStore) -> None:
    store.put_bytes(REPORT)
    store.put_bytes(REPORT)
    assert list((store.root / TMP_DIR).iterdir()) == []


def test_put_path_stores_the_file(store: BlobStore, tmp_path: Path) -> None:
    source = tmp_path / "statement.txt"
    source.write_bytes(REPORT * 1000)
    blob = store.put_path(source)
    assert blob.sha256 == hashlib.sha256(REPORT * 1000).hexdigest()
    assert blob.size == len(REPORT) * 1000
    with store.open(blob.sha256) as handle:
        assert handle.read() == REPORT * 1000


def test_empty_file_is_a_blob_too(store: BlobStore) -> None:
    blob = store.put_bytes(b"")
    assert blob.sha256 == hashlib.sha256(b"").hexdigest()
    assert blob.size == 0
    assert store.check(blob.sha256) is True


def test_puts_racing_with_the_same_bytes_store_it_once(store: BlobStore) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        blobs = list(pool.map(lambda _: store.put_bytes(REPORT * 5000), range(16)))
    assert sum(blob.created for blob in blobs) == 1
    assert store.check(blobs[0].sha256) is True


def test_exists_says_whether_a_blob_is_stored(store: BlobStore) -> None:
    other = hashlib.sha256(b"other").hexdigest()
    store.put_bytes(REPORT)
    assert store.exists(REPORT_SHA256) is True
    assert store.exists(other) is False


def test_opening_a_missing_blob_raises_blob_not_found(store: BlobStore) -> None:
    with pytest.raises(BlobNotFound, match=f"no blob {REPORT_SHA256}"):
        store.open(REPORT_SHA256)


def test_check_passes_an_intact_blob(store: BlobStore) -> None:
    store.put_bytes(REPORT)
    assert store.check(REPORT_SHA256) is True


def test_check_detects_a_byte_flipped_on_disk(store: BlobStore) -> None:
    store.put_bytes(REPORT)
    _tamper(store.path_of(REPORT_SHA256))
    assert store.check(REPORT_SHA256) is False


def test_check_of_a_missing_blob_raises_blob_not_found(store: BlobStore) -> None:
    with pytest.raises(BlobNotFound):
        store.check(REPORT_SHA256)


@pytest.mark.parametrize(
    "digest",
    [
        "../../etc/passwd",
        "../" + REPORT_SHA256[3:],
        REPORT_SHA256.upper(),
        REPORT_SHA256[:63],
        REPORT_SHA256 + "0",
        REPORT_SHA256 + "\n",
        REPORT_SHA256[:62] + "/x",
        "",
    ],
)
def test_malformed_digest_is_refused(store: BlobStore, digest: str) -> None:
    for method in (store.path_of, store.exists, store.open, store.check):
        with pytest.raises(InvalidDigest, match="not a SHA-256 digest"):
            method(digest)


def test_temporary_file_left_by_a_crash_is_removed_by_the_next_put(
    store: BlobStore,
) -> None:
    store.put_bytes(b"first")
    leftover = store.root / TMP_DIR / "put-crashed"
    leftover.write_bytes(b"half a vid")
    os.utime(leftover, (LONG_AGO, LONG_AGO))
    store.put_bytes(REPORT)
    assert not leftover.exists()


def test_temporary_file_of_a_running_put_is_kept(store: BlobStore) -> None:
    """Another process holding the file's lock is a put still writing it."""
    store.put_bytes(b"first")
    running = store.root / TMP_DIR / "put-running"
    running.write_bytes(b"a slow upload")
    os.utime(running, (LONG_AGO, LONG_AGO))
    holder = (
        "import fcntl, sys, time;"
        "f = open(sys.argv[1], 'rb'); fcntl.flock(f, fcntl.LOCK_EX);"
        "print('locked', flush=True); time.sleep(30)"
    )
    with subprocess.Popen(
        [sys.executable, "-c", holder, str(running)], stdout=subprocess.PIPE
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline() == b"locked\n"
            assert store.remove_temporaries() == 0
            assert running.exists()
        finally:
            process.kill()
    assert store.remove_temporaries() == 1
    assert not running.exists()


def test_storing_a_50_mb_file_keeps_python_memory_under_4_mb(
    store: BlobStore, tmp_path: Path
) -> None:
    """The file streams through in 1 MiB chunks, never whole in memory."""
    source = tmp_path / "video.bin"
    digest = hashlib.sha256()
    with source.open("wb") as handle:
        for _ in range(50):
            chunk = os.urandom(1024 * 1024)
            digest.update(chunk)
            handle.write(chunk)
    tracemalloc.start()
    try:
        blob = store.put_path(source)
        intact = store.check(blob.sha256)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert blob.sha256 == digest.hexdigest()
    assert blob.size == 50 * 1024 * 1024
    assert intact is True
    assert peak < 4 * 1024 * 1024, f"peak Python allocation {peak} bytes"
