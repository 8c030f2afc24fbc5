"""The keys this node trusts to sign its log, replayed from the log itself.

The list is never kept in a table an insider could edit: it is replayed from
the node-signed ``key.trusted`` and ``key.revoked`` events each time it is
needed, and each of those events' signatures is checked on the way. They are
few (one or two per enrolled field kit), so this stays cheap.
"""

from __future__ import annotations

from sabt.ledger import TrustedAuthors, event_from_payload, public_key_hex
from sabt.ledger.event import check_signed
from sabt.ledger.trust import KEY_EVENTS
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.node import node_key


def node_root() -> str:
    """The hex key every trust decision starts from: this node's own, from its file."""
    return public_key_hex(node_key())


def trusted_authors() -> TrustedAuthors:
    """The trusted authors at the head of the log.

    Raises the ledger's errors if a key event does not hold (forged or edited).
    """
    trust = TrustedAuthors(root=node_root())
    rows = LedgerEvent.objects.filter(type__in=KEY_EVENTS).order_by("log_index")
    for payload, event_id, sig in rows.values_list("payload", "event_id", "sig"):
        event = event_from_payload(payload.encode("utf-8"), event_id, sig)
        check_signed(event)
        trust.admit(event.to_dict())
    return trust
