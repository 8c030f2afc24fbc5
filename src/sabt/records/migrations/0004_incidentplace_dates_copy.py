"""Give places recorded before 0003 their incident's dates."""

from django.db import migrations


def copy_dates(apps, schema_editor):
    incident_place = apps.get_model("records", "IncidentPlace")
    for place in incident_place.objects.select_related("incident"):
        place.date_from = place.incident.date_from
        place.date_end = place.incident.date_to or place.incident.date_from
        place.save(update_fields=["date_from", "date_end"])


class Migration(migrations.Migration):
    dependencies = [("records", "0003_incidentplace_dates")]
    operations = [migrations.RunPython(copy_dates, migrations.RunPython.noop)]
