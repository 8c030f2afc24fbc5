"""Tests for sabt.ledger.sealing: sealed values, wrapped data keys, the
organisation's locked key file.
"""

from __future__ import annotations

import base64
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.public import PrivateKey

from sabt.ledger import KeyFileError
from sabt.ledger.sealing import (
    INTERACTIVE,
    TOKEN_PREFIX,
    CannotOpen,
    SealingError,
    WrongPassphrase,
    generate_data_key,
    generate_org_key,
    load_locked,
    load_org_public_key,
    lock_org_key,
    open_value,
    public_key_of_locked,
    save_org_key,
    seal_value,
    unlock_org_key,
    unwrap_data_key,
    wrap_data_key,
)

SUBJECT = "0c6f6a52-8d3e-4d0b-9b7e-2f1a3c4d5e6f"
OTHER_SUBJECT = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
NAME = "Zarghuna Panjshiri (زرغونه)"
PASSPHRASE = "valley of the five lions"
# Sealing keys come from fixed bytes, as the house rules ask of test keys.
DATA_KEY = bytes(range(32))
ORG_KEY = PrivateKey(bytes(range(32, 64)))


def sealed(plaintext: str = NAME) -> str:
    return seal_value(DATA_KEY, plaintext, subject=SUBJECT, field="real_name")


def test_a_sealed_value_opens_with_its_key_subject_and_field() -> None:
    token = sealed()
    assert token.startswith(TOKEN_PREFIX)
    assert open_value(DATA_KEY, token, subject=SUBJECT, field="real_name") == NAME


def test_sealing_twice_gives_different_tokens() -> None:
    assert sealed() != sealed()


def test_the_token_holds_no_clear_text() -> None:
    token = sealed("Zarghuna")
    raw = base64.urlsafe_b64decode(token[3:] + "=" * (-len(token[3:]) % 4))
    assert b"Zarghuna" not in raw
    assert "Zarghuna" not in token


def test_another_data_key_cannot_open_it() -> None:
    with pytest.raises(CannotOpen, match="does not open with this key"):
        open_value(generate_data_key(), sealed(), subject=SUBJECT, field="real_name")


def test_a_token_copied_to_another_subject_does_not_open() -> None:
    with pytest.raises(CannotOpen, match="does not open with this key"):
        open_value(DATA_KEY, sealed(), subject=OTHER_SUBJECT, field="real_name")


def test_a_token_copied_to_another_field_does_not_open() -> None:
    with pytest.raises(CannotOpen, match="does not open with this key"):
        open_value(DATA_KEY, sealed(), subject=SUBJECT, field="contact")


@pytest.mark.parametrize("position", [3, 20, 40, -1])
def test_an_altered_byte_does_not_open(position: int) -> None:
    token = sealed()
    raw = bytearray(base64.urlsafe_b64decode(token[3:] + "=" * (-len(token[3:]) % 4)))
    raw[position] ^= 0x01
    altered = TOKEN_PREFIX + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(CannotOpen, match="altered"):
        open_value(DATA_KEY, altered, subject=SUBJECT, field="real_name")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("Zarghuna", "must start with 'x1.'"),
        ("x1.!!!!", "broken base64url"),
        ("x1.AAAA", "too short"),
    ],
)
def test_something_not_a_token_does_not_open(token: str, message: str) -> None:
    with pytest.raises(CannotOpen, match=message):
        open_value(DATA_KEY, token, subject=SUBJECT, field="real_name")


def test_a_data_key_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(SealingError, match="a data key is 32 bytes"):
        seal_value(b"short", NAME, subject=SUBJECT, field="real_name")


@given(plaintext=st.text())
def test_any_text_survives_sealing(plaintext: str) -> None:
    token = seal_value(DATA_KEY, plaintext, subject=SUBJECT, field="contact")
    assert open_value(DATA_KEY, token, subject=SUBJECT, field="contact") == plaintext


def test_a_wrapped_data_key_unwraps_with_the_organisation_key() -> None:
    wrapped = wrap_data_key(ORG_KEY.public_key, DATA_KEY)
    assert DATA_KEY not in wrapped
    assert unwrap_data_key(ORG_KEY, wrapped) == DATA_KEY


def test_another_organisation_key_cannot_unwrap() -> None:
    wrapped = wrap_data_key(ORG_KEY.public_key, DATA_KEY)
    with pytest.raises(CannotOpen, match="wrapped to another key, or altered"):
        unwrap_data_key(generate_org_key(), wrapped)


def test_an_altered_wrapped_key_does_not_unwrap() -> None:
    wrapped = bytearray(wrap_data_key(ORG_KEY.public_key, DATA_KEY))
    wrapped[-1] ^= 0x01
    with pytest.raises(CannotOpen, match="wrapped to another key, or altered"):
        unwrap_data_key(ORG_KEY, bytes(wrapped))


def test_a_field_kit_with_only_the_public_key_seals_but_cannot_open() -> None:
    """The kit makes a data key, wraps it, seals, and keeps nothing it could
    open with: the wrapped key opens only with the organisation's private key.
    """
    kit_key = generate_data_key()
    wrapped = wrap_data_key(ORG_KEY.public_key, kit_key)
    token = seal_value(kit_key, NAME, subject=SUBJECT, field="real_name")
    del kit_key
    with pytest.raises(CannotOpen):
        unwrap_data_key(generate_org_key(), wrapped)
    recovered = unwrap_data_key(ORG_KEY, wrapped)
    assert open_value(recovered, token, subject=SUBJECT, field="real_name") == NAME


def test_the_locked_key_file_holds_no_clear_key_bytes() -> None:
    locked = lock_org_key(ORG_KEY, PASSPHRASE, INTERACTIVE)
    secret = bytes(ORG_KEY)
    for form in (secret, secret.hex().encode(), base64.b64encode(secret)):
        assert form not in locked
    fields = json.loads(locked)
    assert fields["kdf"] == "argon2id"
    assert fields["public_key"] == bytes(ORG_KEY.public_key).hex()


def test_the_passphrase_unlocks_the_key() -> None:
    locked = lock_org_key(ORG_KEY, PASSPHRASE, INTERACTIVE)
    assert bytes(unlock_org_key(locked, PASSPHRASE)) == bytes(ORG_KEY)


def test_a_wrong_passphrase_is_refused() -> None:
    locked = lock_org_key(ORG_KEY, PASSPHRASE, INTERACTIVE)
    with pytest.raises(WrongPassphrase, match="does not unlock the organisation"):
        unlock_org_key(locked, "valley of the four lions")


def test_an_empty_passphrase_is_refused() -> None:
    with pytest.raises(SealingError, match="the passphrase is empty"):
        lock_org_key(ORG_KEY, "", INTERACTIVE)


def test_a_swapped_public_key_in_the_file_is_noticed() -> None:
    fields = json.loads(lock_org_key(ORG_KEY, PASSPHRASE, INTERACTIVE))
    fields["public_key"] = bytes(generate_org_key().public_key).hex()
    with pytest.raises(SealingError, match="does not match its private key"):
        unlock_org_key(json.dumps(fields).encode(), PASSPHRASE)


def test_a_file_that_is_not_a_key_file_is_refused() -> None:
    with pytest.raises(SealingError, match="not an organisation key file"):
        unlock_org_key(b'{"format": "something else"}', PASSPHRASE)


def test_saved_key_files_are_private_and_readable_back(tmp_path: Path) -> None:
    key_path = tmp_path / "keys" / "organisation.key"
    public_path = tmp_path / "keys" / "organisation.pub"
    save_org_key(ORG_KEY, PASSPHRASE, key_path, public_path, INTERACTIVE)
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_path.parent.stat().st_mode) == 0o700
    locked = load_locked(key_path)
    assert bytes(unlock_org_key(locked, PASSPHRASE)) == bytes(ORG_KEY)
    assert load_org_public_key(public_path) == ORG_KEY.public_key
    assert public_key_of_locked(locked) == ORG_KEY.public_key


def test_saving_never_overwrites_a_key(tmp_path: Path) -> None:
    key_path, public_path = tmp_path / "org.key", tmp_path / "org.pub"
    save_org_key(ORG_KEY, PASSPHRASE, key_path, public_path, INTERACTIVE)
    with pytest.raises(KeyFileError, match="a key file exists already"):
        save_org_key(generate_org_key(), PASSPHRASE, key_path, public_path)
    assert bytes(unlock_org_key(load_locked(key_path), PASSPHRASE)) == bytes(ORG_KEY)


def test_sealing_loads_no_django() -> None:
    code = (
        "import sys, sabt.ledger.sealing;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
