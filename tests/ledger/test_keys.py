"""Tests for sabt.ledger.keys: key files readable by their owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sabt.ledger import KeyFileError, generate_key, load_key, public_key_hex, save_key


def test_saved_key_loads_back_and_is_owner_only(tmp_path: Path) -> None:
    key = generate_key()
    path = tmp_path / "keys" / "node.key"
    save_key(key, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert public_key_hex(load_key(path)) == public_key_hex(key)


def test_never_overwrites_a_key(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    save_key(generate_key(), path)
    before = path.read_bytes()
    with pytest.raises(KeyFileError, match="a key file exists already"):
        save_key(generate_key(), path)
    assert path.read_bytes() == before


def test_refuses_key_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    save_key(generate_key(), path)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="open to other users; chmod 600 it"):
        load_key(path)


def test_refuses_missing_and_garbled_files(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot read key file"):
        load_key(tmp_path / "absent.key")
    garbled = tmp_path / "garbled.key"
    garbled.write_text("not hex\n")
    garbled.chmod(0o600)
    with pytest.raises(KeyFileError, match="not an Ed25519 key"):
        load_key(garbled)
