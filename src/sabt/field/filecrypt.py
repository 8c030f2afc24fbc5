"""Evidence files sealed at capture: encrypted in chunks to a one-file key.

A sealed file is libsodium's secretstream (XChaCha20-Poly1305): a 24-byte
header, then one ciphertext per 1 MiB of plaintext, the last tagged FINAL,
so a truncated or reordered file does not open. Each chunk's associated data
is the file's id, so two sealed files cannot be swapped. The 32-byte file key
is wrapped to the organisation's public key (a sealed box): the kit that
seals it cannot open it again. The plaintext's SHA-256 is computed on the way
in and out. No Django here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_ABYTES,
    crypto_secretstream_xchacha20poly1305_HEADERBYTES,
    crypto_secretstream_xchacha20poly1305_init_pull,
    crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_keygen,
    crypto_secretstream_xchacha20poly1305_pull,
    crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_state,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
)
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from sabt.ledger.sealing import CannotOpen

CHUNK = 1024 * 1024
_SEALED_CHUNK = CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES
_HEADER = crypto_secretstream_xchacha20poly1305_HEADERBYTES


@dataclass(frozen=True)
class SealedFile:
    """What sealing a file produced: the wrapped key and the plaintext's facts."""

    wrapped_key: bytes
    sha256: str
    size: int
    sealed_size: int


def seal_stream(
    source: IO[bytes], target: IO[bytes], *, file_id: str, org_public: PublicKey
) -> SealedFile:
    """Encrypt ``source`` into ``target``; return the wrapped key and hashes."""
    key = crypto_secretstream_xchacha20poly1305_keygen()
    state = crypto_secretstream_xchacha20poly1305_state()
    header = crypto_secretstream_xchacha20poly1305_init_push(state, key)
    target.write(header)
    digest, size, written = hashlib.sha256(), 0, len(header)
    ad = file_id.encode("ascii")
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if chunk else b""
        final = not following
        tag = (
            crypto_secretstream_xchacha20poly1305_TAG_FINAL
            if final
            else crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
        )
        digest.update(chunk)
        size += len(chunk)
        sealed = crypto_secretstream_xchacha20poly1305_push(state, chunk, ad, tag)
        target.write(sealed)
        written += len(sealed)
        if final:
            break
        chunk = following
    wrapped = bytes(SealedBox(org_public).encrypt(key))
    return SealedFile(wrapped, digest.hexdigest(), size, written)


def open_stream(
    source: IO[bytes], *, file_id: str, wrapped_key: bytes, org_private: PrivateKey
) -> Iterator[bytes]:
    """Yield the plaintext of a sealed file, chunk by chunk.

    Raises CannotOpen if the key was wrapped to another key, or the file was
    altered, truncated or is another file's.
    """
    try:
        key = SealedBox(org_private).decrypt(wrapped_key)
    except CryptoError as exc:
        raise CannotOpen(f"file {file_id}: its key does not open") from exc
    header = source.read(_HEADER)
    state = crypto_secretstream_xchacha20poly1305_state()
    try:
        crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    except (CryptoError, ValueError) as exc:
        raise CannotOpen(f"file {file_id}: not a sealed file") from exc
    ad = file_id.encode("ascii")
    while True:
        sealed = source.read(_SEALED_CHUNK)
        try:
            plain, tag = crypto_secretstream_xchacha20poly1305_pull(state, sealed, ad)
        except (CryptoError, ValueError) as exc:
            raise CannotOpen(f"file {file_id}: altered or truncated") from exc
        yield plain
        if tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL:
            if source.read(1):
                raise CannotOpen(f"file {file_id}: bytes after its end")
            return
