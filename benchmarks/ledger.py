"""Benchmark the ledger: append, verify and rebuild rates, against raw Ed25519.

Measures, for N events (``--events``, default 100,000):

``ledger.append_rate``
    Events per second through the real write path: ``notes.services``
    ``create_note`` and ``edit_note`` (each note created, then edited
    ``--edits`` times), so every event is signed, passes ``ledger.append`` and
    the notes projector inside a transaction. Two modes, each from an empty
    log: ``per_event`` (one transaction per event, as a web request does) and
    ``batch`` (``--batch`` events per ``write_batch.batch()``, the one
    transaction an import, a demo load and a rebuild write in). Goal: at
    least 2,000 events/s on SQLite and on PostgreSQL.
``ledger.verify_rate``
    Events per second of ``rebuild.verify_ledger()`` over the N events left by
    the last append mode.
``ed25519.raw_verify_rate``
    PyNaCl ``VerifyKey.verify`` of a 32-byte message in a tight loop, one
    thread: the ceiling for ``verify``.
``ledger.verify_ratio``
    verify rate / raw rate. Goal: at least 0.5.
``ledger.rebuild_rate``
    Events per second of ``rebuild.rebuild_projections()``, which verifies the
    log first and then replays every event into the projection tables.

Each figure is one ``name key=value ...`` line on stdout. Rates are per second
of wall-clock time (``seconds``, what the goals are about) and per second of
this process's CPU time (``cpu_s``): CPU time well below wall-clock time means
the process waited, for the disk, the database server or a busy machine. The
last line is a JSON object holding every figure. Progress goes to stderr.

Every run uses a fresh temporary ``SABT_HOME`` with its own node key, migrated
and removed afterwards by ``common.django_environment`` (``--keep`` keeps it).
SQLite is the default::

    .venv/bin/python benchmarks/ledger.py --events 100000

For PostgreSQL set ``SABT_DB_ENGINE=postgresql`` and the ``SABT_DB_*``
variables of ``sabt.settings``. ``SABT_DB_NAME`` names an existing database to
connect to; the benchmark creates a fresh database beside it (so the user
needs CREATEDB), runs there and drops it at the end::

    SABT_DB_ENGINE=postgresql SABT_DB_HOST=localhost SABT_DB_USER=sabt \\
    SABT_DB_NAME=postgres .venv/bin/python benchmarks/ledger.py --events 20000

``--profile FILE`` writes cProfile statistics of the append phases (read them
with ``python -m pstats FILE``); profiling slows appends about twofold.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

from common import Value, db_engine, django_environment, print_figure, progress

Figure = dict[str, Value]
T = TypeVar("T")

GOAL_APPEND_SQLITE = 2000.0
GOAL_VERIFY_RATIO = 0.5
MODES = ("per_event", "batch")
TEXT = (
    "Witness reports shelling near the market at dawn; three houses destroyed, "
    "two families missing since. Names and ages recorded with the elder's "
    "consent; photographs kept on the field kit. "
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    add = parser.add_argument
    add("--events", type=int, default=100_000, help="events per phase (N)")
    add("--batch", type=int, default=1000, help="events per transaction, batch mode")
    add("--edits", type=int, default=4, help="edits after each note is created")
    add("--modes", default=",".join(MODES), help="append modes to run, comma-separated")
    add("--profile", metavar="FILE", help="write cProfile stats of the appends")
    add("--keep", action="store_true", help="keep the home (and PostgreSQL database)")
    args = parser.parse_args(argv)
    args.modes = [m for m in args.modes.split(",") if m]
    if not args.modes or not set(args.modes) <= set(MODES):
        parser.error(f"--modes takes {' and/or '.join(MODES)}")
    if args.events < 1 or args.batch < 1 or args.edits < 0:
        parser.error("--events and --batch must be positive, --edits not negative")
    return args


# --- Environment and database -------------------------------------------------


def make_actor() -> Any:
    """Return a new account to act as the services' user."""
    from django.contrib.auth.models import User  # noqa: PLC0415

    return User.objects.create_user(username="bench", password=None)


def reset_tables() -> None:
    """Empty the log and the notes projection, so each mode starts from nothing."""
    from django.core.management.color import no_style  # noqa: PLC0415
    from django.db import connection, transaction  # noqa: PLC0415

    from sabt.ledger_store.models import LedgerEvent  # noqa: PLC0415
    from sabt.notes.models import Note, NoteRevision  # noqa: PLC0415

    tables = [m._meta.db_table for m in (LedgerEvent, NoteRevision, Note)]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:  # foreign keys are checked at commit
            cursor.execute(statement)
    # A real log is never emptied: compact the file, so the next mode's events
    # lie in append order as they would in the field, not in freed pages.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM" if connection.vendor == "sqlite" else "VACUUM ANALYZE")


def database_version() -> str:
    from django.db import connection  # noqa: PLC0415

    query = (
        "SELECT sqlite_version()"
        if connection.vendor == "sqlite"
        else "SHOW server_version"
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return str(cursor.fetchone()[0])


# --- Workload -------------------------------------------------------------------


def note_events(actor: Any, n: int, edits: int) -> Iterator[int]:
    """Write n events through the note services; yield after each one.

    Each note is created, then edited ``edits`` times with new text, so every
    edit is a real change and names the previous version as its parent.
    """
    from sabt.notes.services import create_note, edit_note  # noqa: PLC0415

    done = 0
    while done < n:
        note = create_note(actor=actor, title=f"Report {done}", text=TEXT)
        done += 1
        yield done
        for version in range(1, min(edits, n - done) + 1):
            text = f"{TEXT}Revision {version}."
            note = edit_note(actor=actor, note=note, title=note.title, text=text)
            done += 1
            yield done


def append_per_event(actor: Any, args: argparse.Namespace) -> None:
    """Each service call commits its own transaction (the web case)."""
    for _ in note_events(actor, args.events, args.edits):
        pass


def append_batched(actor: Any, args: argparse.Namespace) -> None:
    """``--batch`` service calls per ``write_batch.batch()`` (the import case)."""
    from sabt.ledger_store import write_batch  # noqa: PLC0415

    events = note_events(actor, args.events, args.edits)
    for start in range(0, args.events, args.batch):
        with write_batch.batch():
            for _ in itertools.islice(events, min(args.batch, args.events - start)):
                pass


APPENDERS: dict[str, Callable[[Any, argparse.Namespace], None]] = {
    "per_event": append_per_event,
    "batch": append_batched,
}


# --- Measurements ----------------------------------------------------------------


def timed(work: Callable[[], T]) -> tuple[float, float, T]:
    """Run work; return (wall seconds, CPU seconds of this process, its result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def figure(name: str, **values: Value) -> Figure:
    """Print one figure as ``name key=value ...`` and return it for the summary."""
    print_figure(name, values)
    return {"name": name, **values}


def rate(name: str, n: int, wall: float, cpu: float, **extra: Value) -> Figure:
    """Print events per second of wall-clock time, and per second of CPU time."""
    return figure(
        name,
        events_per_s=n / wall,
        events_per_cpu_s=n / max(cpu, 1e-9),
        n=n,
        db=db_engine(),
        **extra,
        seconds=round(wall, 3),
        cpu_s=round(cpu, 3),
    )


def measure_append(
    mode: str,
    args: argparse.Namespace,
    actor: Any,
    profiler: AbstractContextManager[Any],
) -> Figure:
    """Empty the tables, append N events in one mode, check they all arrived."""
    from sabt.ledger_store.models import LedgerEvent  # noqa: PLC0415

    reset_tables()
    progress(f"appending {args.events} events, mode {mode} ...")
    with profiler:
        wall, cpu, _ = timed(lambda: APPENDERS[mode](actor, args))
    stored = LedgerEvent.objects.count()
    if stored != args.events:
        raise SystemExit(f"expected {args.events} events in the log, found {stored}")
    shape: dict[str, Value] = {"mode": mode}
    if mode == "batch":
        shape["batch"] = args.batch
    shape["edits_per_note"] = args.edits
    return rate("ledger.append_rate", args.events, wall, cpu, **shape)


def measure_verify(n: int) -> Figure:
    from sabt.ledger_store.rebuild import verify_ledger  # noqa: PLC0415

    progress(f"verifying {n} events ...")
    wall, cpu, problems = timed(verify_ledger)
    if problems:
        raise SystemExit(f"verify found {len(problems)} problems, first: {problems[0]}")
    return rate("ledger.verify_rate", n, wall, cpu)


def measure_raw_verify(n: int) -> Figure:
    """Time PyNaCl VerifyKey.verify of one 32-byte message, n times, one thread."""
    from nacl.signing import SigningKey  # noqa: PLC0415

    key = SigningKey.generate()
    message = os.urandom(32)
    signature = key.sign(message).signature
    verify = key.verify_key.verify
    progress(f"raw Ed25519 verify x {n} ...")

    def loop() -> None:
        for _ in range(n):
            verify(message, signature)

    wall, cpu, _ = timed(loop)
    return figure(
        "ed25519.raw_verify_rate",
        verifies_per_s=n / wall,
        verifies_per_cpu_s=n / max(cpu, 1e-9),
        n=n,
        seconds=round(wall, 3),
        cpu_s=round(cpu, 3),
    )


def measure_rebuild(n: int) -> Figure:
    from sabt.ledger_store.rebuild import rebuild_projections  # noqa: PLC0415

    progress(f"rebuilding projections from {n} events ...")
    wall, cpu, count = timed(rebuild_projections)
    if count != n:
        raise SystemExit(f"rebuild replayed {count} events, expected {n}")
    return rate("ledger.rebuild_rate", n, wall, cpu, includes="verify")


def ratio_figure(verify: Figure, raw: Figure) -> Figure:
    """Verify rate over raw rate: by wall clock (the goal), and by CPU time."""
    ratio = float(verify["events_per_s"]) / float(raw["verifies_per_s"])
    by_cpu = float(verify["events_per_cpu_s"]) / float(raw["verifies_per_cpu_s"])
    return figure(
        "ledger.verify_ratio",
        ratio=round(ratio, 3),
        ratio_cpu=round(by_cpu, 3),
        goal=GOAL_VERIFY_RATIO,
        met=ratio >= GOAL_VERIFY_RATIO,
    )


# --- Running ---------------------------------------------------------------------


def environment_info() -> dict[str, Value]:
    import django  # noqa: PLC0415
    import nacl  # noqa: PLC0415

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "pynacl": nacl.__version__,
        "db": db_engine(),
        "db_version": database_version(),
        "cpus": os.cpu_count() or 0,
        "machine": platform.machine(),
    }


def run(args: argparse.Namespace, actor: Any) -> list[Figure]:
    """Run every measurement in order and return the figures."""
    profile = cProfile.Profile() if args.profile else None
    figures = [
        measure_append(mode, args, actor, profile or nullcontext())
        for mode in args.modes
    ]
    if profile is not None:
        profile.dump_stats(args.profile)
    verify = measure_verify(args.events)
    raw = measure_raw_verify(args.events)
    figures += [verify, raw, ratio_figure(verify, raw), measure_rebuild(args.events)]
    return figures


def summary(figures: list[Figure], info: dict[str, Value]) -> str:
    """Return the closing JSON line: environment, every figure, goals met."""
    by_name = {f["name"]: f for f in figures}
    goals = {"verify_ratio": by_name["ledger.verify_ratio"]["met"]}
    if db_engine() == "sqlite":
        appends = [f for f in figures if f["name"] == "ledger.append_rate"]
        slowest = min(float(f["events_per_s"]) for f in appends)
        goals["append_sqlite_every_mode"] = slowest >= GOAL_APPEND_SQLITE
    return json.dumps(
        {"benchmark": "ledger", **info, "figures": figures, "goals_met": goals}
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with django_environment(keep=args.keep):
        if args.keep:
            progress(f"keeping {os.environ['SABT_HOME']} and its database")
        actor = make_actor()
        info = environment_info()
        print(summary(run(args, actor), info), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
