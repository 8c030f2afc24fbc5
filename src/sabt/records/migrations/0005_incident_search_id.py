"""Number incidents for SQLite's full-text index, and key the index by them.

The index of 0002 held each incident's record id as an unindexed column, so a
search read one stored row per match. Its rowid is now the incident's
``search_id``, which the index's own lists hold.
"""

from django.db import migrations, models

SQLITE_DROP = "DROP TABLE IF EXISTS records_incident_fts"
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE records_incident_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_FILL = (
    "INSERT INTO records_incident_fts (rowid, body) "
    "SELECT search_id, search_text FROM records_incident"
)
SQLITE_CREATE_0002 = (
    "CREATE VIRTUAL TABLE records_incident_fts USING fts5("
    "record UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_FILL_0002 = (
    "INSERT INTO records_incident_fts (record, body) "
    "SELECT record, search_text FROM records_incident"
)


def number_incidents(apps, schema_editor):
    incident = apps.get_model("records", "Incident")
    ordered = incident.objects.order_by("created_at", "record")
    for number, row in enumerate(ordered.iterator(), start=1):
        row.search_id = number
        row.save(update_fields=["search_id"])


def rekey_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in (SQLITE_DROP, SQLITE_CREATE, SQLITE_FILL):
            schema_editor.execute(statement)


def restore_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in (SQLITE_DROP, SQLITE_CREATE_0002, SQLITE_FILL_0002):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("records", "0004_incidentplace_dates_copy")]
    operations = [
        migrations.AddField(
            model_name="incident",
            name="search_id",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(number_incidents, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="incident",
            name="search_id",
            field=models.PositiveBigIntegerField(editable=False, unique=True),
        ),
        migrations.RunPython(rekey_index, restore_index),
    ]
