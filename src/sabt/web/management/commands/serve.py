"""``sabt serve``: prepare the data folder on first start and serve the web app."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.access.accounts import ADMIN_USERNAME, create_first_admin
from sabt.field.checks import serve_in_field_mode
from sabt.field.kit import is_kit, kit_identity
from sabt.ledger import KeyFileError, public_key_hex
from sabt.ledger.sealing import SealingError, WrongPassphrase, public_key_text
from sabt.ledger_store.node import ensure_node_key, node_key
from sabt.ledger_store.org_key import open_at_start, org_key_path

LOOPBACK = ("127.0.0.1", "localhost")


class Command(BaseCommand):
    help = (
        "Migrates the database, creates the node's signing key and an admin account "
        "on first start (printing its one-time password once), creates or unlocks "
        "the organisation's key (passphrase from SABT_ORG_PASSPHRASE, else asked "
        "for; on first start a random one is printed once), collects static "
        "files, then serves the web app. In a field kit's home it serves the "
        "kit's own pages, on 127.0.0.1 only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=4)

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
        call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(f"sabt is serving {settings.SABT_HOME} at {url}", ending="\n")
        self.stdout.flush()
        serve(
            _application(),
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            max_request_body_size=settings.SABT_SERVER_MAX_BODY_BYTES,
        )

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
        call_command("collectstatic", interactive=False, verbosity=0)
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


def _application() -> Any:
    from sabt.wsgi import application  # noqa: PLC0415

    return application
