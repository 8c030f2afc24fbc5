"""The ODK key of the ODK tests: made once (RSA and Argon2id are slow)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from pytest_django import Settings

from sabt.ledger.sealing import INTERACTIVE
from sabt.odk import keys
from tests.conftest import ORG_PASSPHRASE


@pytest.fixture(scope="session")
def _odk_key_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("odk-key")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    locked, public = folder / "odk.key", folder / "odk.pub"
    locked.write_bytes(keys.lock_odk_key(key, ORG_PASSPHRASE, INTERACTIVE))
    public.write_text(keys.public_key_text(key.public_key()) + "\n", encoding="ascii")
    return locked, public


@pytest.fixture(autouse=True)
def _no_odk_key(settings: Settings, tmp_path: Path) -> None:
    """Each test starts with no ODK key, at paths of its own."""
    settings.SABT_ODK_KEY = tmp_path / "keys" / "odk.key"
    settings.SABT_ODK_PUBLIC_KEY = tmp_path / "keys" / "odk.pub"


@pytest.fixture
def odk_key(
    settings: Settings, _odk_key_files: tuple[Path, Path], tmp_path: Path
) -> rsa.RSAPrivateKey:
    """The organisation's ODK key on this node, locked under its passphrase."""
    target = tmp_path / "keys"
    target.mkdir(exist_ok=True)
    for path in _odk_key_files:
        shutil.copyfile(path, target / path.name)
    settings.SABT_ORG_PASSPHRASE = ORG_PASSPHRASE
    return keys.unlock_odk_key(ORG_PASSPHRASE)
