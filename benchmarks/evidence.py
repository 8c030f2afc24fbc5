"""Benchmark evidence ingest: a large file stored and inspected in little memory.

Writes a file of ``--size-mb`` megabytes (MiB, default 2048) of random,
incompressible bytes to a temporary directory, then ingests it in a separate
child process run under ``/usr/bin/time -v``, so the figures are the child's
alone and include starting Python and importing the libraries:

``evidence.ingest``
    ``ingest()``: ``BlobStore.put_path`` (SHA-256 while copying into the
    store, fsync, link), then ``inspect_file`` on the stored blob (libmagic,
    plus the type's own reader and C2PA; random bytes have none), then the
    perceptual hash if the file is an image. ``seconds`` is the child's wall
    clock time, ``mb_per_s`` the file's size over it, ``peak_rss_mb`` the
    child's maximum resident set size. Goal: a peak under 200 MB whatever
    the file's size, i.e. nothing holds the file in memory. The stored blob's
    digest is checked against the digest taken while writing the file.
``sha256.raw_rate``
    hashlib SHA-256 over 1 MiB chunks already in memory, one thread: the
    ceiling for ingest speed on this machine. Ingest also reads and writes
    the file, so it runs below this; the source file was just written, so it
    is likely read from the page cache, and the copy's fsync goes to disk.

Each figure is one ``name key=value ...`` line on stdout, and the last line
is a JSON object holding every figure. Progress goes to stderr. Temporary
files (the source and the store, 2 x size) are removed at the end unless
``--keep`` is given; check the free space of ``$TMPDIR`` (or ``/tmp``) first::

    .venv/bin/python benchmarks/evidence.py
    .venv/bin/python benchmarks/evidence.py --size-mb 256

``--child PATH BLOB_ROOT`` runs only the ingest of PATH into a store at
BLOB_ROOT and prints its result as JSON; the parent uses it. To measure the
full evidence service later, point ``ingest()`` at it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from common import Value, print_figure, progress

MIB = 1024 * 1024
CHUNK = MIB
GOAL_PEAK_RSS_MB = 200
TIME = "/usr/bin/time"
RAW_HASH_MB = 1024

Figure = dict[str, Value]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    add = parser.add_argument
    add("--size-mb", type=int, default=2048, help="size of the test file in MiB")
    add("--keep", action="store_true", help="keep the temporary directory")
    add("--child", nargs=2, metavar=("PATH", "BLOB_ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.size_mb < 1:
        parser.error("--size-mb must be positive")
    return args


# --- The measured work (runs in the child) ---------------------------------------


def ingest(path: Path, blob_root: Path) -> dict[str, Any]:
    """Store and inspect one file, as evidence intake does; return the facts."""
    from sabt.evidence.blobs import BlobStore  # noqa: PLC0415
    from sabt.evidence.inspection import inspect_file  # noqa: PLC0415
    from sabt.evidence.similarity import image_hash  # noqa: PLC0415

    store = BlobStore(blob_root)
    blob = store.put_path(path)
    facts = inspect_file(store.path_of(blob.sha256))
    result: dict[str, Any] = {
        "sha256": blob.sha256,
        "size": blob.size,
        "created": blob.created,
        "media_type": facts.media_type,
        "problems": facts.problems,
    }
    if facts.media_type.startswith("image/"):
        result["image_hash"] = image_hash(store.path_of(blob.sha256))
    return result


def run_child(path: str, blob_root: str) -> int:
    start = time.perf_counter()
    result = ingest(Path(path), Path(blob_root))
    result["ingest_seconds"] = round(time.perf_counter() - start, 3)
    print(json.dumps(result), flush=True)
    return 0


# --- The parent: make the file, run and measure the child ------------------------


def write_random_file(path: Path, size_mb: int) -> str:
    """Write size_mb MiB of random bytes in 1 MiB chunks; return their SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        for done in range(size_mb):
            chunk = os.urandom(CHUNK)
            digest.update(chunk)
            handle.write(chunk)
            written = done + 1
            if written % 256 == 0:
                progress(f"  {written} MiB written")
    return digest.hexdigest()


def measure_ingest(path: Path, blob_root: Path, size_mb: int, expected: str) -> Figure:
    """Run ingest in a child under /usr/bin/time -v; return its figure."""
    command = [TIME, "-v", sys.executable, __file__, "--child", str(path)]
    command.append(str(blob_root))
    progress(f"ingesting {size_mb} MiB in a child process ...")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"ingest child failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["sha256"] != expected or result["size"] != size_mb * MIB:
        raise SystemExit(f"stored blob does not match the file: {result}")
    seconds = elapsed_seconds(done.stderr)
    peak_mb = max_rss_kb(done.stderr) / 1024
    return figure(
        "evidence.ingest",
        size_mb=size_mb,
        seconds=round(seconds, 3),
        mb_per_s=size_mb / seconds,
        ingest_s=result["ingest_seconds"],
        peak_rss_mb=round(peak_mb, 1),
        goal_peak_rss_mb=GOAL_PEAK_RSS_MB,
        meets_goal=peak_mb < GOAL_PEAK_RSS_MB,
        media_type=result["media_type"],
    )


def max_rss_kb(time_output: str) -> int:
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_output)
    if match is None:
        raise SystemExit(f"no peak RSS in the output of {TIME} -v")
    return int(match[1])


def elapsed_seconds(time_output: str) -> float:
    """Read '[h:]mm:ss.ss' from time -v's 'Elapsed (wall clock) time' line."""
    match = re.search(r"Elapsed \(wall clock\) time .*?: ([\d:.]+)", time_output)
    if match is None:
        raise SystemExit(f"no elapsed time in the output of {TIME} -v")
    seconds = 0.0
    for part in match[1].split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def measure_raw_sha256(total_mb: int = RAW_HASH_MB) -> Figure:
    """hashlib SHA-256 over 1 MiB chunks in memory, one thread."""
    chunk = os.urandom(CHUNK)
    digest = hashlib.sha256()
    progress(f"raw SHA-256 over {total_mb} MiB ...")
    start = time.perf_counter()
    for _ in range(total_mb):
        digest.update(chunk)
    seconds = time.perf_counter() - start
    return figure(
        "sha256.raw_rate",
        mb_per_s=total_mb / seconds,
        size_mb=total_mb,
        seconds=round(seconds, 3),
    )


def figure(name: str, **values: Value) -> Figure:
    """Print one figure as ``name key=value ...`` and return it for the summary."""
    print_figure(name, values)
    return {"name": name, **values}


def environment_info(workdir: Path) -> dict[str, Value]:
    return {
        "python": platform.python_version(),
        **{name: version(name) for name in ("pillow", "python-magic", "c2pa-python")},
        "cpus": os.cpu_count() or 0,
        "machine": platform.machine(),
        "filesystem_free_gb": round(shutil.disk_usage(workdir).free / 1e9, 1),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return run_child(*args.child)
    if not Path(TIME).is_file():
        raise SystemExit(f"{TIME} is needed (Debian package 'time')")
    workdir = Path(tempfile.mkdtemp(prefix="sabt-bench-evidence-"))
    try:
        needed = 2 * args.size_mb * MIB + 256 * MIB
        if shutil.disk_usage(workdir).free < needed:
            needed_mb = needed // MIB
            raise SystemExit(f"{workdir}: needs {needed_mb} MiB free")
        info = environment_info(workdir)
        source = workdir / "evidence.bin"
        progress(f"writing {args.size_mb} MiB of random bytes to {source} ...")
        expected = write_random_file(source, args.size_mb)
        figures = [
            measure_ingest(source, workdir / "blobs", args.size_mb, expected),
            measure_raw_sha256(),
        ]
    finally:
        if args.keep:
            progress(f"keeping {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    goals = {"peak_rss_under_goal": figures[0]["meets_goal"]}
    summary = {"benchmark": "evidence", **info, "figures": figures, "goals_met": goals}
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
