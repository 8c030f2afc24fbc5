"""Tests for the ``sabt`` command itself, run as a user runs it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sabt import __version__
from tests.serving import sabt, sqlite_env

# Its processes run on SQLite (tests.serving.sqlite_env) in either half.
pytestmark = pytest.mark.no_database


def test_version() -> None:
    result = sabt({}, "--version")
    assert (result.returncode, result.stdout) == (0, f"sabt {__version__}\n")


def test_keys_show_without_a_key_says_how_to_make_one(tmp_path: Path) -> None:
    result = sabt(sqlite_env(tmp_path), "keys", "show")
    assert result.returncode == 1
    assert "cannot read key file" in result.stderr
    assert "Run sabt serve once to create it." in result.stderr


def test_verify_on_a_new_database_is_intact(tmp_path: Path) -> None:
    env = sqlite_env(tmp_path)
    assert sabt(env, "migrate", "--verbosity", "0").returncode == 0
    result = sabt(env, "verify")
    assert (result.returncode, result.stdout) == (
        0,
        "ledger intact: 0 events verified\n",
    )


def test_demo_on_a_fresh_data_folder_creates_the_key_and_loads(tmp_path: Path) -> None:
    env = sqlite_env(tmp_path)
    assert sabt(env, "migrate", "--verbosity", "0").returncode == 0
    result = sabt(env, "demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created the node's signing key",
        "demo case loaded: 85 events appended",
    ]
    assert sabt(env, "verify").stdout == "ledger intact: 85 events verified\n"


def test_a_new_data_folder_and_its_files_are_the_owners_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = sqlite_env(home)
    assert sabt(env, "migrate", "--verbosity", "0").returncode == 0
    assert sabt(env, "demo").returncode == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    made = [path for path in home.rglob("*")]
    assert {p.name for p in made} >= {"sabt.sqlite3", "secret_key", "node.key"}
    for path in made:
        # A blob (an evidence file, a list) is read-only as well.
        blob = path.is_file() and "blobs" in path.relative_to(home).parts
        expected = 0o700 if path.is_dir() else 0o400 if blob else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
