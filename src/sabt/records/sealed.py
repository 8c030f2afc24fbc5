"""The sealed identity fields of a source, opened one at a time.

Projections hold only tokens. ``reveal`` opens one field at the moment a page
shows it, with the organisation's key unlocked in this process. Interfaces go
through ``access.sealed.reveal_identity``, which checks and audits first.
"""

from __future__ import annotations

from sabt.ledger_store.keyring import reveal_field
from sabt.records.models import Source


def reveal(source: Source, field: str) -> str | None:
    """Return the plaintext of one sealed field of ``source``, or None.

    None when the field was never recorded or the identity was destroyed.
    Raises OrgKeyLocked when this process cannot open sealed fields (a field
    kit, a locked server), UnknownSubject when this node lacks the source's
    data key, and CannotOpen when the token was altered.
    """
    if field not in Source.IDENTITY_FIELDS:
        raise ValueError(f"a source has no sealed field {field!r}")
    return reveal_field(
        source.record,
        source.sealed_identity,
        field,
        destroyed=source.is_identity_destroyed,
    )
