"""Collect the static files for serving, only when they have changed.

Hashing and compressing every file (whitenoise writes a gzip and a brotli
copy of each) costs half a minute on every start, though the files change
only with an upgrade. The collected folder keeps a digest of what it was
collected from; a start whose sources give the same digest skips the work.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

STAMP = ".sabt-collected"


def collect_static() -> bool:
    """Run collectstatic if the sources differ from the last collection.

    Returns whether it ran.
    """
    root = Path(settings.STATIC_ROOT)
    stamp = root / STAMP
    digest = sources_digest()
    if stamp.is_file() and stamp.read_text(encoding="ascii") == digest:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest, encoding="ascii")
    return True


def sources_digest() -> str:
    """A digest of every static source file's path, size and time, and of
    the storage that collects them."""
    lines = [str(settings.STORAGES["staticfiles"]["BACKEND"])]
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            lines.append(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
