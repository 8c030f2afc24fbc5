"""``sabt keys odk-init``: the ODK key pair, locked by the organisation's passphrase."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper

from sabt.ledger import KeyFileError
from sabt.ledger.sealing import MODERATE, KdfLimits, SealingError
from sabt.odk.keys import create_odk_key, odk_key_path, odk_public_key_path


def odk_init(stdout: OutputWrapper, limits: KdfLimits = MODERATE) -> None:
    passphrase = settings.SABT_ORG_PASSPHRASE
    if not passphrase:
        raise CommandError(
            "set SABT_ORG_PASSPHRASE (or SABT_ORG_PASSPHRASE_FILE): the ODK key "
            "is locked under the organisation's passphrase; nothing created"
        )
    try:
        public = create_odk_key(passphrase, limits)
    except (KeyFileError, SealingError) as exc:
        raise CommandError(str(exc)) from exc
    stdout.write("Created the organisation's ODK key (RSA 2048).")
    stdout.write(f"private key, locked: {odk_key_path()}")
    stdout.write(f"public key: {odk_public_key_path()}")
    stdout.write("Forms built now carry it: run sabt forms build.")
    stdout.write(f"public_key: {public}")
