"""Subjects' data keys: create, use to seal and open, and destroy (shred).

Each subject (the record whose fields are sealed) has one 32-byte data key,
stored only wrapped to the organisation's public key in ``SubjectKey``.
Shredding clears that row and records a signed ``subject.shredded`` event:
the sealed fields then open nowhere, while every signature still verifies,
because signatures cover ciphertext (DESIGN.md "The event").

Other keys may seal words that name the subject: an audited search for
"Zarmina" names the source Zarmina although it is sealed under its own key.
Apps register a finder (``register_naming_finder``) that, given the
subject's opened values, returns the keys sealing anything that names it;
``shred`` destroys those keys in the same transaction and lists them in
the signed event. The subject's values are read from the ledger, not the
tables, so an edited projection cannot hide a value from the search.

The freed bytes are then purged from the database files: SQLite overwrites
deleted content (``secure_delete``) and folds its write-ahead log back into
the database file, truncating it. PostgreSQL rewrites the table
(``VACUUM FULL``), so the old row version is gone from the data files, then
switches to a new WAL segment and checkpoints, so the segments holding the
key's row are no longer needed and are removed; with ``wal_recycle = on``
they would be renamed for reuse with their content intact, and archiving,
``wal_keep_size`` or a replication slot keep them too: ``wal_retention``
names what keeps them, and the purge then reports itself incomplete.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from nacl.public import PrivateKey

from sabt.ledger.sealing import (
    CannotOpen,
    SealingError,
    generate_data_key,
    open_value,
    seal_value,
    unwrap_data_key,
    wrap_data_key,
)
from sabt.ledger_store.models import LedgerEvent, SubjectKey
from sabt.ledger_store.org_key import org_private_key, org_public_key
from sabt.ledger_store.recording import record_event
from sabt.ledger_store.store import OrmEventStore

logger = logging.getLogger(__name__)

SHREDDED_EVENT = "subject.shredded"
TABLE = "ledger_store_subjectkey"
# A reader holding an old snapshot keeps SQLite from truncating its log; such
# reads are short, so a few tries a moment apart usually get through.
_CHECKPOINT_TRIES = 5
_CHECKPOINT_PAUSE = 0.2
_BATCH = 500


# Given the subject and every value sealed for it, opened, return the keys
# (subject ids in SubjectKey) of sealed data that names it.
NamingFinder = Callable[[str, Sequence[str]], list[str]]
_naming_finders: list[NamingFinder] = []


def register_naming_finder(finder: NamingFinder) -> None:
    """Have ``shred`` destroy, with a subject, the keys ``finder`` names."""
    if finder not in _naming_finders:
        _naming_finders.append(finder)


class UnknownSubject(SealingError):
    """No data key for this subject was ever made on this node."""


class SubjectShredded(SealingError):
    """The subject's data key was destroyed: its sealed fields open nowhere."""


def data_key_for(subject: str, *, create: bool) -> bytes:
    """Return the subject's data key, making and storing one if ``create``.

    A new key is stored wrapped to the organisation's public key, which is
    all a field kit needs; an existing one is unwrapped with the private key.
    Call inside the transaction that records the sealed values. Raises
    UnknownSubject, SubjectShredded, OrgKeyLocked, or KeyFileError when
    this node has no organisation public key.
    """
    row = SubjectKey.objects.filter(pk=subject).first()
    if row is None:
        if not create:
            raise UnknownSubject(f"no data key for subject {subject}")
        data_key = generate_data_key()
        wrapped = wrap_data_key(org_public_key(), data_key)
        SubjectKey.objects.create(subject=subject, wrapped_key=wrapped)
        return data_key
    if row.wrapped_key is None:
        raise SubjectShredded(f"the identity of subject {subject} was destroyed")
    return unwrap_data_key(org_private_key(), bytes(row.wrapped_key))


def seal_fields(subject: str, values: Mapping[str, str]) -> dict[str, str]:
    """Seal each non-empty value under the subject's data key.

    Returns ``{field: token}`` for an event's ``body.sealed`` (empty if every
    value is empty, and then no key is made). Raises as ``data_key_for``.
    """
    present = {field: value for field, value in values.items() if value}
    if not present:
        return {}
    data_key = data_key_for(subject, create=True)
    return {
        field: seal_value(data_key, value, subject=subject, field=field)
        for field, value in sorted(present.items())
    }


def open_field(
    subject: str, field: str, token: str, org_private: PrivateKey
) -> str | None:
    """Open one sealed field of a subject; None if its key was shredded.

    Raises UnknownSubject if this node holds no key for the subject, and
    CannotOpen if the token or the wrapped key does not open.
    """
    row = SubjectKey.objects.filter(pk=subject).first()
    if row is None:
        raise UnknownSubject(f"no data key for subject {subject} on this node")
    if row.wrapped_key is None:
        return None
    data_key = unwrap_data_key(org_private, bytes(row.wrapped_key))
    return open_value(data_key, token, subject=subject, field=field)


def reveal_field(
    subject: str, tokens: Mapping[str, str], field: str, *, destroyed: bool
) -> str | None:
    """Open ``field`` of a record's sealed tokens with the unlocked org key.

    None when the field was never recorded or its key was destroyed. Raises
    OrgKeyLocked, UnknownSubject or CannotOpen.
    """
    token = tokens.get(field)
    if not token or destroyed:
        return None
    return open_field(subject, field, token, org_private_key())


def is_shredded(subject: str) -> bool:
    """True if the subject's data key was destroyed."""
    return SubjectKey.objects.filter(pk=subject, wrapped_key__isnull=True).exists()


@dataclass(frozen=True)
class Shredding:
    """What ``shred`` did: the signed event, and whether the bytes are purged.

    ``purged`` is None when ``shred`` ran inside a caller's transaction: the
    purge runs once that commits.
    """

    subject: str
    event_id: str
    at: datetime.datetime
    by: str
    purged: bool | None
    # Keys of other sealed data that named the subject (search words).
    destroyed_with: tuple[str, ...] = ()
    # Why the purge is incomplete, when it is (``wal_retention``).
    lingering: tuple[str, ...] = ()


def shred(subject: str, *, actor: str, reason: str) -> Shredding:
    """Destroy the subject's data key and record who did it, when and why.

    Opens every value sealed for the subject (from the ledger) and asks the
    registered finders which other keys seal words naming it; clears the
    subject's wrapped key and theirs and signs a ``subject.shredded`` event
    on the subject's record listing those keys (``search_words``), in one
    transaction under the ledger's lock, so no search recorded meanwhile is
    missed. Then purges the freed bytes from the database files
    (``purge_freed_space``) once that commits. Raises UnknownSubject,
    SubjectShredded, or OrgKeyLocked (the key is needed to read what names
    the subject), changing nothing.
    """
    subject = _subject_id(subject)
    with transaction.atomic():
        OrmEventStore().lock()
        row = SubjectKey.objects.select_for_update().filter(pk=subject).first()
        if row is None:
            raise UnknownSubject(f"no data key for subject {subject}")
        if row.wrapped_key is None:
            shredded_on = f"{row.shredded_at:%Y-%m-%d}"
            raise SubjectShredded(
                f"the identity of subject {subject} was destroyed already, "
                f"on {shredded_on} by {row.shredded_by}"
            )
        values = _sealed_values(subject, bytes(row.wrapped_key))
        naming = _keys_naming(subject, values)
        event = record_event(
            type=SHREDDED_EVENT,
            record=subject,
            body={"actor": actor, "reason": reason, "search_words": naming},
        )
        at = datetime.datetime.fromisoformat(event.at)
        with _secure_delete():
            for batch in _batches([subject, *naming]):
                SubjectKey.objects.filter(pk__in=batch).update(
                    wrapped_key=None, shredded_at=at, shredded_by=actor
                )
    purged: bool | None
    lingering: tuple[str, ...] = ()
    if connection.in_atomic_block:
        transaction.on_commit(purge_freed_space)
        purged = None
    else:
        lingering = tuple(_purge())
        purged = not lingering
    return Shredding(subject, event.id, at, actor, purged, tuple(naming), lingering)


def _sealed_values(subject: str, wrapped: bytes) -> list[str]:
    """Every value ever sealed for the subject, opened, read from the ledger."""
    data_key = unwrap_data_key(org_private_key(), wrapped)
    payloads = LedgerEvent.objects.filter(record=subject).values_list(
        "payload", flat=True
    )
    values: list[str] = []
    for payload in payloads.iterator(chunk_size=2000):
        sealed = json.loads(payload).get("body", {}).get("sealed", {})
        for name, token in sorted(sealed.items()):
            # A token that does not open names nobody; it must not stop a shred.
            with contextlib.suppress(CannotOpen):
                values.append(open_value(data_key, token, subject=subject, field=name))
    return values


def _keys_naming(subject: str, values: Sequence[str]) -> list[str]:
    """Keys, other than the subject's, sealing words that name the subject."""
    found: set[str] = set()
    if values:
        for finder in _naming_finders:
            found.update(finder(subject, values))
    found.discard(subject)
    live: list[str] = []
    for batch in _batches(sorted(found)):
        rows = SubjectKey.objects.filter(pk__in=batch, wrapped_key__isnull=False)
        live.extend(rows.values_list("subject", flat=True))
    return sorted(live)


def _batches(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    """Keys in slices small enough for any database's IN list."""
    for start in range(0, len(keys), _BATCH):
        yield keys[start : start + _BATCH]


def purge_freed_space() -> bool:
    """Remove deleted key bytes from the database files; True if complete.

    SQLite: fold the write-ahead log into the database and truncate it
    (deleted content was overwritten with zeros under ``secure_delete``).
    PostgreSQL: ``VACUUM FULL`` the key table, which writes its live rows to
    new files and unlinks the old ones; then a WAL switch and a checkpoint,
    after which the segments holding the old row are removed, unless
    ``wal_retention`` names something keeping them (then False). The
    switch needs ``pg_switch_wal`` and the checkpoint ``pg_checkpoint``
    (README, "PostgreSQL"); without them, False. Must run outside a
    transaction. Copies made before (backups, replicas, a WAL archive) keep
    the key: shredding reaches what is stored from now on.
    """
    return not _purge()


def _purge() -> list[str]:
    """Purge as ``purge_freed_space``; return why it is incomplete, if it is."""
    if connection.vendor == "sqlite":
        if _checkpoint_sqlite():
            return []
        return ["the write-ahead log is in use: it is folded in at the next checkpoint"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM FULL {TABLE}")
        if not _push_out_wal():
            return [
                "this database role may not switch WAL segments or checkpoint: "
                "the key stays in pg_wal until PostgreSQL removes the segment"
            ]
        return wal_retention()
    return [f"no purge is known for {connection.vendor}"]


def wal_retention() -> list[str]:
    """What keeps old WAL segments (and a destroyed key in them) on PostgreSQL.

    Each is a setting to change, in words for the operator; an empty list
    means a checkpoint removes every segment before its redo point.
    """
    reasons: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('wal_recycle'), current_setting('wal_keep_size'),"
            " current_setting('archive_mode'),"
            " (SELECT count(*) FROM pg_replication_slots)"
        )
        recycle, keep, archive, slots = cursor.fetchone()
    if recycle == "on":
        reasons.append("wal_recycle is on: old WAL segments are reused, not removed")
    if keep not in ("0", "0MB", "0kB"):
        reasons.append(f"wal_keep_size is {keep}: old WAL segments are kept")
    if archive != "off":
        reasons.append("archive_mode is on: WAL segments are copied to an archive")
    if slots:
        reasons.append(f"{slots} replication slot(s) keep old WAL segments")
    return reasons


def _push_out_wal() -> bool:
    """Start a new WAL segment and checkpoint, so older segments go.

    Twice: the first checkpoint may start while the segment of the VACUUM
    is still the redo point's; after the second, the redo point lies in a
    segment written after the shred.
    """
    try:
        with connection.cursor() as cursor:
            for _ in range(2):
                cursor.execute("SELECT pg_switch_wal()")
                cursor.execute("CHECKPOINT")
    except DatabaseError:
        return False
    return True


def _checkpoint_sqlite() -> bool:
    for attempt in range(_CHECKPOINT_TRIES):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _log, _done = cursor.fetchone()
        if not busy:
            return True
        if attempt + 1 < _CHECKPOINT_TRIES:
            time.sleep(_CHECKPOINT_PAUSE)
    logger.warning("the write-ahead log is still in use; it will be folded in later")
    return False


@contextlib.contextmanager
def _secure_delete() -> Iterator[None]:
    """On SQLite, overwrite deleted content with zeros while the block runs."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA secure_delete = {previous:d}")


def _subject_id(subject: str) -> str:
    """A subject is a record id: a lowercase UUID."""
    try:
        if str(uuid.UUID(subject)) == subject:
            return subject
    except (ValueError, TypeError, AttributeError):
        pass
    raise UnknownSubject(f"{subject!r} is not a record id (a lowercase UUID)")
