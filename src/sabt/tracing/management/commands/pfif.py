"""``sabt pfif``: exchange tracing records with other systems in PFIF.

sabt writes PFIF 1.4 and reads 1.1 to 1.4 and Atom feeds of PFIF.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sabt.access.audit import record_read
from sabt.core.cases import DEFAULT_CASE, Case
from sabt.ledger import KeyFileError
from sabt.ledger_store.node import node_key
from sabt.tracing.pfif.exchange import (
    DEFAULT_DOMAIN,
    export_case,
    import_pfif,
    purge_expired,
)
from sabt.tracing.pfif.writer import write_pfif
from sabt.tracing.services.lists import imported_before


class Command(BaseCommand):
    help = (
        "export: writes the tracing requests of a case as PFIF 1.4 XML: the "
        "sought people and what is known of them, never the enquirer, and a "
        "found person's whereabouts only with their consent; the export is "
        "recorded in the read audit; --with-pfif-lists adds the PFIF records "
        "the case received from other systems (each entered at its import "
        "time; an expired one is left out). import: reads a PFIF 1.1 to 1.4 "
        "file or an Atom feed of PFIF (refusing DTDs and entities) into a new "
        "person list, one signed event for the list and one per 500 people; "
        "a file of notes alone updates the people earlier PFIF lists hold; "
        "a bad file records nothing, and a file imported before adds nothing. "
        "expire: purges the PFIF records whose expiry_date has passed, "
        "keeping only PFIF's placeholder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write requests as PFIF XML")
        export.add_argument("--out", type=Path, required=True, metavar="FILE.xml")
        export.add_argument("--case", default=DEFAULT_CASE, help="the case's slug")
        export.add_argument(
            "--domain",
            default=DEFAULT_DOMAIN,
            help=f"the domain of the record ids (default {DEFAULT_DOMAIN})",
        )
        export.add_argument(
            "--with-pfif-lists",
            action="store_true",
            help="also the records of the case's lists imported from PFIF",
        )
        export.add_argument("--as", dest="username", default="cli", help="who exports")
        read = actions.add_parser("import", help="read a PFIF file as a person list")
        read.add_argument("file", type=Path, metavar="FILE.xml")
        read.add_argument("--list-name", required=True, help="the new list's name")
        read.add_argument("--case", default=DEFAULT_CASE, help="the case's slug")
        read.add_argument("--as", dest="username", default="cli", help="who imports")
        expire = actions.add_parser(
            "expire", help="purge the PFIF records whose expiry_date has passed"
        )
        expire.add_argument("--case", default=DEFAULT_CASE, help="the case's slug")
        expire.add_argument("--as", dest="username", default="cli", help="who purges")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options)
        elif options["action"] == "expire":
            actor = get_user_model()(username=options["username"])
            count = purge_expired(actor=actor, case=options["case"])
            self.stdout.write(
                f"purged {count} expired PFIF records of case {options['case']}"
            )
        else:
            self._import(options)

    def _export(self, options: dict[str, Any]) -> None:
        case, out = options["case"], options["out"]
        if not Case.objects.filter(pk=case).exists():
            raise CommandError(f"no case {case}")
        if not out.parent.is_dir():
            raise CommandError(f"{out}: no such folder")
        try:
            node_key()  # the audit entry is signed: no key, no file
        except KeyFileError as exc:
            raise CommandError(f"export refused, nothing written: {exc}") from exc
        persons = export_case(
            case, domain=options["domain"], with_pfif_lists=options["with_pfif_lists"]
        )
        # The audit entry first, in the transaction the file is written in: a
        # file that cannot be written leaves no entry, and the reverse.
        with transaction.atomic():
            record_read(
                username=options["username"],
                action="exported",
                detail=f"PFIF export of {len(persons)} people of case {case}",
            )
            count = _write_atomically(persons, out)
        self.stdout.write(f"wrote {count} people of case {case} to {out}")

    def _import(self, options: dict[str, Any]) -> None:
        actor = get_user_model()(username=options["username"])
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        before = imported_before(path, options["case"])
        try:
            person_list = import_pfif(
                actor=actor,
                path=path,
                list_name=options["list_name"],
                case=options["case"],
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        if before is not None:
            self.stdout.write(
                f"nothing new imported: {path.name} was imported before, as the "
                f"list {person_list.name} ({person_list.record})"
            )
            return
        left_out = len(person_list.rejected_rows)
        self.stdout.write(
            f"imported {person_list.row_count} people as the list "
            f"{person_list.name} ({person_list.record})"
            + (f"; {left_out} left out (see the list)" if left_out else "")
        )


def _write_atomically(persons: list[Any], out: Path) -> int:
    """Write the PFIF file beside ``out``, then move it there; return how many."""
    handle, temporary = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            count = write_pfif(persons, stream)
        Path(temporary).replace(out)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(
            f"cannot write {out}: {exc.strerror or exc}; nothing was written"
        ) from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
