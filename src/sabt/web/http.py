"""What views share about requests: the logged-in request type, uploads on disk."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """What ``login_required`` guarantees: ``request.user`` is a real user."""

    user: User


def upload_path(upload: UploadedFile[bytes]) -> Path:
    """Where an uploaded file waits on disk.

    ``FILE_UPLOAD_HANDLERS`` keeps every upload in a temporary file, never
    in memory, so it always has one.
    """
    return Path(upload.temporary_file_path())  # type: ignore[attr-defined]  # TemporaryUploadedFile
