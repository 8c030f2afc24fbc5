"""The organisation's key for an import, stretched in a process of its own.

Unlocking runs Argon2id at MODERATE, which takes 256 MiB for the second it
runs. A ``sabt import`` that did it itself kept that high-water mark on top
of its own working set (365 MB peak for 2,000 events). Here a short-lived
child stretches the passphrase and hands the 32-byte key back on a pipe,
then exits: the machine's peak is the larger of the two, not their sum,
and the key file keeps its full cost against anyone guessing at a stolen
copy. A process that holds the key unlocked already (``sabt serve``) uses
it as it is.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from nacl.public import PrivateKey

from sabt.field.errors import BundleRefused
from sabt.ledger import LedgerError
from sabt.ledger.sealing import SealingError
from sabt.ledger_store import org_key as org_key_store

_CHILD = """
import sys
from pathlib import Path
from sabt.ledger.sealing import load_locked, unlock_org_key
try:
    key = unlock_org_key(load_locked(Path(sys.argv[1])), sys.stdin.read())
except Exception as exc:
    sys.stderr.write(str(exc))
    sys.exit(1)
sys.stdout.buffer.write(bytes(key))
"""


def org_private_for_import() -> PrivateKey:
    """The unlocked organisation key; raises BundleRefused saying why not."""
    path = org_key_store.org_key_path()
    try:
        if org_key_store.is_unlocked() or not path.exists():
            return org_key_store.org_private_key()
        if not settings.SABT_ORG_PASSPHRASE:
            return org_key_store.org_private_key()  # raises, saying what to do
    except (SealingError, LedgerError) as exc:
        raise BundleRefused(str(exc)) from exc
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    child = subprocess.run(  # noqa: S603 -- our own interpreter, fixed code
        [sys.executable, "-c", _CHILD, str(path)],
        input=settings.SABT_ORG_PASSPHRASE.encode("utf-8"),
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    if child.returncode or len(child.stdout) != 32:
        reason = child.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BundleRefused(
            reason[-1] if reason else "the organisation's key did not unlock"
        )
    return PrivateKey(child.stdout)
