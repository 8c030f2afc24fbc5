"""sabt keys odk-init: the ODK key pair, the private half only ever locked."""

from __future__ import annotations

import io
import stat

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from sabt.ledger.sealing import WrongPassphrase
from sabt.odk.keys import (
    odk_key_path,
    odk_public_key,
    odk_public_key_path,
    unlock_odk_key,
)
from tests.conftest import ORG_PASSPHRASE


def test_odk_init_makes_a_locked_key_pair(settings: Settings) -> None:
    settings.SABT_ORG_PASSPHRASE = ORG_PASSPHRASE
    stdout = io.StringIO()

    call_command("keys", "odk-init", stdout=stdout)

    assert "Created the organisation's ODK key" in stdout.getvalue()
    locked = odk_key_path().read_bytes()
    assert b"PRIVATE KEY" not in locked
    assert stat.S_IMODE(odk_key_path().stat().st_mode) == 0o600
    key = unlock_odk_key(ORG_PASSPHRASE)
    assert key.key_size == 2048
    assert odk_public_key() in stdout.getvalue()
    with pytest.raises(WrongPassphrase):
        unlock_odk_key("another passphrase")


def test_odk_init_never_overwrites(settings: Settings) -> None:
    settings.SABT_ORG_PASSPHRASE = ORG_PASSPHRASE
    odk_public_key_path().parent.mkdir(parents=True)
    odk_public_key_path().write_text("kept\n", encoding="ascii")

    with pytest.raises(CommandError, match="the ODK key exists already"):
        call_command("keys", "odk-init", stdout=io.StringIO())
    assert odk_public_key() == "kept"


def test_odk_init_needs_the_passphrase(settings: Settings) -> None:
    settings.SABT_ORG_PASSPHRASE = ""

    with pytest.raises(CommandError, match="set SABT_ORG_PASSPHRASE"):
        call_command("keys", "odk-init", stdout=io.StringIO())
    assert not odk_key_path().exists()
