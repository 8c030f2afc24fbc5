"""``sabt field ...``: the field kit's commands.

``request``, ``init``, ``export``, ``push``, ``ack``, ``status`` and ``wipe`` run on
the kit (its own ``SABT_HOME``); ``enrol`` and ``revoke`` at headquarters.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from sabt.field import acknowledgement, enrolment, push, setup, wipe
from sabt.field.bundle import DEFAULT_MAX_PART, parse_size
from sabt.field.errors import FieldError
from sabt.field.export import export_bundle
from sabt.field.signed import document_bytes
from sabt.field.status import kit_status, status_lines
from sabt.ledger import LedgerError


class Command(BaseCommand):
    # The check that stops every other command on a kit must not stop this one.
    requires_system_checks: list[str] = []
    help = (
        "The field kit. On the kit: request NAME --out FILE (make the kit's key "
        "and a request to carry to headquarters), init KIT-FILE, export --to "
        "DIR, push URL --token-file FILE, ack FILE, status, wipe --yes. At "
        "headquarters: enrol REQUEST --case CASE --out KIT-FILE, revoke NAME "
        "--reason TEXT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        request = commands.add_parser("request", help="ask to be enrolled")
        request.add_argument("name", help="the kit's name, as headquarters sees it")
        request.add_argument("--out", required=True, type=Path)
        enrol = commands.add_parser("enrol", help="enrol a kit (headquarters)")
        enrol.add_argument("request", type=Path)
        enrol.add_argument("--case", required=True)
        enrol.add_argument("--out", required=True, type=Path)
        init = commands.add_parser("init", help="make this home the enrolled kit")
        init.add_argument("kit_file", type=Path)
        revoke = commands.add_parser("revoke", help="refuse a kit from now on")
        revoke.add_argument("name")
        revoke.add_argument("--reason", required=True)
        export = commands.add_parser("export", help="write a bundle of new work")
        export.add_argument("--to", required=True, type=Path)
        export.add_argument("--max-part-size", default=str(DEFAULT_MAX_PART))
        export.add_argument("--all", action="store_true", dest="everything")
        push_ = commands.add_parser("push", help="send new work over the network")
        push_.add_argument("url", help="headquarters' address of /api/bundles")
        push_.add_argument("--token-file", required=True, type=Path)
        push_.add_argument("--max-part-size", default=str(DEFAULT_MAX_PART))
        ack = commands.add_parser("ack", help="take headquarters' acknowledgement")
        ack.add_argument("ack_file", type=Path)
        commands.add_parser("status", help="counts and times of the kit's work")
        wipe_ = commands.add_parser("wipe", help="destroy the kit's key and data")
        wipe_.add_argument("--yes", action="store_true", help="I mean it")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"_{action}")(options)
        except (FieldError, LedgerError, OSError, ValueError) as exc:
            self.stderr.write(f"field {action}: {_reason(exc)}")
            sys.exit(1)

    def _request(self, options: dict[str, Any]) -> None:
        document = setup.request(options["name"])
        _write_new(options["out"], document_bytes(document))
        self.stdout.write(
            f"request for kit {options['name']} written to {options['out']}; "
            f"its key is {document['kit']}. Carry the file to headquarters."
        )

    def _enrol(self, options: dict[str, Any]) -> None:
        raw = _read(options["request"])
        kit_file, event = enrolment.enrol(raw, case=options["case"])
        _write_new(options["out"], document_bytes(kit_file))
        self.stdout.write(
            f"kit {kit_file['name']} ({kit_file['kit']}) enrolled for case "
            f"{kit_file['case']} by event {event.id}; kit file: {options['out']}"
        )

    def _init(self, options: dict[str, Any]) -> None:
        document = setup.install(_read(options["kit_file"]))
        call_command("migrate", verbosity=0)
        self.stdout.write(
            f"this home is now kit {document['name']} of case {document['case']}; "
            "what it records is sealed to the organisation and cannot be read here"
        )

    def _revoke(self, options: dict[str, Any]) -> None:
        event = enrolment.revoke(options["name"], reason=options["reason"])
        self.stdout.write(
            f"kit {options['name']} revoked by event {event.id}: its later "
            "events and bundles are refused"
        )

    def _export(self, options: dict[str, Any]) -> None:
        done = export_bundle(
            options["to"],
            max_part_size=parse_size(options["max_part_size"]),
            everything=options["everything"],
        )
        self.stdout.write(
            f"bundle {done.bundle}: {done.events} events, {done.files} files in "
            f"{len(done.parts)} parts, manifest {done.manifest}"
        )

    def _push(self, options: dict[str, Any]) -> None:
        token = _read(options["token_file"]).decode("ascii", "replace").strip()
        done = push.push(
            options["url"],
            token,
            max_part_size=parse_size(options["max_part_size"]),
            progress=self.stdout.write,
        )
        resumed = f" ({done.sent_before} sent before)" if done.sent_before else ""
        self.stdout.write(
            f"bundle {done.bundle}: {done.sent} of {done.total} files sent{resumed}"
        )
        if done.acknowledged_through is not None:
            self.stdout.write(
                f"headquarters holds everything through entry "
                f"{done.acknowledged_through}; the next push carries only what "
                "is newer"
            )

    def _ack(self, options: dict[str, Any]) -> None:
        through = acknowledgement.accept(_read(options["ack_file"]))
        self.stdout.write(
            f"headquarters holds everything through entry {through}; the next "
            "export carries only what is newer"
        )

    def _status(self, options: dict[str, Any]) -> None:
        for line in status_lines(kit_status()):
            self.stdout.write(line)

    def _wipe(self, options: dict[str, Any]) -> None:
        if not options["yes"]:
            pending = kit_status().unacknowledged
            raise FieldError(
                f"this destroys the kit and its {pending} events headquarters has "
                "not acknowledged; run again with --yes"
            )
        name, removed = wipe.wipe()
        self.stdout.write(
            f"kit {name} wiped: {len(removed)} files overwritten and removed"
        )
        self.stdout.write(wipe.FLASH_WARNING.format(name=name))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FieldError(f"{path}: cannot read ({exc.strerror})") from exc


def _write_new(path: Path, content: bytes) -> None:
    try:
        with path.open("xb") as handle:
            handle.write(content)
    except FileExistsError as exc:
        raise FieldError(f"{path} exists already") from exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)
