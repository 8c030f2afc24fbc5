"""``sabt keys show``, ``org-init``, ``odk-init``: the keys of node and organisation."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.ledger import KeyFileError, public_key_hex
from sabt.ledger.sealing import SealingError, public_key_text
from sabt.ledger_store.merkle_log import verifier_key
from sabt.ledger_store.node import node_key, node_key_path
from sabt.ledger_store.org_key import (
    create_org_key,
    org_key_exists,
    org_key_path,
    org_public_key,
    org_public_key_path,
)


class Command(BaseCommand):
    help = (
        "show: prints the node's Ed25519 public key (the author of its events) "
        "and the organisation's X25519 public key (which seals identities), "
        "writing nothing. org-init: creates the organisation's key, the private "
        "half locked under a passphrase (SABT_ORG_PASSPHRASE, or asked for). "
        "odk-init: creates the organisation's RSA key for ODK's encrypted "
        "forms, locked under the same passphrase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["show", "org-init", "odk-init"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "org-init":
            self._org_init()
            return
        if options["action"] == "odk-init":
            # The ODK app's own code; imported here only when asked for.
            from sabt.odk.key_command import odk_init  # noqa: PLC0415

            odk_init(self.stdout)
            return
        try:
            key = node_key()
        except KeyFileError as exc:
            raise CommandError(f"{exc}. Run sabt serve once to create it.") from exc
        self.stdout.write(f"public key: {public_key_hex(key)}")
        self.stdout.write(f"key file:   {node_key_path()}")
        # The line a court expert passes to a bundle's verify.py, given to
        # them out of band (phone, website, letter), never inside a bundle.
        self.stdout.write("verify.py --key (give this line out of band):")
        self.stdout.write(verifier_key())
        if org_public_key_path().exists() or org_key_exists():
            public = public_key_text(org_public_key())
            self.stdout.write(f"organisation public key: {public}")
            self.stdout.write(f"organisation key file:   {org_key_path()}")

    def _org_init(self) -> None:
        if org_key_exists():
            raise CommandError(f"{org_key_path()}: the organisation key exists already")
        passphrase = settings.SABT_ORG_PASSPHRASE or _ask_new_passphrase()
        try:
            public = create_org_key(passphrase)
        except (KeyFileError, SealingError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created the organisation's key {public_key_text(public)}")
        self.stdout.write(f"private key, locked: {org_key_path()}")
        self.stdout.write(f"public key: {org_public_key_path()}")


def _ask_new_passphrase() -> str:
    if not sys.stdin.isatty():
        raise CommandError(
            "set SABT_ORG_PASSPHRASE (or SABT_ORG_PASSPHRASE_FILE) to the new "
            "key's passphrase, or run this in a terminal to be asked for it"
        )
    first = getpass.getpass("Passphrase for the organisation's key: ")
    if getpass.getpass("The same again: ") != first:
        raise CommandError("the two passphrases differ; nothing created")
    if not first:
        raise CommandError("the passphrase is empty; nothing created")
    return first
