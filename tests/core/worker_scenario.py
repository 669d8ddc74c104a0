"""Run beside a real worker by the fault tests (``python -m tests.core.worker_scenario <command>``), on the
database of the environment: sets up work through the services and reports its state as one JSON line.

  certificate        issue a certificate (its PDF is rendered by the worker); prints its id
  import             upload a document to import (read by the worker); prints its id
  cancel ID          cancel the import ID as the LSP admin; prints the status it ends in
  state KIND ID      the state of the certificate or import ID and of its tasks
"""

import json
import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompeten.settings")
    import django

    django.setup()


def _admin():
    from kompeten.accounts.models import Role, User
    from tests.factories import UserFactory

    return User.objects.filter(email="admin-fault@contoh.id").first() or UserFactory(
        email="admin-fault@contoh.id", roles=[Role.ADMIN_LSP]
    )


def certificate() -> int:
    from django.db import transaction

    from kompeten.cases.models import Case, CaseStatus
    from kompeten.certificates.services import certificate_issue
    from kompeten.schemes.models import SchemeStatus
    from tests.factories import SchemeFactory, UnitFactory, UserFactory

    scheme = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory(elements=1)])
    case = Case.objects.create(
        reference="APL-FAULT-1",
        asesi=UserFactory(email="asesi-fault@contoh.id", full_name="Rina Fault"),
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
        status=CaseStatus.COMPETENT,
    )
    with transaction.atomic():  # the render is queued when the issue commits, as in the app
        issued = certificate_issue(actor=_admin(), case=case)
    return issued.pk


def import_() -> int:
    from kompeten.standards.imports import import_job_create

    data = b"Standar Kompetensi Kerja Nasional Indonesia\nUnit uji coba\n"
    return import_job_create(actor=_admin(), name="uji.txt", data=data).pk


def cancel(job_id: int) -> str:
    from kompeten.standards.imports import import_job_cancel
    from kompeten.standards.models import ImportJob

    return import_job_cancel(actor=_admin(), job=ImportJob.objects.get(pk=job_id)).status


def state(kind: str, pk: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    from kompeten.certificates.models import Certificate
    from kompeten.standards.models import ImportJob

    if kind == "certificate":
        certificate = Certificate.objects.get(pk=pk)
        found = {
            "certificates": Certificate.objects.count(),
            "pdf": certificate.pdf.name,
            "pdf_is_pdf": bool(certificate.pdf) and certificate.pdf.open("rb").read(5) == b"%PDF-",
        }
        path = "kompeten.certificates.tasks.render_certificate_pdf"
    else:
        job = ImportJob.objects.get(pk=pk)
        found = {
            "status": job.status,
            "progress": job.progress,
            "error": job.error,
            "imports": ImportJob.objects.count(),
        }
        path = "kompeten.standards.tasks.parse_import_job"
    found["tasks"] = [
        {"status": task.status, "workers": len(task.worker_ids), "error": task.exception_class_path}
        for task in DBTaskResult.objects.filter(task_path=path)
    ]
    return found


def main(argv: list[str]) -> None:
    _setup()
    command = argv[0]
    if command == "certificate":
        result = certificate()
    elif command == "import":
        result = import_()
    elif command == "cancel":
        result = cancel(int(argv[1]))
    else:
        result = state(argv[1], int(argv[2]))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
