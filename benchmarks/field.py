"""Benchmark the field kit: export on the kit, import at headquarters.

A kit home and a headquarters home, each with its own SQLite database, are
made under a temporary folder; the kit is enrolled as a documenter would
enrol it (request, enrol, init) and records ``--events`` events (half
incidents, half statements of one source) and ``--mb`` megabytes of
evidence in files of ``--file-mb`` each. Then, each in a process of its
own, as the commands run:

``field.export``
    ``sabt field export`` of everything: events/s, MB/s of parts written,
    the process's peak RSS. Goal: below 200 MB.
``field.import``
    ``sabt import`` of the bundle at headquarters (every check, two passes
    over each file, ingest and projection of each event): events/s, MB/s of
    parts read, peak RSS. Goal: below 200 MB. Unlocking the organisation's
    key takes 256 MiB (Argon2id MODERATE) for a moment; the import does it
    in a child process that exits before the import starts, so
    ``import_rss_mb`` (the import's own peak, which the goal is about) and
    ``unlock_rss_mb`` (the child's) are given apart; ``peak_rss_mb`` is the
    larger.

``cpu_s`` is the process's CPU time: far below ``seconds``, it waited for a
busy machine.

Recording is timed too (``field.record``), not a goal. Figures print as
``name key=value ...`` lines; the last line is a JSON object of them all::

    .venv/bin/python benchmarks/field.py --events 10000 --mb 1024

With ``SABT_DB_ENGINE=postgresql`` (and ``SABT_DB_*`` naming a server, as
``scripts/with-postgres.sh`` sets them) headquarters gets a new database on
that server, dropped afterwards; the kit stays on SQLite, as kits are.

Measured on a busy two-core machine, SQLite, 10,000 events and 1.09 GB of
parts (the command above, load 6-9): export 50 s (200 events/s, 22 MB/s,
peak 167 MB); import 186 s (54 events/s, 5.9 MB/s, 74 s CPU, peak 166 MB;
the unlocking child 276 MB). About four fifths of the import's CPU is the
records projection of each event; the checks and the appends are the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import db_engine, pg_execute, print_figure, progress

PASSPHRASE = "benchmark passphrase for the organisation"  # noqa: S105


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--file-mb", type=int, default=64)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="sabt-field-bench-"))
    figures: dict[str, dict[str, float | int]] = {}
    database = ""
    if db_engine() == "postgresql":
        database = f"sabt_bench_{uuid.uuid4().hex[:12]}"
        pg_execute(
            os.environ.get("SABT_DB_NAME", "sabt"), f'CREATE DATABASE "{database}"'
        )
    try:
        kit, hq = _homes(root, database)
        progress("recording on the kit")
        seconds, _rss, _cpu = _timed(kit, ["python", "-c", _recording(args, root)])
        figures["field.record"] = {"events": args.events, "seconds": seconds}
        print_figure("field.record", figures["field.record"])
        progress("exporting")
        usb = root / "usb"
        seconds, rss, cpu = _timed(kit, ["sabt", "field", "export", "--to", str(usb)])
        size = sum(p.stat().st_size for p in usb.iterdir())
        figures["field.export"] = _rates(args.events, size, seconds, rss, cpu)
        print_figure("field.export", figures["field.export"])
        progress("importing")
        report = root / "import-rss.json"
        command = ["python", "-c", _IMPORT.format(usb=str(usb), root=str(root))]
        seconds, rss, cpu = _timed({**hq, "BENCH_RSS": str(report)}, command)
        figures["field.import"] = _rates(args.events, size, seconds, rss, cpu)
        own = json.loads(report.read_text())
        # rss above is the process tree's; these say which process it was.
        figures["field.import"] |= own
        figures["field.import"]["rss_goal_met"] = int(own["import_rss_mb"] < 200)
        print_figure("field.import", figures["field.import"])
    finally:
        if database and not args.keep:
            admin = os.environ.get("SABT_DB_NAME", "sabt")
            pg_execute(admin, f'DROP DATABASE IF EXISTS "{database}"')
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(figures), flush=True)


def _homes(root: Path, database: str) -> tuple[dict[str, str], dict[str, str]]:
    """A headquarters with an organisation key and case, and a kit it enrolled.

    The kit is on SQLite, as kits are; headquarters is on ``database`` of
    the configured PostgreSQL server when one is given.
    """
    hq, kit = _env(root / "hq"), _env(root / "kit")
    if database:
        hq |= {k: v for k, v in os.environ.items() if k.startswith("SABT_DB_")}
        hq["SABT_DB_NAME"] = database
    hq["SABT_ORG_PASSPHRASE"] = PASSPHRASE
    hq["SABT_BLOB_DIR"] = str(root / "hq" / "blobs")
    _run(hq, ["sabt", "migrate", "--verbosity", "0"])
    _run(
        hq,
        [
            "python",
            "-c",
            "import django; django.setup(); "
            "from sabt.ledger_store.node import ensure_node_key; ensure_node_key()",
        ],
    )
    _run(hq, ["sabt", "keys", "org-init"])
    _run(hq, ["sabt", "case", "add", "panjshir", "Panjshir 2021"])
    _run(kit, ["sabt", "field", "request", "bench-kit", "--out", str(root / "req")])
    _run(
        hq,
        [
            "sabt",
            "field",
            "enrol",
            str(root / "req"),
            "--case",
            "panjshir",
            "--out",
            str(root / "kit.json"),
        ],
    )
    _run(kit, ["sabt", "field", "init", str(root / "kit.json")])
    return kit, hq


def _recording(args: argparse.Namespace, root: Path) -> str:
    files = max(args.mb // args.file_mb, 0) if args.mb else 0
    return textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        import django
        django.setup()
        from sabt.field import capture
        card = Path({str(root / "card")!r})
        card.mkdir()
        source = capture.register_source(kind="witness", pseudonym="W-1",
                                         real_name="A real name")
        incidents = []
        for n in range({args.events // 2}):
            incidents.append(capture.record_incident(
                title=f"Incident {{n}}", date_from="2021-09-10",
                event_type="violence_against_civilians", places=["Bazarak"]))
        for n in range({args.events} - 1 - {args.events // 2} - 2 * {files}):
            capture.record_statement(source=source, text=f"Statement {{n}} " * 40,
                                     language="en", stance="alleges",
                                     incidents=[incidents[n % len(incidents)]])
        for n in range({files}):
            path = card / f"video{{n}}.bin"
            with path.open("wb") as out:
                for _ in range({args.file_mb}):
                    out.write(os.urandom(1024 * 1024))
            capture.add_evidence_file(path=path, kind="video", title=f"File {{n}}",
                                      acquired_at="2021-09-11")
            path.unlink()
        """
    )


# sabt import, reporting the peak RSS of its own process and of the
# child that stretches the organisation's passphrase, apart.
_IMPORT = """
import json, os, resource
import django
django.setup()
from django.core.management import call_command
call_command("import", {usb!r}, "--by", "bench", "--ack-to", {root!r})
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
unlock = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
with open(os.environ["BENCH_RSS"], "w") as out:
    json.dump({{"import_rss_mb": own, "unlock_rss_mb": unlock}}, out)
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SABT_")}
    env["SABT_HOME"] = str(home)
    env["DJANGO_SETTINGS_MODULE"] = "sabt.settings"
    return env


def _argv(command: list[str]) -> list[str]:
    if command[0] == "sabt":
        return [sys.executable, "-m", "sabt", *command[1:]]
    return [sys.executable, *command[1:]]


def _run(env: dict[str, str], command: list[str]) -> None:
    done = subprocess.run(
        _argv(command), env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(command[:3])} failed: {done.stderr}")


def _timed(env: dict[str, str], command: list[str]) -> tuple[float, int, float]:
    """Run a command; return its wall-clock seconds, peak RSS in MB, CPU s."""
    start = time.perf_counter()
    child = subprocess.Popen(_argv(command), env=env, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status:
        raise SystemExit(f"{' '.join(command[:3])} failed: {child.stderr.read()!r}")
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def _rates(
    events: int, size: int, seconds: float, rss: int, cpu: float
) -> dict[str, float | int]:
    return {
        "events": events,
        "mb": round(size / 1e6, 1),
        "seconds": seconds,
        "cpu_s": cpu,
        "events_per_s": events / seconds,
        "mb_per_s": size / 1e6 / seconds,
        "peak_rss_mb": rss,
        "rss_goal_met": int(rss < 200),
    }


if __name__ == "__main__":
    main()
