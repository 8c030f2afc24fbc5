"""``sabt export``: write a bundle of incidents that anyone can verify offline."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from sabt.bundles.writer import BundleError, export_incidents
from sabt.ledger_store.faults import WritingCommand
from sabt.records.consent import AUDIENCES


class Command(WritingCommand):
    help = (
        "Writes the incidents, every record they rest on, their events with "
        "inclusion proofs against a fresh signed checkpoint, their files, a "
        "signed manifest and a stand-alone verify.py to an empty directory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--incident",
            action="append",
            required=True,
            help="an incident id (repeatable)",
        )
        parser.add_argument("--to", type=Path, required=True, help="an empty directory")
        parser.add_argument("--reason", required=True, help="why, for the manifest")
        parser.add_argument(
            "--by",
            help="the active account making the export (default: the account "
            "named like the system user running the command)",
        )
        parser.add_argument(
            "--audience",
            choices=AUDIENCES,
            default="un_courts",
            help="who will read it: sources are named, and their statements "
            "included, only as far as each consented",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        exported_by = options["by"] or _system_user()
        try:
            bundle = export_incidents(
                options["incident"],
                to=options["to"],
                exported_by=exported_by,
                reason=options["reason"],
                audience=options["audience"],
                blob_root=settings.SABT_BLOB_DIR,
            )
        except BundleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"wrote {bundle.events} events and {bundle.blobs} files to {bundle.path}, "
            f"proved against a checkpoint of {bundle.checkpoint_size} events; "
            f"check it with: python {bundle.path / 'verify.py'} {bundle.path} "
            "--key KEY_LINE (the line `sabt keys show` prints)"
        )
        # Published by the organisation, so an expert can check the verifier.
        self.stdout.write(f"verify.py sha256: {bundle.verifier_sha256}")


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError) as exc:  # no name for this uid
        raise CommandError("say who exports (--by USERNAME)") from exc
