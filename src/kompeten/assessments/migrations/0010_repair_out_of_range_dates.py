import datetime

from django.db import migrations

from kompeten.assessments.repairs import repair_consent_times


def repair(apps, schema_editor):
    repair_consent_times(
        consent_model=apps.get_model("assessments", "Consent"),
        session_model=apps.get_model("assessments", "AssessmentSession"),
        audit_model=apps.get_model("core", "AuditEvent"),
        today=datetime.date.today(),
    )


class Migration(migrations.Migration):
    """FR.AK.01 agreed times stored out of range before the form checked them (see assessments/repairs.py)."""

    dependencies = [
        ("assessments", "0009_assessmentsession_session_latest_first"),
        ("core", "0003_notification"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
