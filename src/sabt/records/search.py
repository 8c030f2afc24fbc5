"""Full-text search over incidents: SQLite FTS5, PostgreSQL text search.

The projector calls ``index_incident`` whenever an incident's searchable text
changes. SQLite keeps a separate FTS5 table (created by migration 0002);
PostgreSQL reads ``search_text`` through a GIN expression index, so it needs
no extra writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from sabt.records.models import Incident

FTS_TABLE = "records_incident_fts"
# The PostgreSQL text-search configuration: "simple" neither stems nor drops
# stop words, so Dari, Pashto and English words all match as written.
TS_CONFIG = "simple"
_WORD = re.compile(r"\w+", re.UNICODE)


def index_incident(incident: Incident, *, is_new: bool) -> None:
    """Store the incident's searchable text where the database searches it."""
    index_incidents([incident], are_new=is_new)


def index_incidents(incidents: Sequence[Incident], *, are_new: bool) -> None:
    """Index many incidents at once (imports, benchmarks).

    Replacing an entry scans the FTS table (its record column cannot be
    indexed), so new incidents skip that step; only a changed place does it.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if not are_new:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE record = %s",  # noqa: S608
                [[incident.record] for incident in incidents],
            )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (record, body) VALUES (%s, %s)",  # noqa: S608
            [[incident.record, incident.search_text] for incident in incidents],
        )


def clear_search_index() -> None:
    """Empty the SQLite index (rebuild refills it by replaying incidents)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608


def search_incidents(incidents: QuerySet[Incident], text: str) -> QuerySet[Incident]:
    """Narrow ``incidents`` to those whose text has every word of ``text``.

    Words are matched whole, the last one also as a prefix; punctuation and
    query operators are ignored, so no input can break the query.
    """
    words = _WORD.findall(text)
    if not words:
        return incidents
    if connection.vendor == "sqlite":
        terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
        # The match expression is a bound parameter, never part of the SQL.
        matching = RawSQL(  # noqa: S611
            f"SELECT record FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [" ".join(terms)],
        )
        return incidents.filter(record__in=matching)
    query = SearchQuery(
        " & ".join(f"{w}:*" for w in words), config=TS_CONFIG, search_type="raw"
    )
    vector = SearchVector("search_text", config=TS_CONFIG)
    return incidents.annotate(search=vector).filter(search=query)
