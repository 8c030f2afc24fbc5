import datetime

from django.db import migrations, models

# Tokens issued before tokens expired live as long as a new one would.
DAYS = 90


def expire_old_tokens(apps, schema_editor):
    ApiToken = apps.get_model("access", "ApiToken")
    for token in ApiToken.objects.filter(expires__isnull=True):
        token.expires = token.created + datetime.timedelta(days=DAYS)
        token.save(update_fields=["expires"])


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_read_audit_query_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_old_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires",
            field=models.DateTimeField(),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
