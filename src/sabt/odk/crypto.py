"""ODK's encrypted submissions: open them with the organisation's ODK key.

How ODK Collect encrypts a finalised submission (ODK's "Encrypted forms"
specification, as Collect and Briefcase implement it):

- a random 256-bit AES key, encrypted to the form's RSA public key with
  RSA-OAEP with SHA-256 (and MGF1 with SHA-256), is the manifest's
  ``base64EncryptedKey``;
- every file (the media in manifest order, then ``submission.xml`` last) is
  AES/CFB/PKCS5Padding (CFB with 128-bit segments) under that key, the IV
  for file *n* being MD5(instanceID || key) with byte ``n mod 16``
  incremented once more per file;
- ``base64EncryptedElementSignature`` is MD5 over the lines form id, version
  (if any), encrypted key, instanceID, then ``name::md5hex`` of each
  decrypted file, encrypted with the same RSA-OAEP: it proves the manifest
  and files belong together and were made for this key.

Pure functions on bytes; the files are given by name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, OAEP
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from sabt.odk.errors import OdkError
from sabt.odk.submission import local_name, parse_xml

ENCRYPTED_SUFFIX = ".enc"
_AES_KEY_BYTES = 32
_MANIFEST_TEXTS = {
    "base64EncryptedKey",
    "encryptedXmlFile",
    "instanceID",
    "base64EncryptedElementSignature",
}
# Collect names it RSA/NONE/OAEPWithSHA256AndMGF1Padding; on Android that
# means SHA-256 for the MGF too.
_OAEP = OAEP(mgf=MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


@dataclass(frozen=True)
class Manifest:
    """The plain part of an encrypted submission (its ``submission.xml``)."""

    form_id: str
    version: str
    instance_id: str
    encrypted_key: str
    media: tuple[str, ...]
    xml_file: str
    signature: str


@dataclass(frozen=True)
class Decrypted:
    """An encrypted submission opened: its XML and its media by plain name."""

    manifest: Manifest
    xml: bytes
    media: dict[str, bytes]


def is_manifest(raw: bytes) -> bool:
    """True if a ``submission.xml`` is an encrypted submission's manifest."""
    root = parse_xml(raw)
    return root.get("encrypted", "").lower() == "yes"


def read_manifest(raw: bytes) -> Manifest:
    """Read a manifest; raises OdkError naming what it lacks."""
    root = parse_xml(raw, what="the manifest")
    if root.get("encrypted", "").lower() != "yes":
        raise OdkError("submission.xml is not an encrypted submission's manifest")
    texts: dict[str, str] = {}
    media: list[str] = []
    for child in root.iter():
        name = local_name(child.tag)
        if name == "file":
            media.append((child.text or "").strip())
        elif name in _MANIFEST_TEXTS:
            texts[name] = (child.text or "").strip()
    instance_id = texts.get("instanceID") or root.get("instanceID") or ""
    form_id = root.get("id", "")
    for label, value in (
        ("the form id", form_id),
        ("meta/instanceID", instance_id),
        ("base64EncryptedKey", texts.get("base64EncryptedKey", "")),
        ("encryptedXmlFile", texts.get("encryptedXmlFile", "")),
        (
            "base64EncryptedElementSignature",
            texts.get("base64EncryptedElementSignature", ""),
        ),
    ):
        if not value:
            raise OdkError(f"the manifest has no {label}", instance_id=instance_id)
    for name in [*media, texts["encryptedXmlFile"]]:
        if not name.endswith(ENCRYPTED_SUFFIX) or "/" in name or "\\" in name:
            raise OdkError(
                f"the manifest names a file {name!r} that is not a plain *.enc name",
                instance_id=instance_id,
            )
    return Manifest(
        form_id=form_id,
        version=root.get("version", ""),
        instance_id=instance_id,
        encrypted_key=texts["base64EncryptedKey"],
        media=tuple(media),
        xml_file=texts["encryptedXmlFile"],
        signature=texts["base64EncryptedElementSignature"],
    )


def decrypt_submission(
    manifest: Manifest, files: Mapping[str, bytes], private_key: rsa.RSAPrivateKey
) -> Decrypted:
    """Open every file the manifest names and check its signature.

    ``files`` maps the encrypted file names (``photo.jpg.enc``,
    ``submission.xml.enc``) to their bytes. Raises OdkError, with the
    instance id, if the submission was encrypted to another key, a file is
    missing or does not decrypt, or the signature does not match.
    """
    instance = manifest.instance_id
    key = _rsa_decrypt(private_key, manifest.encrypted_key, instance, "key")
    if len(key) != _AES_KEY_BYTES:
        raise OdkError("the submission's AES key is not 256 bits", instance_id=instance)
    ivs = _IvSequence(instance, key)
    plain: dict[str, bytes] = {}
    for name in [*manifest.media, manifest.xml_file]:
        if name not in files:
            raise OdkError(
                f"the encrypted file {name} is missing", instance_id=instance
            )
        plain[name[: -len(ENCRYPTED_SUFFIX)]] = _aes_decrypt(
            key, ivs.next(), files[name], name, instance
        )
    _check_signature(manifest, private_key, plain)
    xml_name = manifest.xml_file[: -len(ENCRYPTED_SUFFIX)]
    xml = plain.pop(xml_name)
    return Decrypted(manifest=manifest, xml=xml, media=plain)


def _md5(data: bytes) -> bytes:
    # ODK's scheme fixes MD5 (IV seed, signature digest); the secrecy rests
    # on AES and RSA-OAEP.
    return hashlib.md5(data, usedforsecurity=False).digest()


class _IvSequence:
    """The IVs of one submission's files, in the order they were encrypted."""

    def __init__(self, instance_id: str, key: bytes) -> None:
        self._seed = bytearray(_md5(instance_id.encode("utf-8") + key))
        self._counter = 0

    def next(self) -> bytes:
        index = self._counter % len(self._seed)
        self._seed[index] = (self._seed[index] + 1) % 256
        self._counter += 1
        return bytes(self._seed)


def _rsa_decrypt(
    private_key: rsa.RSAPrivateKey, text: str, instance: str, what: str
) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise OdkError(
            f"the manifest's {what} is not base64", instance_id=instance
        ) from exc
    try:
        return private_key.decrypt(raw, _OAEP)
    except ValueError as exc:
        raise OdkError(
            "the submission was encrypted to another key than this "
            "organisation's ODK key",
            instance_id=instance,
        ) from exc


def _aes_decrypt(key: bytes, iv: bytes, data: bytes, name: str, instance: str) -> bytes:
    decryptor = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(algorithms.AES.block_size).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise OdkError(
            f"{name} does not decrypt (altered, truncated, or of another submission)",
            instance_id=instance,
        ) from exc


def _check_signature(
    manifest: Manifest, private_key: rsa.RSAPrivateKey, plain: Mapping[str, bytes]
) -> None:
    lines = [manifest.form_id]
    if manifest.version:
        lines.append(manifest.version)
    lines += [manifest.encrypted_key, manifest.instance_id]
    for name, data in plain.items():
        lines.append(f"{name}::{_md5(data).hex()}")
    expected = _md5(("\n".join(lines) + "\n").encode("utf-8"))
    try:
        signed = _rsa_decrypt(
            private_key, manifest.signature, manifest.instance_id, "signature"
        )
    except OdkError as exc:
        raise OdkError(
            "the manifest's signature does not open with this key: altered, "
            "or made for another key",
            instance_id=manifest.instance_id,
        ) from exc
    if not hmac.compare_digest(signed, expected):
        raise OdkError(
            "the manifest's signature does not match its files: "
            "the manifest or a file was altered",
            instance_id=manifest.instance_id,
        )
