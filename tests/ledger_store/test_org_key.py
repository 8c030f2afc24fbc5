"""Tests for the organisation's key on a node (sabt.ledger_store.org_key), as
``sabt serve`` opens it at start and ``sabt keys`` makes and shows it.
"""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from nacl.public import PrivateKey
from pytest_django import Settings

from sabt.ledger.sealing import INTERACTIVE, WrongPassphrase, generate_org_key
from sabt.ledger.sealing import save_org_key as save_files
from sabt.ledger_store import org_key as org_key_store
from sabt.ledger_store.org_key import OrgKeyLocked
from tests.conftest import ORG_PASSPHRASE
from tests.ledger_store.helpers import run_command
from tests.serving import sqlite_env


@pytest.fixture
def fresh_home(settings: Settings, tmp_path: Path) -> Path:
    """A node whose key folder holds no organisation key yet."""
    org_key_store.forget()
    folder = tmp_path / "keys"
    settings.SABT_ORG_KEY = folder / "organisation.key"
    settings.SABT_ORG_PUBLIC_KEY = folder / "organisation.pub"
    settings.SABT_ORG_PASSPHRASE = ""
    return folder


@pytest.fixture
def locked_key(fresh_home: Path) -> PrivateKey:
    """An organisation key on disk, locked, not yet unlocked in this process."""
    key = generate_org_key()
    save_files(
        key,
        ORG_PASSPHRASE,
        fresh_home / "organisation.key",
        fresh_home / "organisation.pub",
        INTERACTIVE,
    )
    return key


def no_terminal() -> str:
    raise AssertionError("asked for a passphrase")


def test_the_passphrase_unlocks_the_key_for_this_process(
    locked_key: PrivateKey,
) -> None:
    assert org_key_store.is_unlocked() is False
    assert org_key_store.unlock(ORG_PASSPHRASE) == locked_key.public_key
    assert bytes(org_key_store.org_private_key()) == bytes(locked_key)


def test_a_wrong_passphrase_unlocks_nothing(locked_key: PrivateKey) -> None:
    with pytest.raises(WrongPassphrase, match="does not unlock"):
        org_key_store.unlock("not the passphrase")
    assert org_key_store.is_unlocked() is False


def test_a_locked_key_says_how_to_unlock_it(locked_key: PrivateKey) -> None:
    with pytest.raises(OrgKeyLocked, match="set SABT_ORG_PASSPHRASE"):
        org_key_store.org_private_key()


def test_the_configured_passphrase_unlocks_on_first_use(
    locked_key: PrivateKey, settings: Settings
) -> None:
    settings.SABT_ORG_PASSPHRASE = ORG_PASSPHRASE
    assert bytes(org_key_store.org_private_key()) == bytes(locked_key)


def test_the_public_key_needs_no_passphrase(locked_key: PrivateKey) -> None:
    assert org_key_store.org_public_key() == locked_key.public_key


def test_serving_unlocks_with_the_configured_passphrase(
    locked_key: PrivateKey,
) -> None:
    opening = org_key_store.open_at_start(ORG_PASSPHRASE, no_terminal)
    assert (opening.public_key, opening.created) == (locked_key.public_key, False)
    assert opening.new_passphrase == ""
    assert org_key_store.is_unlocked() is True


def test_serving_asks_when_no_passphrase_is_configured(
    locked_key: PrivateKey,
) -> None:
    opening = org_key_store.open_at_start("", lambda: ORG_PASSPHRASE)
    assert opening.public_key == locked_key.public_key


def test_serving_with_a_wrong_passphrase_fails(locked_key: PrivateKey) -> None:
    with pytest.raises(WrongPassphrase):
        org_key_store.open_at_start("", lambda: "not the passphrase")


def test_a_node_with_only_the_public_key_opens_nothing(fresh_home: Path) -> None:
    public = generate_org_key().public_key
    fresh_home.mkdir()
    (fresh_home / "organisation.pub").write_text(bytes(public).hex() + "\n")
    opening = org_key_store.open_at_start("", no_terminal)
    assert opening.public_key is None
    assert org_key_store.org_public_key() == public
    with pytest.raises(
        org_key_store.OrgKeyLocked, match="holds no organisation private"
    ):
        org_key_store.org_private_key()


def test_first_start_makes_a_key_and_a_passphrase_to_show_once(
    fresh_home: Path,
) -> None:
    opening = org_key_store.open_at_start("", no_terminal)
    assert opening.created is True
    assert len(opening.new_passphrase) >= 32
    assert org_key_store.is_unlocked() is True
    locked = (fresh_home / "organisation.key").read_text()
    assert opening.new_passphrase not in locked
    assert json.loads(locked)["public_key"] == bytes(opening.public_key or b"").hex()
    assert stat.S_IMODE((fresh_home / "organisation.key").stat().st_mode) == 0o600
    org_key_store.forget()
    org_key_store.unlock(opening.new_passphrase)


def test_keys_org_init_uses_the_configured_passphrase(
    fresh_home: Path, settings: Settings
) -> None:
    settings.SABT_ORG_PASSPHRASE = ORG_PASSPHRASE
    code, out, _ = run_command("keys", "org-init")
    assert code == 0
    assert out.startswith("Created the organisation's key ")
    org_key_store.forget()
    org_key_store.unlock(ORG_PASSPHRASE)


def test_keys_org_init_refuses_to_replace_a_key(locked_key: PrivateKey) -> None:
    with pytest.raises(CommandError, match="the organisation key exists already"):
        run_command("keys", "org-init")


def test_keys_org_init_without_a_passphrase_or_terminal_says_what_to_do(
    fresh_home: Path,
) -> None:
    with pytest.raises(CommandError, match="set SABT_ORG_PASSPHRASE"):
        run_command("keys", "org-init")
    assert not fresh_home.exists()


def test_keys_show_names_the_organisation_key(locked_key: PrivateKey) -> None:
    code, out, _ = run_command("keys", "show")
    assert code == 0
    assert f"organisation public key: {bytes(locked_key.public_key).hex()}" in out


def start_serving(env: dict[str, str]) -> tuple[int | None, str]:
    """Start ``sabt serve`` until it serves or stops; return (exit code, output).

    The exit code is None when it got as far as serving (it is stopped then).
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "sabt", "serve", "--port", "0"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("sabt is serving"):
            process.terminate()
            process.wait(timeout=30)
            return None, "".join(lines)
    return process.wait(timeout=30), "".join(lines)


@pytest.mark.no_database  # its servers run on SQLite in either half
def test_serve_makes_the_key_then_needs_its_passphrase(tmp_path: Path) -> None:
    """`make run` on first start, then on the next start (no terminal)."""
    env = sqlite_env(tmp_path / "home")
    code, out = start_serving(env)
    assert code is None, out
    found = re.search(r"Its passphrase is shown only now: (\S+)", out)
    assert found, out
    passphrase = found.group(1)
    key_file = tmp_path / "home" / "keys" / "organisation.key"
    assert passphrase.encode() not in key_file.read_bytes()

    code, out = start_serving(env)
    assert code == 1
    assert "the organisation's key" in out
    assert "is locked: set SABT_ORG_PASSPHRASE" in out

    code, out = start_serving({**env, "SABT_ORG_PASSPHRASE": "wrong"})
    assert code == 1
    assert "does not unlock the organisation's key; the server did not start" in out

    code, out = start_serving({**env, "SABT_ORG_PASSPHRASE": passphrase})
    assert code is None, out
    assert "passphrase" not in out
