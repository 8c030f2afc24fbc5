"""Carry each place's case and incident in the district index.

A district's count read every place's row in its dates for the case and
the incident; now the index answers it alone. The lookups by district and
dates are unchanged, so the old index goes.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("gazetteer", "0001_initial"),
        ("records", "0013_incident_search_statistics"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="incidentplace",
            name="records_inc_distric_901488_idx",
        ),
        migrations.AddIndex(
            model_name="incidentplace",
            index=models.Index(
                fields=["district", "date_from", "date_end", "case", "incident"],
                name="place_district_dates",
            ),
        ),
    ]
