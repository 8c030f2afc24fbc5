"""The sealed enquirer fields of a tracing request, opened one at a time.

Projections hold only tokens. Interfaces never call ``reveal`` directly:
``access.sealed.reveal_enquirer`` checks ``Capability.SEE_SEALED`` in the
request's case and records the read first.
"""

from __future__ import annotations

from sabt.ledger_store.keyring import reveal_field
from sabt.tracing.models import TracingRequest


def reveal(request: TracingRequest, field: str) -> str | None:
    """Return the plaintext of one enquirer field of ``request``, or None.

    None when the field was never recorded or the enquirer was destroyed.
    Raises OrgKeyLocked, UnknownSubject or CannotOpen as
    ``records.sealed.reveal`` does.
    """
    if field not in TracingRequest.ENQUIRER_FIELDS:
        raise ValueError(f"a tracing request has no sealed field {field!r}")
    return reveal_field(
        request.record,
        request.sealed_enquirer,
        field,
        destroyed=request.is_enquirer_destroyed,
    )
