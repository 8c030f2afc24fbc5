from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0004_read_audit"),
    ]

    operations = [
        migrations.AddField(
            model_name="readaudit",
            name="query_subject",
            field=models.CharField(blank=True, db_index=True, max_length=36),
        ),
        migrations.AddField(
            model_name="readaudit",
            name="query_destroyed_with",
            field=models.CharField(blank=True, max_length=36),
        ),
        migrations.AddField(
            model_name="readaudit",
            name="query_destroyed_at",
            field=models.CharField(blank=True, max_length=32),
        ),
    ]
