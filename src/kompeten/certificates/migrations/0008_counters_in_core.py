"""The certificate counters move to core's counters (``certificate:<year>``), which every reference uses."""

from django.db import migrations


def to_core(apps, schema_editor):
    old = apps.get_model("certificates", "CertificateCounter")
    new = apps.get_model("core", "Counter")
    for counter in old.objects.all():
        new.objects.update_or_create(key=f"certificate:{counter.key}", defaults={"last": counter.last})


def to_certificates(apps, schema_editor):
    old = apps.get_model("certificates", "CertificateCounter")
    new = apps.get_model("core", "Counter")
    for counter in new.objects.filter(key__startswith="certificate:"):
        old.objects.update_or_create(key=counter.key.split(":", 1)[1], defaults={"last": counter.last})


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0007_certificate_certificate_latest_first"),
        ("core", "0004_counter_worker_heartbeat"),
    ]

    operations = [
        migrations.RunPython(to_core, to_certificates),
        migrations.DeleteModel(name="CertificateCounter"),
    ]
