"""What every benchmark needs: a fresh sabt home and database, and output.

``django_environment()`` points sabt at a new temporary ``SABT_HOME`` (and,
with ``SABT_DB_ENGINE=postgresql``, a new database created beside
``SABT_DB_NAME``), starts Django, migrates, creates the node key, and removes
it all afterwards. Figures print as ``name key=value ...`` lines on stdout;
progress goes to stderr.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

Value = float | int | str | bool


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def print_figure(name: str, values: Mapping[str, Value]) -> None:
    """Print one figure as ``name key=value ...``."""
    print(name, *(f"{k}={_fmt(v)}" for k, v in values.items()), flush=True)


def _fmt(value: Value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 100 else f"{value:.3f}"
    return str(value)


def db_engine() -> str:
    return os.environ.get("SABT_DB_ENGINE", "sqlite")


@contextmanager
def django_environment(keep: bool = False) -> Iterator[str]:
    """Run the block against a fresh, migrated sabt; yield the engine name."""
    home = tempfile.mkdtemp(prefix="sabt-bench-")
    os.environ["SABT_HOME"] = home
    os.environ["SABT_NODE_KEY"] = os.path.join(home, "keys", "node.key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sabt.settings"
    admin_db = database = ""
    if db_engine() == "sqlite":
        os.environ.pop("SABT_DB_NAME", None)  # the database file lives in the home
    else:
        admin_db = os.environ.get("SABT_DB_NAME", "sabt")
        database = f"sabt_bench_{uuid.uuid4().hex[:12]}"
        pg_execute(admin_db, f'CREATE DATABASE "{database}"')
        os.environ["SABT_DB_NAME"] = database
    try:
        _setup_django()
        yield db_engine()
    finally:
        _close_connections()
        if database and not keep:
            pg_execute(admin_db, f'DROP DATABASE IF EXISTS "{database}"')
        if not keep:
            shutil.rmtree(home, ignore_errors=True)


def pg_execute(dbname: str, statement: str) -> None:
    """Run one statement outside a transaction on the configured server."""
    import psycopg  # noqa: PLC0415

    env = os.environ.get
    with psycopg.connect(
        dbname=dbname,
        user=env("SABT_DB_USER", "sabt"),
        password=env("SABT_DB_PASSWORD") or None,
        host=env("SABT_DB_HOST") or None,
        port=env("SABT_DB_PORT") or None,
        autocommit=True,
    ) as conn:
        conn.execute(statement.encode("ascii"))


def _setup_django() -> None:
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from sabt.ledger_store.node import ensure_node_key  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    ensure_node_key()


def _close_connections() -> None:
    if "django" in sys.modules:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
