"""Tests for sabt.ledger.checkpoint: C2SP checkpoints in signed notes.

A scenario table of tampered notes names the exact message for each; notes
and keys published by the Go implementations check that the format is theirs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

import pytest
from nacl.signing import SigningKey

from sabt.ledger.checkpoint import (
    Checkpoint,
    CheckpointError,
    key_id,
    parse_checkpoint,
    parse_verifier_key,
    sign_checkpoint,
    verifier_key_line,
    verify_checkpoint,
)

LOG = SigningKey(b"sabt-test-checkpoint-log-key-32b")
MALLORY = SigningKey(b"sabt-test-checkpoint-mallory-32b")
WITNESS = SigningKey(b"sabt-test-checkpoint-witness-32b")
NAME = "sabt.example/ledger"
ROOT = base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
CHECKPOINT = Checkpoint(NAME, 20852163, ROOT)
NOTE = sign_checkpoint(LOG, NAME, CHECKPOINT)

# From google/trillian-examples formats/log/checkpoint_test.go
# (TestSumDBNoteParsing, BenchmarkParse): a checkpoint signed by the real
# sum.golang.org log, and witness cosignatures over the same text. The log's
# key is the one built into the go command.
SUMDB_VKEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
SUMDB_NOTE = (
    "go.sum database tree\n"
    "6476701\n"
    "mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n"
    "\n"
    "\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1x"
    "bFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n"
)
SUMDB_COSIGNATURES = (
    "\u2014 monkeys 202ffh9ve46Mqbhuyb4wnC2Pwdan5EsXQym/tF1ggXJqhjGosU4T5intH4iKM"
    "RgDLxrnXuIjRaU2NbvAnaepM6Y+8ww=\n"
    "\u2014 bananas z2OfE+2bbsBZ7NLgfuslc0v7NFW2QyexJ7fhePpoL2N/P7N/COd5S+JNHbQEAl"
    "Yzz2C5sg0E+x/MggS1mDR6t3/9rQw=\n"
)
MONKEYS_VKEY = "monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT"

# From golang.org/x/mod/sumdb/note note_test.go: a signer key (0x01, seed)
# and the verifier key Go derives from it.
PETER_SKEY = (
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
)
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"


def _signature_lines(note: str) -> str:
    return note.split("\n\n", 1)[1]


def _witnessed(note: str) -> str:
    witness = sign_checkpoint(WITNESS, "witness.example/w1", CHECKPOINT)
    return note + _signature_lines(witness)


def test_body_is_origin_size_and_base64_root() -> None:
    checkpoint = Checkpoint("example.com/behind-the-sofa", 20852163, ROOT)
    assert checkpoint.body() == (
        "example.com/behind-the-sofa\n"
        "20852163\n"
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )


def test_note_is_body_blank_line_and_one_signature_line() -> None:
    public = bytes(LOG.verify_key)
    expected_id = hashlib.sha256(NAME.encode() + b"\n\x01" + public).digest()[:4]
    body, signatures = NOTE.split("\n\n")
    assert body + "\n" == CHECKPOINT.body()
    prefix = f"\u2014 {NAME} "
    assert signatures.startswith(prefix)
    assert signatures.endswith("\n")
    assert signatures.count("\n") == 1
    raw = base64.b64decode(signatures[len(prefix) : -1], validate=True)
    assert key_id(NAME, LOG.verify_key) == expected_id == raw[:4]
    LOG.verify_key.verify(CHECKPOINT.body().encode(), raw[4:])


def test_signed_checkpoint_verifies() -> None:
    assert verify_checkpoint(NOTE, NAME, LOG.verify_key) == CHECKPOINT


def test_empty_tree_checkpoint_round_trips() -> None:
    empty = Checkpoint(NAME, 0, hashlib.sha256(b"").digest())
    note = sign_checkpoint(LOG, NAME, empty)
    assert note.startswith(
        f"{NAME}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n"
    )
    assert verify_checkpoint(note, NAME, LOG.verify_key) == empty


def test_an_extra_unknown_signer_still_verifies() -> None:
    witnessed = _witnessed(NOTE)
    assert verify_checkpoint(witnessed, NAME, LOG.verify_key) == CHECKPOINT
    witness_first = (
        CHECKPOINT.body()
        + "\n"
        + "".join(reversed(_signature_lines(witnessed).splitlines(keepends=True)))
    )
    assert verify_checkpoint(witness_first, NAME, LOG.verify_key) == CHECKPOINT


def test_parse_reads_the_checkpoint_without_a_key() -> None:
    assert parse_checkpoint(sign_checkpoint(MALLORY, "mallory", CHECKPOINT)) == (
        CHECKPOINT
    )


def test_origin_must_match_when_asked() -> None:
    message = re.escape(f"checkpoint is from '{NAME}', expected 'other.example/log'")
    with pytest.raises(CheckpointError, match=message):
        verify_checkpoint(NOTE, NAME, LOG.verify_key, origin="other.example/log")
    assert verify_checkpoint(NOTE, NAME, LOG.verify_key, origin=NAME) == CHECKPOINT


# --- Tampered notes ----------------------------------------------------------

ROOT_LINE = base64.b64encode(ROOT).decode()
OTHER_ROOT = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
SIG_B64 = _signature_lines(NOTE).split(" ")[-1].strip()


def _flip_signature_byte(note: str) -> str:
    raw = bytearray(base64.b64decode(SIG_B64))
    raw[10] ^= 0x01
    return note.replace(SIG_B64, base64.b64encode(bytes(raw)).decode())


def _truncate_signature(note: str) -> str:
    raw = base64.b64decode(SIG_B64)[:40]
    return note.replace(SIG_B64, base64.b64encode(raw).decode())


def _same_name_other_key(_: str) -> str:
    return sign_checkpoint(MALLORY, NAME, CHECKPOINT)


def _only_the_witness(note: str) -> str:
    return _witnessed(note).replace(_signature_lines(note), "", 1)


def _second_bad_line(note: str) -> str:
    return note + _signature_lines(_flip_signature_byte(note))


DOES_NOT_VERIFY = f"signature by {NAME} does not verify"
OTHER_KEY = (
    f"no signature by {NAME} with key id {key_id(NAME, LOG.verify_key).hex()}; "
    f"the one under that name has key id {key_id(NAME, MALLORY.verify_key).hex()}, "
    "so another key made it"
)

SCENARIOS: dict[str, tuple[Callable[[str], str], str]] = {
    "tree size changed": (
        lambda n: n.replace("\n20852163\n", "\n20852164\n"),
        DOES_NOT_VERIFY,
    ),
    "root hash changed": (lambda n: n.replace(ROOT_LINE, OTHER_ROOT), DOES_NOT_VERIFY),
    "origin changed": (
        lambda n: n.replace(NAME + "\n", "sabt.example/other\n", 1),
        DOES_NOT_VERIFY,
    ),
    "a signature byte flipped": (_flip_signature_byte, DOES_NOT_VERIFY),
    "a signature cut short": (_truncate_signature, DOES_NOT_VERIFY),
    "a second, bad line by the same key": (_second_bad_line, DOES_NOT_VERIFY),
    "signed by another key under the same name": (_same_name_other_key, OTHER_KEY),
    "signature line missing": (
        lambda n: n.split("\n\n")[0] + "\n\n",
        "note has no signature lines",
    ),
    "only another signer's line": (_only_the_witness, f"no signature by {NAME}"),
    "blank line missing": (
        lambda n: n.replace("\n\n", "\n"),
        "note has no blank line before its signatures",
    ),
    "no final newline": (lambda n: n[:-1], "note does not end with a newline"),
    "signature not base64": (
        lambda n: n.replace(SIG_B64, "not*base64"),
        "signature line 1 is not valid base64",
    ),
    "signature line without an em dash": (
        lambda n: n.replace("\u2014", "-"),
        "signature line 1 does not start with an em dash and a space",
    ),
    "root hash not base64": (
        lambda n: n.replace(ROOT_LINE, "CsUYapGGPo4dkMgIAUqom*Xajj7h2fB2MPA3j2jxq2I="),
        "root hash line is not valid base64",
    ),
    "root hash in a second spelling": (
        lambda n: n.replace(ROOT_LINE, ROOT_LINE[:42] + "J="),
        "root hash line is not valid base64",
    ),
    "root hash of 31 bytes": (
        lambda n: n.replace(ROOT_LINE, base64.b64encode(ROOT[:31]).decode()),
        "root hash is 31 bytes, expected 32",
    ),
    "tree size not a number": (
        lambda n: n.replace("\n20852163\n", "\n+20852163\n"),
        "tree size line is not a decimal number",
    ),
    "tree size with a leading zero": (
        lambda n: n.replace("\n20852163\n", "\n020852163\n"),
        "tree size line has a leading zero",
    ),
    "tree size beyond 64 bits": (
        lambda n: n.replace("\n20852163\n", f"\n{2**64}\n"),
        "tree size line is beyond an unsigned 64-bit number",
    ),
    "an extension line": (
        lambda n: n.replace(ROOT_LINE + "\n", ROOT_LINE + "\nextra\n"),
        "checkpoint has extension lines after the root hash",
    ),
    "a line missing": (
        lambda n: n.replace("20852163\n", ""),
        "checkpoint has 2 lines, expected origin, tree size and root hash",
    ),
    "Windows line endings": (
        lambda n: n.replace("\n", "\r\n"),
        "note contains control character U+000D",
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_rejects_tampered_note(name: str) -> None:
    tamper, message = SCENARIOS[name]
    with pytest.raises(CheckpointError, match=f"^{re.escape(message)}$"):
        verify_checkpoint(tamper(NOTE), NAME, LOG.verify_key)


def test_verifying_with_another_key_fails() -> None:
    with pytest.raises(CheckpointError, match=f"^no signature by {re.escape(NAME)} "):
        verify_checkpoint(NOTE, NAME, MALLORY.verify_key)


# --- Making checkpoints ------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "size", "root", "message"),
    [
        ("", 1, ROOT, "origin is empty"),
        ("a\nb", 1, ROOT, "origin contains a newline"),
        ("a\tb", 1, ROOT, "origin contains control character U+0009"),
        (NAME, -1, ROOT, "tree size -1 is not an unsigned 64-bit number"),
        (NAME, 1, ROOT[:31], "root hash is 31 bytes, expected 32"),
    ],
)
def test_checkpoint_refuses_fields_it_cannot_write(
    origin: str, size: int, root: bytes, message: str
) -> None:
    with pytest.raises(CheckpointError, match=f"^{re.escape(message)}$"):
        Checkpoint(origin, size, root)


@pytest.mark.parametrize("bad", ["", "two words", "a+b", "tab\there"])
def test_sign_refuses_an_invalid_key_name(bad: str) -> None:
    with pytest.raises(CheckpointError, match="must be non-empty, without spaces"):
        sign_checkpoint(LOG, bad, CHECKPOINT)


# --- Verifier keys and the Go implementation ---------------------------------


def test_verifier_key_round_trips() -> None:
    vkey = verifier_key_line(NAME, LOG.verify_key)
    key_hex = key_id(NAME, LOG.verify_key).hex()
    assert vkey.startswith(f"{NAME}+{key_hex}+")
    assert parse_verifier_key(vkey) == (NAME, LOG.verify_key)


def test_verifier_key_matches_go() -> None:
    seed = base64.b64decode(PETER_SKEY.split("+", 4)[4])  # the key may hold "+"
    assert seed[:1] == b"\x01"
    key = SigningKey(seed[1:])
    assert verifier_key_line("PeterNeumann", key.verify_key) == PETER_VKEY
    assert parse_verifier_key(PETER_VKEY) == ("PeterNeumann", key.verify_key)


def test_verifies_a_real_sumdb_checkpoint() -> None:
    name, key = parse_verifier_key(SUMDB_VKEY)
    checkpoint = verify_checkpoint(SUMDB_NOTE, name, key)
    assert checkpoint.origin == "go.sum database tree"
    assert checkpoint.size == 6476701
    assert checkpoint.body() == SUMDB_NOTE.split("\n\n", maxsplit=1)[0] + "\n"


def test_verifies_a_real_witness_cosignature() -> None:
    note = SUMDB_NOTE + SUMDB_COSIGNATURES
    log_name, log_key = parse_verifier_key(SUMDB_VKEY)
    witness_name, witness_key = parse_verifier_key(MONKEYS_VKEY)
    assert verify_checkpoint(note, log_name, log_key).size == 6476701
    assert verify_checkpoint(note, witness_name, witness_key).size == 6476701


@pytest.mark.parametrize(
    ("vkey", "message"),
    [
        (
            "PeterNeumann+c74f20a3",
            "verifier key must read <name>+<key id>+<base64 key>",
        ),
        (
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key id c74f20a4 does not match its name and key (c74f20a3)",
        ),
        (
            "PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key id 'c74f20' is not 8 hex digits",
        ),
        (
            "PeterNeumann+c74f20a3+AhpcQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=",
            "verifier key is not valid base64",
        ),
        (
            "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key is not an Ed25519 key (type 0x01)",
        ),
        (
            "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "key name 'Peter Neumann' must be non-empty, without spaces, '+' or "
            "control characters",
        ),
    ],
)
def test_parse_verifier_key_names_what_is_wrong(vkey: str, message: str) -> None:
    with pytest.raises(CheckpointError, match=f"^{re.escape(message)}$"):
        parse_verifier_key(vkey)
