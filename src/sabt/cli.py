"""The ``sabt`` command: Django's management commands under sabt's settings.

``sabt serve``, ``sabt verify``, ``sabt rebuild``, ``sabt keys show`` and every
other management command (``sabt migrate``...) run with ``SABT_HOME`` chosen
by the environment, and with umask 077: the database, keys, blobs and bundles
it creates are readable by the user running it only.
"""

from __future__ import annotations

import os
import sys

from sabt import __version__

PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["--version"], ["version"]):
        sys.stdout.write(f"sabt {__version__}\n")
        return
    os.umask(PRIVATE_UMASK)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sabt.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["sabt", *args])


if __name__ == "__main__":
    main()
