"""Enrolling and revoking the keys that may sign this node's log.

Both are node-signed events (``ledger.trust``); the trusted list itself is
replayed from them (``ledger_store.authors``).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from sabt.ledger import Event, key_record
from sabt.ledger.trust import KEY_REVOKED, KEY_TRUSTED
from sabt.ledger_store.authors import trusted_authors
from sabt.ledger_store.recording import record_event


def trust_key(*, key: str, name: str, role: str, case: str | None) -> Event:
    """Enrol ``key`` to sign events (of ``case`` only, when one is named).

    Raises UnknownAuthor (the ledger's error) for a key already enrolled, the
    node's own key, or a malformed one; nothing is written then.
    """
    body = {"key": key, "name": name, "role": role, "case": case}
    return _record_key_event(KEY_TRUSTED, key, body)


def revoke_key(*, key: str, reason: str) -> Event:
    """Refuse every later event of ``key``; its earlier events stay valid."""
    return _record_key_event(KEY_REVOKED, key, {"key": key, "reason": reason})


def _record_key_event(kind: str, key: str, body: Mapping[str, object]) -> Event:
    with transaction.atomic():
        trust = trusted_authors()
        trust.check(
            {
                "type": kind,
                "author": trust.root,
                "record": key_record(key),
                "body": body,
            }
        )
        return record_event(type=kind, record=key_record(key), body=body)
