"""``sabt serve``: prepare the data folder on first start and serve the web app.

Pages are rendered in Python, so one process uses one core however many
threads it runs. ``--workers`` forks that many processes after start-up
(migrations, keys, the unlocked organisation key are done once, in the
parent); they accept from one listening socket, each with its own threads
and database connections. Writes still queue for the database's one writer:
SQLite's write lock (transactions begin IMMEDIATE) and PostgreSQL's advisory
lock serialise ledger appends across processes as across threads.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import signal
import socket
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from sabt.access.accounts import ADMIN_USERNAME, create_first_admin
from sabt.core.planner import refresh_statistics
from sabt.field.checks import serve_in_field_mode
from sabt.field.kit import is_kit, kit_identity
from sabt.ledger import KeyFileError, public_key_hex
from sabt.ledger.sealing import SealingError, WrongPassphrase, public_key_text
from sabt.ledger_store.node import ensure_node_key, node_key
from sabt.ledger_store.org_key import open_at_start, org_key_path
from sabt.web.static_collection import collect_static

LOOPBACK = ("127.0.0.1", "localhost")


class Command(BaseCommand):
    help = (
        "Migrates the database (on SQLite, refreshes its planner statistics), "
        "creates the node's signing key and an admin account on first start "
        "(printing its one-time password once), creates or unlocks the "
        "organisation's key (passphrase from SABT_ORG_PASSPHRASE, else asked "
        "for; on first start a random one is printed once), collects static "
        "files when they have changed, then serves the web app. In a field "
        "kit's home it serves the kit's own pages, on 127.0.0.1 only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="server processes (default: one per core, at most 4)",
        )

    def execute(self, *args: Any, **options: Any) -> Any:
        if is_kit():
            serve_in_field_mode()
        return super().execute(*args, **options)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve  # noqa: PLC0415  (only this command needs it)

        if is_kit():
            self._serve_kit(serve, options)
            return
        settings.SABT_HOME.mkdir(mode=0o700, parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        refresh_statistics()
        if ensure_node_key():
            key = public_key_hex(node_key())
            self.stdout.write(f"Created the node's signing key {key}")
        self._open_org_key()
        password = create_first_admin()
        if password:
            self.stdout.write(
                f"Created account '{ADMIN_USERNAME}' "
                f"with one-time password: {password}\n"
                "It is shown only now; you will choose your own at first login."
            )
        collect_static()
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        listening = _listen(options["host"], options["port"])
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(f"sabt is serving {settings.SABT_HOME} at {url}", ending="\n")
        self.stdout.flush()
        application = _application()

        def run() -> None:
            serve(
                application,
                sockets=[listening],
                threads=options["threads"],
                max_request_body_size=settings.SABT_SERVER_MAX_BODY_BYTES,
            )

        if options["workers"] == 1:
            run()
        else:
            _run_workers(run, options["workers"])

    def _serve_kit(self, serve: Any, options: dict[str, Any]) -> None:
        """Serve the kit's pages to its documenter, on this machine only.

        No account, node key or organisation key: the kit signs with its own
        key and seals to the organisation's public one. waitress keeps every
        request body in memory (``inbuf_overflow``) instead of spilling one
        over 512 KB into a temporary file in clear.
        """
        if options["host"] not in LOOPBACK:
            raise CommandError(
                f"a field kit serves only on 127.0.0.1, not {options['host']}: "
                "its pages are for the documenter at this machine"
            )
        call_command("migrate", interactive=False, verbosity=0)
        collect_static()
        kit = kit_identity()
        url = f"http://127.0.0.1:{options['port']}/"
        self.stdout.write(
            f"sabt is serving the field kit {kit.name} (case {kit.case}) at {url}",
            ending="\n",
        )
        self.stdout.flush()
        serve(
            _application(),
            host="127.0.0.1",
            port=options["port"],
            threads=options["threads"],
            max_request_body_size=settings.SABT_SERVER_MAX_BODY_BYTES,
            inbuf_overflow=settings.SABT_SERVER_MAX_BODY_BYTES,
        )

    def _open_org_key(self) -> None:
        """Unlock the organisation's key for this process; make it on first start."""
        try:
            opening = open_at_start(settings.SABT_ORG_PASSPHRASE, _ask_passphrase)
        except WrongPassphrase as exc:
            raise CommandError(f"{exc}; the server did not start") from exc
        except (KeyFileError, SealingError) as exc:
            raise CommandError(str(exc)) from exc
        if opening.public_key is None:
            self.stdout.write(
                "This node holds only the organisation's public key: it seals "
                "identities and cannot open them."
            )
        elif opening.created:
            key = public_key_text(opening.public_key)
            self.stdout.write(f"Created the organisation's key {key}")
        if opening.new_passphrase:
            self.stdout.write(
                f"Its passphrase is shown only now: {opening.new_passphrase}\n"
                "Keep it apart from this machine. sabt serve asks for it at "
                "each start (or reads SABT_ORG_PASSPHRASE); without it no "
                "sealed identity can be opened."
            )


def _ask_passphrase() -> str:
    if not sys.stdin.isatty():
        raise CommandError(
            f"the organisation's key ({org_key_path()}) is locked: set "
            "SABT_ORG_PASSPHRASE or SABT_ORG_PASSPHRASE_FILE, or start sabt serve "
            "in a terminal to be asked for the passphrase"
        )
    return getpass.getpass("Passphrase of the organisation's key: ")


def default_workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0))))


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        raise CommandError(f"cannot listen on {host}:{port}: {exc}") from exc
    listening.listen(1024)
    return listening


def _run_workers(run: Any, workers: int) -> None:
    """Fork ``workers`` processes running ``run``; stop them all when one stops."""
    # A connection opened before the fork must not be shared by the children.
    connections.close_all()
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # the child
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                run()
            finally:
                os._exit(0)
        children.append(pid)

    def stop(signum: int, _frame: Any) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    os.waitpid(-1, 0)  # the first child to end ends the server
    stop(signal.SIGTERM, None)
    for child in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)


def _application() -> Any:
    from sabt.wsgi import application  # noqa: PLC0415

    return application
