"""The ledger's exception tree: bad data, never bad transport.

Every error names what mismatched, so an interface can show it as it is.
"""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every ledger failure."""


class MalformedEvent(LedgerError):
    """The event lacks a field, has a field of the wrong type, or is not canonical."""


class HashMismatch(LedgerError):
    """The event's id is not the SHA-256 of its canonical unsigned form."""


class InvalidSignature(LedgerError):
    """The signature does not verify against the author's public key."""


class MissingParent(LedgerError):
    """A parent the event names is not in the log, or belongs to another record."""


class UnknownAuthor(LedgerError):
    """The author is not a trusted key at that point of the log, or was revoked."""


class KeyFileError(LedgerError):
    """A key file is missing, unreadable, too open, or not a key."""
