from django.db import migrations

from sabt.access.seeds import is_sealed, open_seed, seal_seed


def seal_seeds(apps, schema_editor):
    """Seal every seed django-otp stored in clear."""
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.all():
        if not is_sealed(device.key):
            sealed = seal_seed(bytes.fromhex(device.key), device.user_id)
            TOTPDevice.objects.filter(pk=device.pk).update(key=sealed)


def open_seeds(apps, schema_editor):
    """Put the seeds back in clear, for django-otp without sabt."""
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.all():
        if is_sealed(device.key):
            seed = open_seed(device.key, device.user_id)
            TOTPDevice.objects.filter(pk=device.pk).update(key=seed.hex())


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0006_api_token_expiry"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="SealedTOTPDevice",
            fields=[],
            options={
                "verbose_name": "TOTP device (sealed seed)",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("otp_totp.totpdevice",),
        ),
        migrations.RunPython(seal_seeds, open_seeds),
    ]
