"""Encrypted submissions: ODK Briefcase's own vectors open, and tampering is refused."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from sabt.odk.errors import OdkError
from sabt.odk.folders import read_folder
from sabt.odk.submission import Submission
from tests.odk.vectors import BRIEFCASE, briefcase_key, encrypted_folder, expected_rows

# Briefcase's own columns, not answers in the submission.
NOT_ANSWERS = {"SubmissionDate", "KEY", "isValidated"}


def _read(folder: Path, key: rsa.RSAPrivateKey | None = None) -> Submission:
    return read_folder(folder, private_key=lambda: key or briefcase_key())


def _assert_matches_expected(submission: Submission, expected: str) -> None:
    (row,) = expected_rows(expected)
    assert row["KEY"] == submission.instance_id
    # Briefcase marks a submission whose signature it checked as validated.
    assert row["isValidated"] == "true"
    for column, value in row.items():
        if column not in NOT_ANSWERS:
            assert submission.data.values[column] == value.removeprefix("media/")


def test_the_encrypted_form_decrypts_to_the_expected_values(tmp_path: Path) -> None:
    submission = _read(encrypted_folder(tmp_path, "encrypted-form"))

    _assert_matches_expected(submission, "encrypted-form.csv.expected")
    assert submission.data.values["name"] == "Guillermo"
    assert submission.encrypted
    assert submission.media == {}


def test_encrypted_media_decrypt_byte_identical(tmp_path: Path) -> None:
    submission = _read(encrypted_folder(tmp_path, "encrypted-form-media"))

    _assert_matches_expected(submission, "encrypted-form-media.csv.expected")
    originals = BRIEFCASE / "encrypted-form-media-media"
    assert sorted(submission.media) == sorted(p.name for p in originals.iterdir())
    for name, data in submission.media.items():
        assert data == (originals / name).read_bytes()


def test_another_key_is_refused_with_its_reason(tmp_path: Path) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    with pytest.raises(OdkError, match="encrypted to another key") as caught:
        _read(encrypted_folder(tmp_path, "encrypted-form"), other)
    assert caught.value.instance_id == "uuid:494cd080-3bf4-47be-b40f-c706a950d58a"


def test_a_wrong_signature_is_refused(tmp_path: Path) -> None:
    folder = encrypted_folder(tmp_path, "encrypted-form")
    manifest = folder / "submission.xml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index("<base64EncryptedElementSignature>") + len(
        "<base64EncryptedElementSignature>"
    )
    end = text.index("</base64EncryptedElementSignature>")
    forged = base64.b64encode(bytes(256)).decode("ascii")
    manifest.write_text(text[:start] + forged + text[end:], encoding="utf-8")

    with pytest.raises(OdkError, match="signature does not open"):
        _read(folder)


def test_a_signature_of_other_files_is_refused(tmp_path: Path) -> None:
    """A genuine signature moved onto another submission's files does not match."""
    folder = encrypted_folder(tmp_path, "encrypted-form-media")
    media = folder / "1538040007350.jpg.enc"
    media.write_bytes(media.read_bytes()[:-16])  # one AES block less

    with pytest.raises(OdkError, match=r"signature does not match|does not decrypt"):
        _read(folder)


def test_an_altered_manifest_field_breaks_the_signature(tmp_path: Path) -> None:
    folder = encrypted_folder(tmp_path, "encrypted-form")
    manifest = folder / "submission.xml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace('id="encrypted-form"', 'id="another-form"'), encoding="utf-8"
    )

    with pytest.raises(OdkError, match="signature does not match"):
        _read(folder)


def test_a_missing_encrypted_file_is_named(tmp_path: Path) -> None:
    folder = encrypted_folder(tmp_path, "encrypted-form-media")
    (folder / "1538040019351.jpg.enc").unlink()

    with pytest.raises(OdkError, match=r"1538040019351\.jpg\.enc is missing"):
        _read(folder)


def test_an_encrypted_submission_without_a_key_is_refused(tmp_path: Path) -> None:
    folder = encrypted_folder(tmp_path, "encrypted-form")

    with pytest.raises(OdkError, match="no ODK private key"):
        read_folder(folder)


def test_the_xml_of_another_submission_is_refused(tmp_path: Path) -> None:
    """Swapping submission.xml.enc between submissions fails before it is read."""
    folder = encrypted_folder(tmp_path, "encrypted-form")
    shutil.copyfile(
        BRIEFCASE / "encrypted-form-media-submission.xml.enc",
        folder / "submission.xml.enc",
    )

    with pytest.raises(OdkError, match=r"does not decrypt|signature does not match"):
        _read(folder)
