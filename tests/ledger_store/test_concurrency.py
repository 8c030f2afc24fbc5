"""Two processes appending at once lose nothing and share no log index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import verify_ledger
from sabt.notes.models import Note

EVENTS_PER_PROCESS = 1000
REPO = Path(__file__).resolve().parents[2]


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SABT_DB_NAME"] = str(connection.settings_dict["NAME"])
    env["SABT_NODE_KEY"] = str(settings.SABT_NODE_KEY)
    return env


@pytest.mark.django_db(transaction=True)
def test_two_processes_appending_lose_nothing_and_share_no_index() -> None:
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.ledger_store.append_worker",
                name,
                str(EVENTS_PER_PROCESS),
            ],
            cwd=REPO,
            env=_worker_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("kit-a", "kit-b")
    ]
    errors = [worker.communicate(timeout=600)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], errors
    indexes = list(LedgerEvent.objects.values_list("log_index", flat=True))
    assert indexes == list(range(2 * EVENTS_PER_PROCESS))
    assert Note.objects.filter(text="edited").count() == EVENTS_PER_PROCESS
    assert verify_ledger() == []
