"""Full-text search structures, which differ by database.

SQLite: an FTS5 table the projector fills. PostgreSQL: a GIN index over the
same expression ``records.search`` queries with.
"""

from __future__ import annotations

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE records_incident_fts USING fts5("
    "record UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
)
POSTGRESQL_CREATE = (
    "CREATE INDEX records_incident_search ON records_incident USING GIN "
    "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE records_incident_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX records_incident_search")


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
