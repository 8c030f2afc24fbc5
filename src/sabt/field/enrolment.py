"""Enrolling field kits at headquarters, and revoking them.

The kit makes its own key and sends only a request (its public key and
name, signed by that key to show it holds it); headquarters records a
``key.trusted`` event for it and answers with a kit file signed by the
node. The kit's private key never exists at headquarters, and the kit file
holds nothing that opens sealed data: the organisation's public key, the
case, headquarters' node key and the kit's own identity.
"""

from __future__ import annotations

from typing import Any

from sabt.core.cases import Case
from sabt.field.errors import FieldError
from sabt.field.kit import KIT_FORMAT, REQUEST_FORMAT
from sabt.field.signed import DocumentError, parse_document, sign_document
from sabt.ledger import Event, TrustedKey, UnknownAuthor
from sabt.ledger.sealing import public_key_text
from sabt.ledger_store.authors import trusted_authors
from sabt.ledger_store.node import node_key
from sabt.ledger_store.org_key import org_public_key
from sabt.ledger_store.trusted_keys import revoke_key, trust_key

ROLE = "field_kit"
MAX_NAME = 100


def read_request(raw: bytes) -> dict[str, Any]:
    """Parse a kit's request; raise FieldError if it is not one or is forged."""
    try:
        request = parse_document(raw, REQUEST_FORMAT, signer="kit")
    except DocumentError as exc:
        raise FieldError(str(exc)) from exc
    name = request.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise FieldError(f"{REQUEST_FORMAT}: the kit needs a name of 1-100 characters")
    return request


def enrol(request_raw: bytes, *, case: str) -> tuple[dict[str, Any], Event]:
    """Trust the requesting kit for ``case``; return its kit file and the event.

    Raises FieldError for a bad request, an unknown case or a name in use;
    nothing is recorded then.
    """
    request = read_request(request_raw)
    name, key = request["name"], request["kit"]
    if not Case.objects.filter(pk=case).exists():
        raise FieldError(f"no case {case}: create it first with sabt case add")
    if kit_named(name) is not None:
        raise FieldError(f"a kit named {name} is enrolled already")
    try:
        event = trust_key(key=key, name=name, role=ROLE, case=case)
    except UnknownAuthor as exc:
        raise FieldError(str(exc)) from exc
    fields = {
        "name": name,
        "kit": key,
        "case": case,
        "org_public_key": public_key_text(org_public_key()),
        "enrolled_by": event.id,
    }
    return sign_document(node_key(), KIT_FORMAT, fields, signer="hq"), event


def revoke(name: str, *, reason: str) -> Event:
    """Refuse every later event and bundle of the kit named ``name``."""
    if not reason.strip():
        raise FieldError("say why the kit is revoked (--reason)")
    known = kit_named(name)
    if known is None:
        raise FieldError(f"no enrolled kit is named {name}")
    return revoke_key(key=known.key, reason=reason)


def kit_named(name: str) -> TrustedKey | None:
    """The enrolled, unrevoked kit of that name, if there is one."""
    for known in trusted_authors().keys.values():
        if known.role == ROLE and known.name == name and known.revoked_by is None:
            return known
    return None
