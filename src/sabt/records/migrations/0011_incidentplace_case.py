"""Copy each incident's case onto its places.

One UPDATE in the database, not a loop over rows in Python.
"""

from django.db import migrations, models

import sabt.core.cases

COPY_CASES = (
    'UPDATE records_incidentplace SET "case" = ('
    'SELECT "case" FROM records_incident'
    " WHERE records_incident.record = records_incidentplace.incident_id)"
)


class Migration(migrations.Migration):
    dependencies = [("records", "0010_incident_case_newest")]

    operations = [
        migrations.AddField(
            model_name="incidentplace",
            name="case",
            field=models.CharField(default=sabt.core.cases.DEFAULT_CASE, max_length=60),
        ),
        migrations.RunSQL(COPY_CASES, migrations.RunSQL.noop),
    ]
