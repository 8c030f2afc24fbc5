"""PostgreSQL: keep each incident's text-search vector in a stored column.

The GIN index of 0002 was over an expression, so every row a query checked
outside the index (the capped count, a page ordered by date) recomputed
``to_tsvector``. A generated column computes it once, when the row is
written; the column lives outside the Django model, which never writes it.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "DROP INDEX IF EXISTS records_incident_search",
    "ALTER TABLE records_incident ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS"
    " (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED",
    "CREATE INDEX records_incident_search ON records_incident"
    " USING GIN (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS records_incident_search",
    "ALTER TABLE records_incident DROP COLUMN search_vector",
    "CREATE INDEX records_incident_search ON records_incident USING GIN "
    "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0005_incident_search_id")]
    operations = [
        migrations.RunPython(
            run_on_postgresql(POSTGRESQL_FORWARD),
            run_on_postgresql(POSTGRESQL_BACKWARD),
        )
    ]
