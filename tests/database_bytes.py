"""Everything the test database holds, as bytes, to search for what must not be there.

On SQLite: the database file and its write-ahead log, read as they are on
disk. On PostgreSQL: a full ``pg_dump`` of the test database, which is what a
backup would hold, and the database's own data files after a checkpoint,
where deleted rows linger until vacuumed. ``pg_server_files`` adds every
file of the server's data directory, its write-ahead log (``pg_wal``)
included, for tests of what a shred leaves. Tests that use these need
committed data (``django_db(transaction=True)``).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

from django.db import connection


def database_files() -> list[Path]:
    """The SQLite test database's files on disk: the database, its WAL."""
    name = Path(str(connection.settings_dict["NAME"]))
    return [
        p for p in (name, Path(f"{name}-wal"), Path(f"{name}-journal")) if p.exists()
    ]


def database_bytes() -> bytes:
    """The whole database as a backup would hold it."""
    if connection.vendor == "sqlite":
        return b"".join(path.read_bytes() for path in database_files())
    return pg_dump() + b"".join(path.read_bytes() for path in pg_data_files())


def pg_data_files() -> list[Path]:
    """The files of the test database's tables and indexes, flushed to disk."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute(
            "SELECT current_setting('data_directory'), oid FROM pg_database"
            " WHERE datname = current_database()"
        )
        data_directory, oid = cursor.fetchone()
    folder = Path(data_directory) / "base" / str(oid)
    return sorted(path for path in folder.iterdir() if path.is_file())


def pg_server_files() -> list[Path]:
    """Every file of the PostgreSQL server's data directory, after a checkpoint.

    Tables of every database, ``global``, ``pg_wal``, ``pg_xact`` and the
    rest: what someone who copies the data directory holds. Files the server
    keeps to itself (``postmaster.pid``) are read too; none may be skipped.
    """
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT current_setting('data_directory')")
        (data_directory,) = cursor.fetchone()
    return sorted(p for p in Path(data_directory).rglob("*") if p.is_file())


def read_files(paths: list[Path]) -> bytes:
    """The files' bytes, one after another; a file removed meanwhile is skipped."""
    chunks: list[bytes] = []
    for path in paths:
        try:
            chunks.append(path.read_bytes())
        except FileNotFoundError:
            continue
    return b"".join(chunks)


def pg_dump() -> bytes:
    """A plain-text ``pg_dump`` of the test database, with its data."""
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    command = [
        _pg_dump_binary(),
        "--no-owner",
        "--dbname",
        str(settings["NAME"]),
        "--username",
        str(settings["USER"]),
    ]
    if settings.get("HOST"):
        command += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        command += ["--port", str(settings["PORT"])]
    result = subprocess.run(command, env=env, capture_output=True, check=True)
    return result.stdout


def _pg_dump_binary() -> str:
    """The newest pg_dump installed: it must be no older than the server."""
    installed = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_dump"),
        key=lambda p: int(Path(p).parts[-3]),
    )
    found = installed[-1] if installed else shutil.which("pg_dump")
    assert found, "pg_dump is not installed"
    return found


def stored_forms(text: str) -> set[bytes]:
    """The byte forms a database might store ``text`` in.

    UTF-8 and UTF-16 (little- and big-endian), each composed (NFC) and
    decomposed (NFD), as written, lowercased and uppercased; and the JSON
    escapes of every non-ASCII character (``\\u0632``, either case of hex),
    also with the backslash doubled as PostgreSQL's COPY writes it.
    """
    variants: set[str] = set()
    for form in ("NFC", "NFD"):
        normal = unicodedata.normalize(form, text)
        variants |= {normal, normal.lower(), normal.upper()}
    forms: set[bytes] = set()
    for variant in variants:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            forms.add(variant.encode(encoding))
        if not variant.isascii():
            for hex_case in ("x", "X"):
                escaped = "".join(
                    c if c.isascii() else f"\\u{ord(c):04{hex_case}}" for c in variant
                )
                forms.add(escaped.encode("ascii"))
                # COPY, as pg_dump writes it, doubles every backslash.
                forms.add(escaped.replace("\\", "\\\\").encode("ascii"))
    return forms


def forms_found(haystack: bytes, text: str) -> list[bytes]:
    """Which stored forms of ``text`` occur in ``haystack``."""
    return sorted(form for form in stored_forms(text) if form in haystack)
