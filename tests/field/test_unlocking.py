"""An import stretches the organisation's passphrase in a child process."""

from __future__ import annotations

import pytest
from nacl.public import PrivateKey
from pytest_django import Settings

from sabt.field.errors import BundleRefused
from sabt.field.unlocking import org_private_for_import
from sabt.ledger_store import org_key as org_key_store
from tests.conftest import ORG_PASSPHRASE


def test_the_key_unlocked_apart_is_the_organisations(
    settings: Settings, org_key: PrivateKey
) -> None:
    org_key_store.forget()
    settings.SABT_ORG_PASSPHRASE = ORG_PASSPHRASE
    assert bytes(org_private_for_import()) == bytes(org_key)
    # The key stays with the import: this process holds nothing unlocked.
    assert not org_key_store.is_unlocked()


def test_a_wrong_passphrase_is_refused_saying_so(settings: Settings) -> None:
    org_key_store.forget()
    settings.SABT_ORG_PASSPHRASE = "not the passphrase"
    with pytest.raises(BundleRefused, match="passphrase"):
        org_private_for_import()
