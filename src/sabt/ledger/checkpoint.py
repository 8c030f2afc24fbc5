"""Checkpoints: the log's tree head, signed as a C2SP signed note.

A checkpoint (https://c2sp.org/tlog-checkpoint) is the note text::

    <origin>
    <tree size in decimal>
    <base64 root hash>

signed as a note (https://c2sp.org/signed-note): the text, a blank line,
then one line per signer, ``— <key name> <base64(key id || signature)>``.
Ed25519 (signature type 0x01) is the only algorithm made and checked, so a
sabt checkpoint reads with Go's ``golang.org/x/mod/sumdb/note`` and with the
witnesses and monitors built on it.

This module imports only the standard library and PyNaCl, because the
stand-alone verifier carries a copy of it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

ED25519 = b"\x01"  # the signed-note signature type byte
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
HASH_SIZE = 32
KEY_ID_SIZE = 4
# The spec asks verifiers to cap signatures and to accept at least 16; Go
# stops at 100.
MAX_SIGNATURES = 100
# Every tlog implementation keeps tree sizes in an unsigned 64-bit integer.
MAX_TREE_SIZE = 2**64 - 1

_DECIMAL = re.compile(r"[0-9]+")
_KEY_ID_HEX = re.compile(r"[0-9a-fA-F]{8}")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")


class CheckpointError(ValueError):
    """A checkpoint or its note is malformed, unsigned or wrongly signed."""


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: the log's name, its size, and the RFC 9162 root there.

    Raises CheckpointError if a field could not be written as a checkpoint.
    """

    origin: str
    size: int
    root: bytes

    def __post_init__(self) -> None:
        if not self.origin:
            raise CheckpointError("origin is empty")
        if "\n" in self.origin:
            raise CheckpointError("origin contains a newline")
        _check_no_control(self.origin, "origin")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            size = self.size
            raise CheckpointError(f"tree size {size} is not an unsigned 64-bit number")
        if len(self.root) != HASH_SIZE:
            length = len(self.root)
            raise CheckpointError(f"root hash is {length} bytes, expected {HASH_SIZE}")

    def body(self) -> str:
        """Return the note text: origin, size and base64 root, one per line."""
        root = base64.b64encode(self.root).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\n"


def key_id(key_name: str, verify_key: VerifyKey) -> bytes:
    """Return the 4-byte signed-note key id of an Ed25519 key.

    SHA-256(key name || 0x0A || 0x01 || public key)[:4], as the signed-note
    spec recommends and Go computes.
    """
    material = key_name.encode("utf-8") + b"\n" + ED25519 + bytes(verify_key)
    return hashlib.sha256(material).digest()[:KEY_ID_SIZE]


def sign_checkpoint(key: SigningKey, key_name: str, checkpoint: Checkpoint) -> str:
    """Return the signed note of ``checkpoint``, signed by ``key`` alone.

    Raises CheckpointError if ``key_name`` is not a valid key name.
    """
    _check_key_name(key_name)
    body = checkpoint.body()
    signature = key.sign(body.encode("utf-8")).signature
    encoded = _b64(key_id(key_name, key.verify_key) + signature)
    return f"{body}\n{SIGNATURE_PREFIX}{key_name} {encoded}\n"


def verify_checkpoint(
    note: str, key_name: str, verify_key: VerifyKey, *, origin: str | None = None
) -> Checkpoint:
    """Return the checkpoint in ``note`` once ``key_name``'s signature checks.

    The note must hold a well-formed checkpoint and a line signed by this
    key: same name and key id, valid Ed25519 signature over the text. Lines
    from other keys are ignored, as the signed-note spec says, even one under
    the same name; every line from this key must verify. With ``origin``,
    the checkpoint must also name that log.

    Raises CheckpointError naming what is wrong.
    """
    _check_key_name(key_name)
    text, signatures = _split_note(note)
    checkpoint = _parse_text(text)
    if origin is not None and checkpoint.origin != origin:
        found = checkpoint.origin
        raise CheckpointError(f"checkpoint is from {found!r}, expected {origin!r}")
    wanted = key_id(key_name, verify_key)
    named = [raw for name, raw in signatures if name == key_name]
    ours = [raw[KEY_ID_SIZE:] for raw in named if raw[:KEY_ID_SIZE] == wanted]
    if not ours and named:
        found, expected = named[0][:KEY_ID_SIZE].hex(), wanted.hex()
        raise CheckpointError(
            f"no signature by {key_name} with key id {expected}; the one under "
            f"that name has key id {found}, so another key made it"
        )
    if not ours:
        raise CheckpointError(f"no signature by {key_name}")
    message = text.encode("utf-8")
    for signature in ours:
        try:
            verify_key.verify(message, signature)
        except (BadSignatureError, ValueError) as exc:
            raise CheckpointError(f"signature by {key_name} does not verify") from exc
    return checkpoint


def parse_checkpoint(note: str) -> Checkpoint:
    """Return the checkpoint in a signed note, checking its form only.

    No signature is verified: trust nothing in it before ``verify_checkpoint``.
    Raises CheckpointError naming what is malformed.
    """
    text, _ = _split_note(note)
    return _parse_text(text)


def verifier_key_line(key_name: str, verify_key: VerifyKey) -> str:
    """Return the C2SP verifier key ``<name>+<key id hex>+<base64(0x01 || key)>``.

    Raises CheckpointError if ``key_name`` is not a valid key name.
    """
    _check_key_name(key_name)
    hex_id = key_id(key_name, verify_key).hex()
    encoded = _b64(ED25519 + bytes(verify_key))
    return f"{key_name}+{hex_id}+{encoded}"


def parse_verifier_key(vkey: str) -> tuple[str, VerifyKey]:
    """Return the key name and Ed25519 key of a C2SP verifier key string.

    Raises CheckpointError if it is malformed, not Ed25519, or its key id
    does not belong to the name and key.
    """
    name, _, rest = vkey.partition("+")
    hex_id, _, encoded = rest.partition("+")
    if not encoded:
        raise CheckpointError("verifier key must read <name>+<key id>+<base64 key>")
    _check_key_name(name)
    if not _KEY_ID_HEX.fullmatch(hex_id):
        raise CheckpointError(f"verifier key id {hex_id!r} is not 8 hex digits")
    raw = _strict_b64decode(encoded)
    if raw is None:
        raise CheckpointError("verifier key is not valid base64")
    if len(raw) != 1 + HASH_SIZE or raw[:1] != ED25519:
        raise CheckpointError("verifier key is not an Ed25519 key (type 0x01)")
    verify_key = VerifyKey(raw[1:])
    expected = key_id(name, verify_key).hex()
    if hex_id.lower() != expected:
        raise CheckpointError(
            f"verifier key id {hex_id} does not match its name and key ({expected})"
        )
    return name, verify_key


def _split_note(note: str) -> tuple[str, list[tuple[str, bytes]]]:
    """Split a signed note into its text and its (key name, raw signature)s.

    The raw signature still starts with its 4-byte key id.
    """
    try:
        note.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CheckpointError("note is not valid UTF-8") from exc
    _check_no_control(note, "note")
    # The text may hold blank lines; the last one starts the signatures.
    split = note.rfind("\n\n")
    if split < 0:
        raise CheckpointError("note has no blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block:
        raise CheckpointError("note has no signature lines")
    if not block.endswith("\n"):
        raise CheckpointError("note does not end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        count = len(lines)
        raise CheckpointError(
            f"note has {count} signature lines, more than {MAX_SIGNATURES}"
        )
    return text, [_parse_signature_line(n, line) for n, line in enumerate(lines, 1)]


def _parse_signature_line(number: int, line: str) -> tuple[str, bytes]:
    if not line.startswith(SIGNATURE_PREFIX):
        raise CheckpointError(
            f"signature line {number} does not start with an em dash and a space"
        )
    name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not _is_key_name(name):
        raise CheckpointError(f"signature line {number} has no valid key name")
    raw = _strict_b64decode(encoded)
    if raw is None:
        raise CheckpointError(f"signature line {number} is not valid base64")
    if len(raw) <= KEY_ID_SIZE:
        raise CheckpointError(
            f"signature line {number} is too short for a key id and a signature"
        )
    return name, raw


def _parse_text(text: str) -> Checkpoint:
    """Parse the note text as exactly origin, tree size and root hash."""
    lines = text.split("\n")[:-1]  # the text ends with a newline
    if len(lines) < 3:
        count = len(lines)
        raise CheckpointError(
            f"checkpoint has {count} lines, expected origin, tree size and root hash"
        )
    if len(lines) > 3:
        # Extension lines are optional in the spec, and sabt writes none:
        # refuse them rather than drop signed text unread.
        raise CheckpointError("checkpoint has extension lines after the root hash")
    origin, size_line, root_line = lines
    if not origin:
        raise CheckpointError("origin line is empty")
    if not _DECIMAL.fullmatch(size_line):
        raise CheckpointError("tree size line is not a decimal number")
    if size_line != "0" and size_line.startswith("0"):
        raise CheckpointError("tree size line has a leading zero")
    size = int(size_line)
    if size > MAX_TREE_SIZE:
        raise CheckpointError("tree size line is beyond an unsigned 64-bit number")
    root = _strict_b64decode(root_line)
    if root is None:
        raise CheckpointError("root hash line is not valid base64")
    if len(root) != HASH_SIZE:
        length = len(root)
        raise CheckpointError(f"root hash is {length} bytes, expected {HASH_SIZE}")
    return Checkpoint(origin, size, root)


def _check_key_name(name: str) -> None:
    if not _is_key_name(name):
        raise CheckpointError(
            f"key name {name!r} must be non-empty, without spaces, '+' or "
            "control characters"
        )


def _is_key_name(name: str) -> bool:
    """Key names are non-empty, without Unicode spaces or '+' (signed-note)."""
    return bool(name) and not any(c.isspace() or c == "+" or c < " " for c in name)


def _check_no_control(text: str, what: str) -> None:
    bad = _CONTROL.search(text)
    if bad:
        code = ord(bad.group())
        raise CheckpointError(f"{what} contains control character U+{code:04X}")


def _strict_b64decode(text: str) -> bytes | None:
    """Decode standard padded base64 in its one canonical spelling, or None."""
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:  # binascii.Error, or text that is not ASCII
        return None
    # b64decode ignores stray padding bits, so other spellings of the same
    # bytes decode too. Refusing them keeps one checkpoint one text: body()
    # then gives back exactly the text that was signed.
    return raw if _b64(raw) == text else None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
