"""Benchmark evidence ingest: large and hostile files stored in little memory.

Each file is ingested in a separate child process run under
``/usr/bin/time -v``, so the figures are the child's alone and include
starting Python, Django and a fresh, migrated sabt (``common.py``):

``evidence.ingest``
    ``--size-mb`` MiB (default 2048) of random, incompressible bytes through
    the evidence registration path: ``register_evidence_item``, then
    ``add_file``, which copies the file into the blob store hashing it
    (SHA-256, fsync, link), inspects the stored blob (libmagic, the type's
    own reader, C2PA; random bytes have none), and records the signed
    ``evidence.file_added`` event. ``mb_per_s`` is the file's size over
    ``add_file``'s time (``ingest_s``); ``seconds`` is the child's wall
    clock, Django's start and migrations included; ``peak_rss_mb`` the
    child's maximum resident set size. Goal: a peak under 200 MB whatever
    the file's size, i.e. nothing holds the file in memory. The recorded
    digest is checked against the digest taken while writing the file.
``evidence.bomb_png`` and ``evidence.big_rgba_png``
    The same path for a decompression bomb, a 1-bit PNG of 30000x30000
    (900 megapixels, about 110 KB on disk), and for a 13000x13000 RGBA PNG
    (169 megapixels, 676 MB decoded, under Pillow's own limit): both are
    stored with their size and without a perceptual hash. The goal is the
    same peak: nothing decodes their pixels.
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

``--child PATH`` runs only the ingest of PATH into a fresh sabt and prints
its result as JSON; the parent uses it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

from common import Value, django_environment, print_figure, progress

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
    add("--child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.size_mb < 1:
        parser.error("--size-mb must be positive")
    return args


# --- The measured work (runs in the child) ---------------------------------------


def ingest(path: Path) -> dict[str, Any]:
    """Register an item and add the file to it, as evidence intake does."""
    from django.contrib.auth.models import User  # noqa: PLC0415

    from sabt.core.cases import DEFAULT_CASE, Case  # noqa: PLC0415
    from sabt.evidence.services import add_file, register_evidence_item  # noqa: PLC0415

    Case.objects.get_or_create(slug=DEFAULT_CASE, defaults={"name": "Default case"})
    actor = User.objects.create_user(username="documenter")
    item = register_evidence_item(actor=actor, kind="video", title="Benchmark")
    start = time.perf_counter()
    stored = add_file(
        actor=actor,
        item=item,
        path=path,
        acquired_how="received",
        acquired_by="documenter",
        acquired_at="2021-09-08",
    )
    return {
        "ingest_seconds": round(time.perf_counter() - start, 3),
        "sha256": stored.sha256,
        "size": stored.size,
        "media_type": stored.media_type,
        "perceptual_hash": stored.perceptual_hash,
        "metadata": stored.metadata,
        "problems": stored.problems,
    }


def run_child(path: str) -> int:
    with django_environment():
        result = ingest(Path(path))
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


def run_measured(path: Path) -> tuple[dict[str, Any], float, float]:
    """Ingest ``path`` in a child under /usr/bin/time -v.

    Returns the child's result, its wall clock seconds and peak RSS in MB.
    """
    command = [TIME, "-v", sys.executable, __file__, "--child", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"ingest child failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result, elapsed_seconds(done.stderr), max_rss_kb(done.stderr) / 1024


def measure_ingest(path: Path, size_mb: int, expected: str) -> Figure:
    """Ingest a large random file; return its figure."""
    progress(f"ingesting {size_mb} MiB in a child process ...")
    result, seconds, peak_mb = run_measured(path)
    if result["sha256"] != expected or result["size"] != size_mb * MIB:
        raise SystemExit(f"stored blob does not match the file: {result}")
    return figure(
        "evidence.ingest",
        size_mb=size_mb,
        seconds=round(seconds, 3),
        ingest_s=result["ingest_seconds"],
        mb_per_s=size_mb / result["ingest_seconds"],
        peak_rss_mb=round(peak_mb, 1),
        goal_peak_rss_mb=GOAL_PEAK_RSS_MB,
        meets_goal=peak_mb < GOAL_PEAK_RSS_MB,
        media_type=result["media_type"],
    )


def measure_image(name: str, path: Path) -> Figure:
    """Ingest a hostile image; return its figure."""
    progress(f"ingesting {path.name} ({path.stat().st_size} bytes) ...")
    result, seconds, peak_mb = run_measured(path)
    metadata = result["metadata"]
    if result["perceptual_hash"] or not result["problems"]:
        raise SystemExit(f"the image was hashed or found no problem: {result}")
    return figure(
        name,
        file_kb=round(path.stat().st_size / 1024, 1),
        pixels=f"{metadata['width']}x{metadata['height']}",
        seconds=round(seconds, 3),
        ingest_s=result["ingest_seconds"],
        peak_rss_mb=round(peak_mb, 1),
        goal_peak_rss_mb=GOAL_PEAK_RSS_MB,
        meets_goal=peak_mb < GOAL_PEAK_RSS_MB,
        problems=" / ".join(result["problems"]),
    )


def write_png(path: Path, width: int, height: int, *, rgba: bool) -> Path:
    """A one-colour PNG, each row compressed as it is made: a few MB of work."""
    if rgba:
        colour_type, depth, row_bytes = 6, 8, width * 4
    else:
        colour_type, depth, row_bytes = 0, 1, -(-width // 8)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    row = bytes(1 + row_bytes)
    packer = zlib.compressobj(9)
    with path.open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header))
        for _ in range(height):
            if packed := packer.compress(row):
                handle.write(chunk(b"IDAT", packed))
        handle.write(chunk(b"IDAT", packer.flush()) + chunk(b"IEND", b""))
    return path


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
        return run_child(args.child)
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
        figures = [measure_ingest(source, args.size_mb, expected)]
        source.unlink()
        bomb = write_png(workdir / "bomb.png", 30000, 30000, rgba=False)
        figures.append(measure_image("evidence.bomb_png", bomb))
        big = write_png(workdir / "big.png", 13000, 13000, rgba=True)
        figures.append(measure_image("evidence.big_rgba_png", big))
        figures.append(measure_raw_sha256())
    finally:
        if args.keep:
            progress(f"keeping {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    goals = {
        "peak_rss_under_goal": all(f["meets_goal"] for f in figures[:3]),
    }
    summary = {"benchmark": "evidence", **info, "figures": figures, "goals_met": goals}
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
