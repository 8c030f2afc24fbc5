"""SQLite: a view of the full-text index's vocabulary (``records.fts_terms``).

It stores nothing: FTS5 reads it from the index. PostgreSQL needs none.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE records_incident_fts_terms"
    " USING fts5vocab(records_incident_fts, row)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE records_incident_fts_terms")


class Migration(migrations.Migration):
    dependencies = [("records", "0011_incidentplace_case")]
    operations = [migrations.RunPython(create, drop)]
