"""An upload held in memory, given a path the evidence inspectors can open.

The kit keeps uploads in memory (settings: MemoryFileUploadHandler), and
reading EXIF, the perceptual hash and ffprobe's facts all want a path. An
anonymous memory file (memfd) gives one, ``/proc/PID/fd/N``, that no
directory lists and that vanishes when closed: the file in clear never
reaches the disk, only its sealed copy does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile


@contextmanager
def held_in_memory(upload: UploadedFile[Any]) -> Iterator[Path]:
    """Yield a path to the upload's bytes in a memory file, closed after."""
    if not isinstance(upload, InMemoryUploadedFile):
        # A temporary file in clear was written already: say so loudly.
        raise ImproperlyConfigured(
            "a field kit must keep uploads in memory (FILE_UPLOAD_HANDLERS)"
        )
    fd = os.memfd_create("sabt-upload", os.MFD_CLOEXEC)
    try:
        with open(fd, "wb", closefd=False) as out:
            for chunk in upload.chunks():
                out.write(chunk)
        # Opened by path (ffprobe too), it reads from the start.
        yield Path(f"/proc/{os.getpid()}/fd/{fd}")
    finally:
        os.close(fd)
