"""Copy each incident's dates onto its places, indexed with the district."""

import datetime

from django.db import migrations, models

# Only for rows that exist already; 0004 sets their real dates.
PLACEHOLDER = datetime.date(1900, 1, 1)


class Migration(migrations.Migration):
    dependencies = [("records", "0002_incident_full_text_search")]

    operations = [
        migrations.AddField(
            model_name="incidentplace",
            name="date_from",
            field=models.DateField(default=PLACEHOLDER),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentplace",
            name="date_end",
            field=models.DateField(default=PLACEHOLDER),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="incidentplace",
            name="district",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddIndex(
            model_name="incidentplace",
            index=models.Index(
                fields=["district", "date_from", "date_end"],
                name="records_inc_distric_901488_idx",
            ),
        ),
    ]
