"""``sabt demo``: load the Panjshir case of September 2021."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from sabt.demo.loader import load_demo
from sabt.ledger_store.node import ensure_node_key


class Command(BaseCommand):
    help = (
        "Loads the Panjshir demo case (sources, incidents, acts, statements, "
        "evidence items) through the signed write path. Every record has a fixed "
        "id, so running it again appends nothing. Creates the node's signing key "
        "first if this data folder has none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as", dest="username", default="demo", help="who the events name as actor"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = get_user_model()(username=options["username"])
        if ensure_node_key():
            self.stdout.write("created the node's signing key")
        summary = load_demo(actor=actor)
        self.stdout.write(f"demo case loaded: {summary.events_added} events appended")
