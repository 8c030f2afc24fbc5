"""A full disk ends shred, rebuild, checkpoint and export with one clear line.

The disk is really full: ``/dev/full`` where a command writes one file, and
elsewhere a small tmpfs filled to the last byte, which needs permission to
mount one (root); without it those tests skip. The node on the full tmpfs
runs ``sabt`` as a user does, in its own processes.
"""

from __future__ import annotations

import errno
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError

from sabt.demo.loader import demo_id, load_demo
from tests.conftest import ORG_PASSPHRASE
from tests.ledger_store.helpers import run_command
from tests.serving import sabt, sqlite_env

DARHEL = demo_id("darhel-10-september")
SEAL_A_WITNESS = """
from django.contrib.auth.models import User
from sabt.records.services import register_source
actor = User.objects.create_user("investigator", password="correct horse battery")
source = register_source(
    actor=actor, kind="witness", pseudonym="A", real_name="Zarghuna", case="default"
)
print(source.record)
"""


def _mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("filling a disk needs permission to mount a small tmpfs")


def _unmount(where: Path) -> None:
    subprocess.run(["umount", str(where)], check=False)


def _fill(folder: Path) -> Path:
    """Write one file until the disk holding ``folder`` has no byte left."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        for chunk in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


@dataclass(frozen=True)
class FullNode:
    env: dict[str, str]
    subject: str
    filler: Path


@pytest.fixture(scope="module")
def full_node(
    tmp_path_factory: pytest.TempPathFactory, _org_key_files: tuple[Path, Path]
) -> Iterator[FullNode]:
    """A node with the demo case and a sealed witness, on a disk now full."""
    mount = tmp_path_factory.mktemp("full-disk") / "mount"
    _mount_tmpfs(mount, "64m")
    try:
        env = sqlite_env(mount / "home")
        key, public = _org_key_files
        env |= {
            "SABT_ORG_KEY": str(key),
            "SABT_ORG_PUBLIC_KEY": str(public),
            "SABT_ORG_PASSPHRASE": ORG_PASSPHRASE,
        }
        for step in (("migrate", "--verbosity", "0"), ("demo",)):
            done = sabt(env, *step)
            assert done.returncode == 0, done.stderr
        sealed = sabt(env, "shell", "-c", SEAL_A_WITNESS)
        assert sealed.returncode == 0, sealed.stderr
        assert sabt(env, "checkpoint").returncode == 0
        yield FullNode(env, sealed.stdout.split()[-1], _fill(mount))
    finally:
        _unmount(mount)


def _one_clean_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


@pytest.mark.parametrize(
    "command",
    [
        ("rebuild",),
        ("checkpoint",),
        ("shred", "{subject}", "--by", "investigator", "--reason", "she asked"),
        (
            "export",
            "--incident",
            DARHEL,
            "--to",
            "{home}/bundle",
            "--reason",
            "court",
            "--by",
            "investigator",
        ),
    ],
    ids=lambda command: command[0],
)
def test_a_command_on_a_full_disk_says_so_in_one_line(
    full_node: FullNode, command: tuple[str, ...]
) -> None:
    home = full_node.env["SABT_HOME"]
    args = [a.format(subject=full_node.subject, home=home) for a in command]
    line = _one_clean_line(sabt(full_node.env, *args))
    name = command[0]
    assert line.startswith(
        (f"sabt {name} failed: the database cannot be written (", "CommandError: ")
    ), line
    assert any(
        words in line.lower()
        for words in ("disk is full", "disk i/o error", "no space left")
    ), line
    assert not Path(home, "bundle").exists()


def test_after_the_disk_has_room_again_nothing_was_changed(
    full_node: FullNode,
) -> None:
    # Run after the failures above (module order): it frees the disk.
    full_node.filler.unlink()
    verified = sabt(full_node.env, "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # The demo (79 events, and 6 for its synthetic lists), the account's witness
    # (1): no shred, no export.
    assert verified.stdout == "ledger intact: 86 events verified\n"


# Where the command writes one file, /dev/full.


@pytest.mark.django_db
def test_checkpoint_out_to_a_full_disk_says_so_in_one_line(
    investigator: User,
) -> None:
    load_demo(actor=investigator)
    code, out, err = run_command("checkpoint", "--out", "/dev/full")
    assert (code, out) == (1, "")
    assert err == "sabt checkpoint failed: No space left on device: /dev/full\n"


@pytest.mark.django_db
def test_export_to_a_full_disk_removes_its_folder_and_says_so(
    investigator: User, tmp_path: Path
) -> None:
    load_demo(actor=investigator)
    mount = tmp_path / "small"
    _mount_tmpfs(mount, "64k")
    try:
        _fill(mount)
        target = mount / "bundle"
        with pytest.raises(CommandError) as failed:
            run_command(
                "export", "--incident", DARHEL, "--to", str(target),
                "--reason", "court", "--by", "investigator",
            )  # fmt: skip
        assert str(failed.value) == (
            f"cannot write the bundle to {target}: No space left on device"
        )
        assert not target.exists()
    finally:
        _unmount(mount)
