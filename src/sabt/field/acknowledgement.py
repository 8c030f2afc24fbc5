"""The kit takes headquarters' acknowledgement: what it need not send again."""

from __future__ import annotations

from sabt.field.bundle import ACK_FORMAT
from sabt.field.errors import FieldError
from sabt.field.kit import kit_identity
from sabt.field.models import KitAcknowledgement
from sabt.field.signed import DocumentError, parse_document


def accept(raw: bytes) -> int:
    """Check an acknowledgement is headquarters' and for this kit; keep it.

    Returns the entry it acknowledges through. Raises FieldError otherwise.
    """
    identity = kit_identity()
    try:
        ack = parse_document(raw, ACK_FORMAT, signer="hq")
    except DocumentError as exc:
        raise FieldError(str(exc)) from exc
    if ack["hq"] != identity.hq:
        raise FieldError(
            "this acknowledgement is not signed by this kit's headquarters"
        )
    if ack.get("kit") != identity.public:
        raise FieldError("this acknowledgement is for another kit")
    through = int(ack["through_seq"])
    KitAcknowledgement.objects.get_or_create(
        bundle=str(ack["bundle"]),
        defaults={"through_seq": through, "at": str(ack.get("at", ""))},
    )
    return through
