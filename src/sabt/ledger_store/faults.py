"""One clear line, not a traceback, when the disk is full or cannot be written.

A full disk surfaces as an OSError where sabt writes a file itself, and as a
database error where the database writes (SQLite: "database or disk is
full", or "disk I/O error" when it cannot even grow its shared-memory file;
PostgreSQL: "could not extend file ... No space left on device"). Commands
that write (``sabt shred``, ``rebuild``, ``checkpoint``, ``export``) extend
``WritingCommand``: such a fault ends them with one line on stderr and exit
code 1. What the database had not committed is rolled back with it.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

_DISK_FAULT = re.compile(
    r"disk is full|no space left|disk i/o error|could not extend file"
    r"|could not write|quota exceeded|read-only file system|file too large",
    re.IGNORECASE,
)


def fault_line(exc: BaseException) -> str | None:
    """What went wrong, in one line, if it is a fault of the disk; else None."""
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    if isinstance(exc, DatabaseError):
        text = " ".join(str(exc).split())
        if _DISK_FAULT.search(text):
            return f"the database cannot be written ({text})"
    return None


class WritingCommand(BaseCommand):
    """A command that ends with one line and exit 1 on a disk fault."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except (OSError, DatabaseError) as exc:
            line = fault_line(exc)
            if line is None:
                raise
            name = type(self).__module__.rsplit(".", 1)[-1]
            self.stderr.write(f"sabt {name} failed: {line}")
            sys.exit(1)
