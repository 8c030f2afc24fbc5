"""The read audit: every display of a sealed field, every search, every export.

Each is a signed ``audit.read`` event, so an audit entry cannot be removed
without ``sabt verify`` and the Merkle log showing it. A user's reads of one
day form one record (their chain for that day), which keeps each record's
chain short however much they read. The words of a search may themselves
name a witness, so they are sealed in the event like any identity.

Each search's words are sealed under a key of their own (``query_subject``
in the event), so they can be destroyed alone. When a subject is shredded,
``words_naming`` reads every search still readable from the ledger, opens
its words with the organisation's key and compares them with the subject's
opened values (``names_any``); the keys of those that name it are destroyed
in the same transaction and listed in the signed ``subject.shredded``
event, and the audit shows "words destroyed with subject X". This needs no
list of who a search named, kept at search time (which would itself say
who was searched for, and miss a search made before its subject was
recorded), and no purge job that an operator could skip: it runs inside
``sabt shred``, reads the ledger rather than the tables, and costs one
unwrap per search, only when something is shredded. It cannot reach words
typed after the shred: the name is gone, there is nothing to compare with.
The comparison errs towards destroying: a search sharing one word of three
letters or more, one consonant skeleton (so "Zarmeena" and "زرمینه" name
"Zarmina"), or six digits in a row with any sealed value names the subject.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
import uuid
from collections.abc import Sequence

from django.db.models import QuerySet
from django.http import HttpRequest

from sabt.access.models import ReadAudit
from sabt.ledger import Event
from sabt.ledger.sealing import CannotOpen, open_value, unwrap_data_key
from sabt.ledger_store.keyring import open_field, seal_fields
from sabt.ledger_store.models import LedgerEvent, SubjectKey
from sabt.ledger_store.org_key import org_private_key
from sabt.ledger_store.recording import record_event
from sabt.names.persons import person_name

AUDIT_NAMESPACE = uuid.UUID("5ab7a0d1-7e6d-4c1e-9a57-2f0c6e3b9a10")
QUERY_FIELD = "query"
# How much two texts must share for one to name what the other holds.
_SHORTEST_WORD = 3
_SHORTEST_DIGITS = 6


def audit_record(username: str, day: datetime.date) -> str:
    """The record holding one user's audited reads of one (UTC) day."""
    return str(uuid.uuid5(AUDIT_NAMESPACE, f"{username}/{day.isoformat()}"))


def record_read(
    *,
    username: str,
    action: str,
    target: str = "",
    target_type: str = "",
    detail: str = "",
    query: str = "",
    request: HttpRequest | None = None,
) -> Event:
    """Record one read; call it in the request that shows what was read."""
    if action not in ReadAudit.Action.values:
        raise ValueError(f"unknown audited action {action!r}")
    record = audit_record(username, datetime.datetime.now(datetime.UTC).date())
    body: dict[str, object] = {
        "actor": username,
        "action": action,
        "target": target,
        "target_type": target_type,
        "detail": detail[:200],
        "address": _address(request),
    }
    if query:
        words_key = str(uuid.uuid4())
        body["query_subject"] = words_key
        body["sealed"] = seal_fields(words_key, {QUERY_FIELD: query})
    return record_event(type="audit.read", record=record, body=body)


def record_search(
    *, username: str, text: str, over: str, request: HttpRequest | None
) -> None:
    """Record a search for ``text`` over ``over`` (e.g. "incident"), if any."""
    if text.strip():
        record_read(
            username=username,
            action="searched",
            target_type=over,
            query=text.strip(),
            request=request,
        )


def query_of(entry: ReadAudit) -> str | None:
    """The words of an audited search, opened for an admin's audit page.

    None when there are none, or they were destroyed with a subject.
    """
    if not entry.query_token or entry.query_destroyed_with:
        return None
    key = entry.query_subject or entry.record
    return open_field(key, QUERY_FIELD, entry.query_token, org_private_key())


def words_naming(subject: str, values: Sequence[str]) -> list[str]:
    """Keys of audited searches whose words name any of ``values``.

    ``values`` are the subject's opened sealed fields. Reads ``audit.read``
    events from the ledger; searches whose words are destroyed already are
    skipped. Raises OrgKeyLocked.
    """
    sealing: dict[str, str] = {}
    searches = LedgerEvent.objects.filter(type="audit.read").values_list(
        "record", "payload"
    )
    for record, payload in searches.iterator(chunk_size=2000):
        body = json.loads(payload)["body"]
        token = body.get("sealed", {}).get(QUERY_FIELD)
        if token:
            # Searches before per-search keys share their day's record key.
            sealing[token] = body.get("query_subject") or record
    keys = set(sealing.values())
    # Every live key, filtered here: an IN list of every search would pass
    # SQLite's limit on bound values.
    live = SubjectKey.objects.filter(wrapped_key__isnull=False).values_list(
        "subject", "wrapped_key"
    )
    wrapped = {
        key: bytes(value)
        for key, value in live.iterator(chunk_size=2000)
        if key in keys and value is not None
    }
    private = org_private_key()
    marks = _marks(values)
    found: list[str] = []
    for token, key in sealing.items():
        if key not in wrapped or key in found:
            continue
        try:
            data_key = unwrap_data_key(private, wrapped[key])
            words = open_value(data_key, token, subject=key, field=QUERY_FIELD)
        except CannotOpen:
            continue  # opens for nobody: nothing to destroy
        if _marks([words]) & marks:
            found.append(key)
    return found


def names_any(words: str, values: Sequence[str]) -> bool:
    """True if ``words`` share a name word, skeleton or digit run with ``values``."""
    return bool(_marks([words]) & _marks(values))


def _marks(texts: Sequence[str]) -> set[str]:
    """What identifies a name or contact in texts, spelled one way."""
    marks: set[str] = set()
    for text in texts:
        name = person_name(text)
        marks |= {f"w:{t}" for t in name.tokens if len(t) >= _SHORTEST_WORD}
        marks |= {f"s:{s}" for s in name.token_skeletons if len(s) >= _SHORTEST_WORD}
        digits = "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())
        marks |= {
            f"d:{digits[i : i + _SHORTEST_DIGITS]}"
            for i in range(len(digits) - _SHORTEST_DIGITS + 1)
        }
    return marks


def entries(
    *, actor: str = "", action: str = "", target: str = ""
) -> QuerySet[ReadAudit]:
    """Audit entries, newest first, narrowed by whichever filters are given."""
    rows = ReadAudit.objects.all()
    if actor:
        rows = rows.filter(actor=actor)
    if action:
        rows = rows.filter(action=action)
    if target:
        rows = rows.filter(target=target)
    return rows


def _address(request: HttpRequest | None) -> str:
    # REMOTE_ADDR only: a forwarded-for header is whatever the client says.
    if request is None:
        return "command line"
    return str(request.META.get("REMOTE_ADDR", ""))[:64]
