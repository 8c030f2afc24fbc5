from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="note",
            name="case",
            field=models.CharField(db_index=True, default="default", max_length=60),
        ),
    ]
