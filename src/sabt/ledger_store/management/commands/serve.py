"""``sabt serve``: prepare the data folder on first start and serve the web app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from sabt.access.accounts import ADMIN_USERNAME, create_first_admin
from sabt.ledger import public_key_hex
from sabt.ledger_store.node import ensure_node_key, node_key


class Command(BaseCommand):
    help = (
        "Migrates the database, creates the node's signing key and an admin account "
        "on first start (printing its one-time password once), collects static "
        "files, then serves the web app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve  # noqa: PLC0415  (only this command needs it)

        settings.SABT_HOME.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if ensure_node_key():
            key = public_key_hex(node_key())
            self.stdout.write(f"Created the node's signing key {key}")
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
        )


def _application() -> Any:
    from sabt.wsgi import application  # noqa: PLC0415

    return application
