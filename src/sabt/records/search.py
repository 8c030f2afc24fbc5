"""Full-text search over incidents: SQLite FTS5, PostgreSQL text search.

The projector calls ``index_incident`` whenever an incident's searchable text
changes. SQLite keeps a separate FTS5 table (created by migration 0005) whose
rowid is the incident's ``search_id``: a search reads only the index's lists
of rowids, never its rows. PostgreSQL keeps a generated
``search_vector`` column with a GIN index (migration 0006), so it needs no
extra writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from django.db import connection
from django.db.models import BooleanField, Max, QuerySet
from django.db.models.expressions import RawSQL

from sabt.records.fts_terms import prefix_terms
from sabt.records.models import Incident
from sabt.records.spelling_search import SpellingQuery, spelling_query

FTS_TABLE = "records_incident_fts"
# The PostgreSQL text-search configuration: "simple" neither stems nor drops
# stop words, so Dari, Pashto and English words all match as written.
TS_CONFIG = "simple"
# Past this many matches, SQLite reads a list newest first and keeps the
# matching rows (a common word fills a page within a few hundred rows);
# below it, it reads the matches and sorts them (a rare word has few).
COMMON_MATCHES = 2000
# Past this share of all incidents (1 in SHARE_OF_MOST), checking a row costs
# less than gathering every match first.
SHARE_OF_MOST = 10
PREFIX_MARK = "*"  # FTS5's prefix query; words and keys never hold one
# "+": an incident's row in the index, kept from being used to start at.
SEARCH_ID = '+"records_incident"."search_id"'


def next_search_id() -> int:
    """Return the number a new incident takes as its row in the SQLite index.

    Numbers follow the order incidents were reported, so a rebuild, which
    replays the log in order, gives every incident the same number again.
    """
    highest = Incident.objects.aggregate(highest=Max("search_id"))["highest"]
    return (highest or 0) + 1


def index_incident(incident: Incident) -> None:
    """Store the incident's searchable text where the database searches it."""
    index_incidents([incident])


def index_incidents(incidents: Sequence[Incident]) -> None:
    """Index or re-index many incidents at once (imports, benchmarks)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
            [[incident.search_id] for incident in incidents],
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (%s, %s)",  # noqa: S608
            [[incident.search_id, incident.search_text] for incident in incidents],
        )


def clear_search_index() -> None:
    """Empty the SQLite index (rebuild refills it by replaying incidents)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608


def search_incidents(incidents: QuerySet[Incident], text: str) -> QuerySet[Incident]:
    """Narrow ``incidents`` to those whose text has every word of ``text``.

    Words are matched whole, the last one also as a prefix; a word also
    matches any spelling of the same place (``records.spelling_search``).
    Punctuation and query operators are ignored, so no input can break the
    query.
    """
    query = spelling_query(text)
    if not query.words:
        return incidents
    if connection.vendor == "sqlite":
        # The match expression is a bound parameter, never part of the SQL.
        # Rowids come straight from the index's lists: no row is read.
        expression = _fts_expression(query)
        matching = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        found = _how_common(expression)
        if found is Matches.FEW:
            return incidents.filter(search_id__in=RawSQL(matching, [expression]))  # noqa: S611
        # Sorting tens of thousands of matches, each row read for its date,
        # cost more than a second at 100,000 incidents. SQLite walks the
        # list's own index in order instead and stops when the page is full,
        # checking each incident: against all matches gathered once ("+"
        # keeps SQLite from starting at them), or, when they are very many
        # and every word is spelled out, with one lookup per word.
        check = (
            f"EXISTS ({matching} AND rowid = {SEARCH_ID})"
            if found is Matches.MOST
            else f"{SEARCH_ID} IN ({matching})"
        )
        common = RawSQL(check, [expression], output_field=BooleanField())  # noqa: S611
        return incidents.alias(matches_text=common).filter(matches_text=True)
    # search_vector is PostgreSQL's stored column (migration 0006); the query
    # text is a bound parameter, and to_tsquery only sees words, keys, ":*",
    # "&", "|" and parentheses.
    matches = RawSQL(  # noqa: S611
        f'"records_incident"."search_vector" @@ to_tsquery(\'{TS_CONFIG}\', %s)',
        [_tsquery_expression(query)],
        output_field=BooleanField(),
    )
    return incidents.alias(matches_text=matches).filter(matches_text=True)


def count_matching(incidents: QuerySet[Incident], text: str, cap: int) -> int:
    """Count what ``search_incidents`` keeps of ``incidents``, up to ``cap`` + 1.

    A result above ``cap`` means "more than cap", as ``filters.capped_count``.
    """
    query = spelling_query(text)
    rows = incidents
    if connection.vendor != "sqlite" or not query.words:
        rows = search_incidents(incidents, text)
    else:
        # The page reads the list's index in order and checks each row
        # against the matches; a count needs no order, so it starts at the
        # word's own list in the index and looks each incident up by its
        # row there, stopping at the cap: nothing is materialised.
        rows = incidents.extra(  # noqa: S610  (a join Django cannot spell)
            tables=[FTS_TABLE],
            where=[
                f'{FTS_TABLE}.rowid = "records_incident"."search_id"',
                f"{FTS_TABLE} MATCH %s",
            ],
            params=[_fts_expression(query)],
        )
    return rows.order_by()[: cap + 1].count()


class Matches(Enum):
    """How many incidents a search matches, as its plan depends on it."""

    FEW = "few"  # up to COMMON_MATCHES: gather them and sort them
    MANY = "many"  # gather them, and check the list's rows against them
    MOST = "most"  # a share of all, spelled out: look each row up instead


def _how_common(expression: str) -> Matches:
    """Count matches, in any case, as far as telling the plans apart needs."""
    most_above = COMMON_MATCHES
    spelled_out = PREFIX_MARK not in expression
    if spelled_out:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(rowid) FROM {FTS_TABLE}")  # noqa: S608
            (highest,) = cursor.fetchone()
        most_above = max(most_above, (highest or 0) // SHARE_OF_MOST)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE}"  # noqa: S608
            f" WHERE {FTS_TABLE} MATCH %s LIMIT %s)",
            [expression, most_above + 1],
        )
        (count,) = cursor.fetchone()
    if count <= COMMON_MATCHES:
        return Matches.FEW
    return Matches.MOST if spelled_out and count > most_above else Matches.MANY


def _fts_expression(query: SpellingQuery) -> str:
    """The MATCH text; the last word also as a prefix, spelled out if it can."""
    last = len(query.words) - 1
    groups = []
    for at, (word, keys) in enumerate(query.words):
        typed = [f'"{word}"']
        if at == last:
            begun = prefix_terms(word)
            typed = (
                [f'"{word}"{PREFIX_MARK}'] if not begun else [f'"{t}"' for t in begun]
            )
        groups.append("(" + " OR ".join([*typed, *(f'"{k}"' for k in keys)]) + ")")
    words = " AND ".join(groups)
    return f'({words}) OR "{query.whole_place}"' if query.whole_place else words


def _tsquery_expression(query: SpellingQuery) -> str:
    groups = [
        "(" + " | ".join([f"{word}:*", *keys]) + ")" for word, keys in query.words
    ]
    words = " & ".join(groups)
    return f"({words}) | {query.whole_place}" if query.whole_place else words
