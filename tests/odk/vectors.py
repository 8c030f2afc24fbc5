"""The ODK test vectors, read where CI checks out ``shared`` beside the repository.

ODK Briefcase's files are Apache 2.0 (their LICENSE sits beside them); they
are read in place or copied into a test's temporary folder, never into the
repository.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "testvectors"
BRIEFCASE = VECTORS / "odk-briefcase"
CENTRAL = VECTORS / "odk-central-export"


def briefcase_key() -> rsa.RSAPrivateKey:
    key = load_pem_private_key(
        (BRIEFCASE / "encrypted-form-key.pem").read_bytes(), None
    )
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def encrypted_folder(tmp: Path, name: str) -> Path:
    """Lay out Briefcase's flat ``NAME-...`` files as Collect's instance folder."""
    folder = tmp / name
    folder.mkdir()
    for path in BRIEFCASE.glob(f"{name}-*"):
        suffix = path.name[len(name) + 1 :]
        if suffix == "submission.xml" or suffix.endswith(".enc"):
            shutil.copyfile(path, folder / suffix)
    return folder


def plain_folder(tmp: Path, name: str, media: str = "") -> Path:
    """A plain submission folder: NAME-submission.xml plus the media of ``media``."""
    folder = tmp / name
    folder.mkdir()
    shutil.copyfile(BRIEFCASE / f"{name}-submission.xml", folder / "submission.xml")
    if media:
        for path in (BRIEFCASE / media).iterdir():
            shutil.copyfile(path, folder / path.name)
    return folder


def expected_rows(name: str) -> list[dict[str, str]]:
    with (BRIEFCASE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
