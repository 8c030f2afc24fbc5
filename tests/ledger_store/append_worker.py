"""A separate process that appends notes through the real write path.

Run as ``python -m tests.ledger_store.append_worker NAME COUNT``: creates
COUNT / 2 notes and edits each once, signing with the node key the
environment names, in the database the environment names.
"""

from __future__ import annotations

import os
import sys


def main(name: str, count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sabt.settings")
    import django  # noqa: PLC0415

    django.setup()
    from django.contrib.auth.models import User  # noqa: PLC0415

    from sabt.notes.services import create_note, edit_note  # noqa: PLC0415

    actor = User(username=name)
    for n in range(count // 2):
        note = create_note(actor=actor, title=f"{name} {n}", text="")
        edit_note(actor=actor, note=note, title=f"{name} {n}", text="edited")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
