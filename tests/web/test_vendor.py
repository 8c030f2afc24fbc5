"""Tests for the vendored static files (src/sabt/web/static/vendor/VERSIONS):
each listed file has the recorded SHA-256, and no file goes unlisted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sabt

VENDOR = Path(sabt.__file__).parent / "web" / "static" / "vendor"
LICENCES = {"htmx.LICENSE", "fonts/OFL.txt"}


def _listed() -> dict[str, str]:
    """Path -> SHA-256 from VERSIONS (tab-separated, ``#`` comments)."""
    rows = VENDOR.joinpath("VERSIONS").read_text(encoding="utf-8").splitlines()
    fields = [row.split("\t") for row in rows if row and not row.startswith("#")]
    return {path: digest for path, _package, _version, digest, _licence in fields}


def test_every_vendored_file_has_its_recorded_hash() -> None:
    for path, digest in _listed().items():
        assert hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() == digest, path


def test_every_vendored_file_is_listed_with_its_licence_beside_it() -> None:
    present = {
        str(path.relative_to(VENDOR))
        for path in VENDOR.rglob("*")
        if path.is_file() and path.name != "VERSIONS"
    }
    assert present == set(_listed()) | LICENCES
