"""``sabt keys show``: print the node's public signing key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.ledger import KeyFileError, public_key_hex
from sabt.ledger_store.node import node_key, node_key_path


class Command(BaseCommand):
    help = (
        "Shows the node's Ed25519 public key, the author of its events. Writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["show"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = node_key()
        except KeyFileError as exc:
            raise CommandError(f"{exc}. Run sabt serve once to create it.") from exc
        self.stdout.write(f"public key: {public_key_hex(key)}")
        self.stdout.write(f"key file:   {node_key_path()}")
