"""PostgreSQL: keep ten times the default statistics on the search words.

With the default, the planner knew only the commonest words, and took any
other for one found in about 1,400 of a million incidents. It then read
the list newest first testing each row, through 70,000 rows for a word in
400. SQLite needs none.
"""

from django.db import migrations

WORDS_KNOWN = 1000


def keep_more(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE records_incident ALTER COLUMN search_vector"
            f" SET STATISTICS {WORDS_KNOWN}"
        )


def keep_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE records_incident ALTER COLUMN search_vector SET STATISTICS -1"
        )


class Migration(migrations.Migration):
    dependencies = [("records", "0012_incident_fts_terms")]
    operations = [migrations.RunPython(keep_more, keep_default)]
