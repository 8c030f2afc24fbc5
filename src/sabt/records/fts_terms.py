"""The words of SQLite's full-text index that a typed word begins.

FTS5 answers a prefix query ("shel"*) by merging the lists of every word
that begins with it into one list in memory, however few matches are
wanted: for a word found in most incidents, each check of one incident
costs as much as reading them all. Asked for the same words one by one
("shelling" OR "shelled"), it reads their lists lazily, so checking one
incident costs a few lookups. The words come from the index's vocabulary
(migration 0012), after the typed word is folded by the index's own
tokenizer, so the two always agree.
"""

from __future__ import annotations

from django.db import connection

from sabt.ledger_store.models import LedgerEvent

# The index's tokenizer, as migration 0005 created it.
TOKENIZER = "unicode61 remove_diacritics 2"
TERMS_TABLE = "records_incident_fts_terms"
# Past this many words a prefix is too short to be worth spelling out.
MOST_TERMS = 24
REMEMBERED = 256
_remembered: dict[tuple[str, str], tuple[str, ...] | None] = {}
# Above every character: a prefix's words sort between it and it + this.
_AFTER_ALL = "\U0010ffff"


def prefix_terms(word: str) -> tuple[str, ...] | None:
    """Every indexed word that begins with ``word``, as the index folds it.

    None if the tokenizer does not keep ``word`` as one word, or if more
    than ``MOST_TERMS`` words begin with it: the caller keeps the prefix.
    Answers are remembered until another event is the ledger's newest:
    every change to the index is an event's, and a common word's
    vocabulary costs as much to read as its matches.
    """
    events = LedgerEvent.objects.order_by("-log_index")
    key = (word, events.values_list("event_id", flat=True).first() or "")
    if key not in _remembered:
        if len(_remembered) >= REMEMBERED:
            _remembered.clear()
        _remembered[key] = _prefix_terms(word)
    return _remembered[key]


def _prefix_terms(word: str) -> tuple[str, ...] | None:
    folded = _folded(word)
    if folded is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM {TERMS_TABLE}"  # noqa: S608  (a constant name)
            " WHERE term >= %s AND term < %s LIMIT %s",
            [folded, folded + _AFTER_ALL, MOST_TERMS + 1],
        )
        terms = tuple(term for (term,) in cursor.fetchall())
    return terms if len(terms) <= MOST_TERMS else None


def _folded(word: str) -> str | None:
    """``word`` as the index's tokenizer writes it, if it stays one word.

    A scratch index in this connection's temporary database tokenizes it:
    no copy of the tokenizer's folding rules to drift from its own.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sabt_fold"
            f" USING fts5(body, tokenize = '{TOKENIZER}')"
        )
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sabt_fold_terms"
            " USING fts5vocab(temp, sabt_fold, row)"
        )
        cursor.execute("DELETE FROM temp.sabt_fold")
        cursor.execute("INSERT INTO temp.sabt_fold (body) VALUES (%s)", [word])
        cursor.execute("SELECT term FROM temp.sabt_fold_terms")
        terms = [term for (term,) in cursor.fetchall()]
    return terms[0] if len(terms) == 1 else None
