"""Fixtures of the tracing tests: tracing officers, a viewer, list files.

``officer`` traces in the default case, ``colleague_officer`` too;
``other_officer`` traces only in another case; ``viewer`` may read the
default case but not trace.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from pytest_django import Settings

from sabt.access.membership import create_case, grant


@pytest.fixture(autouse=True)
def _blob_dir(settings: Settings, tmp_path: Path) -> Path:
    """Uploaded lists go to a fresh blob store."""
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    return tmp_path / "blobs"


def _member(username: str, role: str, case: str = "default") -> User:
    user = User.objects.create_user(username=username, password="correct horse battery")
    grant(user=user, role=role, case=case)
    return user


@pytest.fixture
def officer(db: None) -> User:
    return _member("officer", "tracing_officer")


@pytest.fixture
def viewer(db: None) -> User:
    return _member("viewer", "viewer")


@pytest.fixture
def other_case(db: None) -> str:
    return create_case(slug="kabul", name="Kabul arrests").slug


@pytest.fixture
def other_officer(other_case: str) -> User:
    return _member("other_officer", "tracing_officer", other_case)
