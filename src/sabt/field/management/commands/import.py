"""``sabt import PATH... --by NAME``: check and merge field kits' bundles."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sabt.field.errors import FieldError
from sabt.field.importing import import_bundles


class Command(BaseCommand):
    help = (
        "Imports the bundles whose manifests and parts PATH names (files or "
        "folders), with their parts held from earlier imports: checks every "
        "signature, part and file, that the kit is enrolled and unrevoked for "
        "the bundle's case, then merges what is new and writes a signed "
        "acknowledgement for the kit. A bundle still missing parts is held "
        "until they come. Needs the organisation's key unlocked "
        "(SABT_ORG_PASSPHRASE). A bundle failing a check is refused whole and "
        "nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--by", required=True, help="who imports")
        parser.add_argument(
            "--ack-to", type=Path, help="folder for the acknowledgements (default: .)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done, waiting = import_bundles(
                options["paths"], by=options["by"], ack_dir=options["ack_to"]
            )
        except FieldError as exc:
            self.stderr.write(f"bundle refused, nothing imported: {exc}")
            sys.exit(1)
        for imported in done:
            if imported.new_events:
                self.stdout.write(
                    f"bundle {imported.bundle} of kit {imported.kit_name}: "
                    f"{imported.new_events} new events of {imported.events_in_bundle}"
                    f", {imported.new_files} new files"
                )
            else:
                self.stdout.write(
                    f"bundle {imported.bundle} of kit {imported.kit_name}: nothing "
                    f"new ({imported.events_in_bundle} events held already)"
                )
        for record in sorted({c for imported in done for c in imported.conflicts}):
            self.stdout.write(
                f"record {record}: edited in two places at once; both versions "
                "are kept until a person settles them"
            )
        for held in waiting:
            if held.missing_parents:
                self.stdout.write(
                    f"bundle {held.bundle} of kit {held.kit_name}: held until the "
                    f"{held.missing_parents} earlier events it builds on arrive "
                    "(import the kit's earlier bundle)"
                )
                continue
            present = ", ".join(map(str, held.present)) or "none"
            self.stdout.write(
                f"bundle {held.bundle} of kit {held.kit_name}: held until its "
                f"other parts arrive (parts here: {present} of {held.total})"
            )
