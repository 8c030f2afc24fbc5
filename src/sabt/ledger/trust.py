"""Who may sign: the list of trusted authors, kept in the log itself.

The node's own key (the *root*, the key that signs checkpoints) is trusted
from the start. Every other author must have been named by a ``key.trusted``
event that the root signed earlier in the log; a ``key.revoked`` event, also
signed by the root, refuses that key's events from then on (events it signed
before stay valid: they were trusted when they joined the log). A key enrolled
for one case may only write events whose body names that case.

This module reads event dictionaries only and imports nothing of sabt but
the errors, so the bundle's stand-alone ``verify.py`` runs the same rules.
Walk the log in order: ``admit`` each event before it is counted as accepted.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sabt.ledger.errors import UnknownAuthor

KEY_TRUSTED = "key.trusted"
KEY_REVOKED = "key.revoked"
KEY_EVENTS = (KEY_TRUSTED, KEY_REVOKED)
# What a trusted key is for; the node's own key needs no event.
KEY_ROLES = ("field_kit", "node")

_HEX64 = re.compile(r"[0-9a-f]{64}")
# Every key's trust events form one record, found from the key alone.
_KEY_NAMESPACE = uuid.UUID("5ab7c0de-7e57-4e11-8a9b-6b657973ab70")


def key_record(key: str) -> str:
    """The record that holds a key's ``key.trusted`` and ``key.revoked`` events."""
    return str(uuid.uuid5(_KEY_NAMESPACE, f"sabt.key/{key}"))


@dataclass(frozen=True)
class TrustedKey:
    """A key the root enrolled: what it is called, for which case, since when."""

    key: str
    name: str
    role: str
    case: str | None
    trusted_by: str
    revoked_by: str | None = None


@dataclass
class TrustedAuthors:
    """The trusted keys at one point of the log; ``admit`` moves that point on."""

    root: str
    keys: dict[str, TrustedKey] = field(default_factory=dict)

    def check(self, event: Mapping[str, Any]) -> None:
        """Raise UnknownAuthor unless the event's author may sign it here."""
        author = str(event.get("author", ""))
        kind = event.get("type")
        if author == self.root:
            if kind in KEY_EVENTS:
                _check_key_body(kind, event.get("body"), event.get("record"), self)
            return
        known = self.keys.get(author)
        if known is None:
            raise UnknownAuthor(f"author {author} is not a trusted key of this log")
        if known.revoked_by is not None:
            raise UnknownAuthor(
                f"author {author} ({known.name}) was revoked by event "
                f"{known.revoked_by}; its later events are refused"
            )
        if kind in KEY_EVENTS:
            raise UnknownAuthor(
                f"author {author} ({known.name}) may not trust or revoke keys: "
                "only the node's own key may"
            )
        body = event.get("body")
        case = body.get("case") if isinstance(body, Mapping) else None
        if known.case is not None and case != known.case:
            raise UnknownAuthor(
                f"author {author} ({known.name}) is enrolled for case "
                f"{known.case}, not {case or 'an event without a case'}"
            )

    def admit(self, event: Mapping[str, Any]) -> None:
        """Check the event, then take its key changes into the list."""
        self.check(event)
        kind = event.get("type")
        if kind not in KEY_EVENTS:
            return
        body = event["body"]
        key = body["key"]
        if kind == KEY_TRUSTED:
            self.keys[key] = TrustedKey(
                key=key,
                name=body["name"],
                role=body["role"],
                case=body.get("case"),
                trusted_by=str(event["id"]),
            )
        else:
            known = self.keys[key]
            self.keys[key] = TrustedKey(
                **{**known.__dict__, "revoked_by": str(event["id"])}
            )

    def is_trusted(self, author: str) -> bool:
        """Whether ``author`` may sign ordinary events at this point of the log."""
        if author == self.root:
            return True
        known = self.keys.get(author)
        return known is not None and known.revoked_by is None


def _check_key_body(kind: Any, body: Any, record: Any, trust: TrustedAuthors) -> None:
    if not isinstance(body, Mapping):
        raise UnknownAuthor(f"{kind}: body must be an object")
    key = body.get("key")
    if not isinstance(key, str) or not _HEX64.fullmatch(key):
        raise UnknownAuthor(f"{kind}: key must be a hex Ed25519 public key")
    if record != key_record(key):
        raise UnknownAuthor(f"{kind}: record must be key_record(key)")
    if key == trust.root:
        raise UnknownAuthor(f"{kind}: the node's own key cannot be enrolled or revoked")
    known = trust.keys.get(key)
    if kind == KEY_TRUSTED:
        if known is not None:
            raise UnknownAuthor(f"{kind}: key {key} was enrolled already")
        name, role, case = body.get("name"), body.get("role"), body.get("case")
        if not isinstance(name, str) or not name.strip():
            raise UnknownAuthor(f"{kind}: the key needs a name")
        if role not in KEY_ROLES:
            raise UnknownAuthor(f"{kind}: role must be one of {', '.join(KEY_ROLES)}")
        if case is not None and not isinstance(case, str):
            raise UnknownAuthor(f"{kind}: case must be a case's slug or null")
    elif known is None or known.revoked_by is not None:
        raise UnknownAuthor(f"{kind}: key {key} is not a trusted key to revoke")
