"""Submission folders as ODK Collect and Briefcase write them.

A folder holds ``submission.xml`` and the media beside it; an encrypted
submission's folder holds the manifest as ``submission.xml``, the encrypted
XML as ``submission.xml.enc`` and each medium as ``NAME.enc``. A folder of
such folders (Briefcase's ``instances/``) is read one submission at a time,
so one that cannot be read is reported while the others are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from sabt.odk.crypto import decrypt_submission, is_manifest, read_manifest
from sabt.odk.errors import OdkError
from sabt.odk.limits import DEFAULT_LIMITS, Limits, megabytes
from sabt.odk.submission import MAX_XML_BYTES, Submission, parse_submission

SUBMISSION_XML = "submission.xml"
# Briefcase's storage nests instances a few levels down; no deeper than this.
MAX_FOLDER_DEPTH = 5

KeyLoader = Callable[[], rsa.RSAPrivateKey]


def submission_folders(root: Path) -> list[Path]:
    """Every folder under ``root`` (itself included) holding a submission.xml."""
    if (root / SUBMISSION_XML).is_file():
        return [root]
    found: list[Path] = []
    for depth in range(1, MAX_FOLDER_DEPTH + 1):
        pattern = "/".join(["*"] * depth) + f"/{SUBMISSION_XML}"
        found += [p.parent for p in root.glob(pattern) if not p.is_symlink()]
    # A linked folder could lead outside the one given: not followed.
    inside = root.resolve()
    return sorted(p for p in set(found) if p.resolve().is_relative_to(inside))


def read_folders(
    root: Path,
    *,
    private_key: KeyLoader | None = None,
    repeats: frozenset[str] = frozenset(),
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Submission | OdkError]:
    """Each submission under ``root``, or the reason it cannot be read."""
    folders = submission_folders(root)
    if not folders:
        yield OdkError(f"{root}: no submission.xml here or in the folders below")
    for folder in folders:
        try:
            yield read_folder(
                folder, private_key=private_key, repeats=repeats, limits=limits
            )
        except OdkError as exc:
            yield exc


def read_folder(
    folder: Path,
    *,
    private_key: KeyLoader | None = None,
    repeats: frozenset[str] = frozenset(),
    limits: Limits = DEFAULT_LIMITS,
) -> Submission:
    """Read one submission folder, decrypting it if it is encrypted.

    Raises OdkError naming the submission and the reason.
    """
    files = _files(folder, limits)
    raw = files.pop(SUBMISSION_XML)
    if is_manifest(raw):
        manifest = read_manifest(raw)
        if private_key is None:
            raise OdkError(
                "the submission is encrypted and no ODK private key was given",
                instance_id=manifest.instance_id,
            )
        opened = decrypt_submission(manifest, files, private_key())
        submission = parse_submission(opened.xml, repeats=repeats)
        if submission.instance_id != manifest.instance_id:
            raise OdkError(
                "the encrypted XML is of another submission than its manifest",
                instance_id=manifest.instance_id,
            )
        submission.media = opened.media
        submission.encrypted = True
        return submission
    submission = parse_submission(raw, repeats=repeats)
    submission.media = files
    return submission


def _files(folder: Path, limits: Limits) -> dict[str, bytes]:
    """The folder's files by name, each under its cap; subfolders are ignored."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            raise OdkError(f"{path.name} in {folder} is a symbolic link; refused")
        if not path.is_file():
            continue
        cap = MAX_XML_BYTES if path.name == SUBMISSION_XML else limits.max_media_bytes
        size = path.stat().st_size
        if size > cap:
            raise OdkError(
                f"{path.name} in {folder} is {megabytes(size)}, over the cap of "
                f"{megabytes(cap)}"
            )
        files[path.name] = path.read_bytes()
    if SUBMISSION_XML not in files:
        raise OdkError(f"{folder}: no submission.xml")
    return files
