"""Excel imports run in the background: the upload returns at once, the worker reads the file with a progress
bar, the page shows what came of it row by row, and the import can be cancelled until it is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompeten.assessments.models import Question
from kompeten.certificates.models import Certificate
from kompeten.core import import_jobs, workbooks
from kompeten.core.import_jobs import WorkbookImport, WorkbookImportKind, workbook_import_run
from tests.assessments.test_question_bank import workbook
from tests.certificates.test_legacy_import import good_row, xlsx

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}


def questions(scheme, count=3) -> bytes:
    code = scheme.scheme_units.first().unit.code
    return workbook([[code, f"Soal {n}", "Ya", "Tidak", None, None, None, "A"] for n in range(count)])


def post_question_bank(client, scheme, data):
    return client.post(
        reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk}),
        {"file": SimpleUploadedFile("soal.xlsx", data)},
    )


def test_the_upload_returns_at_once_and_the_worker_imports_it_later(client, cast, scheme, settings):
    settings.TASKS = DUMMY  # nothing runs the task during the request
    client.force_login(cast.manajer)
    response = post_question_bank(client, scheme, questions(scheme))
    job = WorkbookImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "core:workbook_import", args=[job.pk]
    )
    assert job.status == "queued" and job.kind == WorkbookImportKind.QUESTION_BANK and job.scheme == scheme
    assert not Question.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Menunggu dibaca" in page and "<progress" in page and "Batal" in page
    assert "<progress" in client.get(reverse("core:workbook_import_progress", args=[job.pk])).content.decode()

    workbook_import_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert (job.status, job.progress, job.imported) == ("done", 100, 3)
    assert Question.objects.filter(unit__schemes=scheme).count() == 3
    done = client.get(reverse("core:workbook_import_progress", args=[job.pk]))
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    assert "3 baris diimpor." in client.get(reverse("core:workbook_import", args=[job.pk])).content.decode()


def test_the_page_lists_the_problems_of_a_refused_register_row_by_row(client, cast):
    client.force_login(cast.admin_lsp)
    bad = xlsx([good_row(1), good_row(2, holder=""), good_row(3, issued="31-02-2024")])
    response = client.post(
        reverse("certificates:legacy_import"), {"file": SimpleUploadedFile("r.xlsx", bad)}, follow=True
    )
    job = WorkbookImport.objects.get()
    assert job.status == "refused" and len(job.problems) == 2
    assert all(problem.startswith(("Baris 3", "Baris 4")) for problem in job.problems)
    page = response.content.decode()
    assert 'id="problems"' in page and "Baris 3" in page and "Baris 4" in page
    assert not Certificate.objects.exists()


def test_an_import_cancelled_while_it_is_read_writes_nothing(cast, scheme, settings, monkeypatch):
    settings.TASKS = DUMMY
    job = import_jobs.workbook_import_create(
        actor=cast.manajer,
        kind=WorkbookImportKind.QUESTION_BANK,
        name="soal.xlsx",
        data=questions(scheme),
        scheme=scheme,
    )
    real = import_jobs._progress_callback

    def cancelled_meanwhile(job_id):
        progress = real(job_id)

        def cancel_then_report(fraction):
            import_jobs.workbook_import_cancel(actor=cast.manajer, job=WorkbookImport.objects.get(pk=job_id))
            progress(fraction)

        return cancel_then_report

    monkeypatch.setattr(import_jobs, "_progress_callback", cancelled_meanwhile)
    monkeypatch.setattr(workbooks, "PROGRESS_EVERY", 1)  # told of each row: cancelled while reading
    workbook_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "cancelled" and not Question.objects.exists()


def test_a_queued_or_stuck_import_is_cancelled_from_its_page(client, cast, scheme, settings):
    settings.TASKS = DUMMY
    client.force_login(cast.manajer)
    post_question_bank(client, scheme, questions(scheme))
    job = WorkbookImport.objects.get()
    WorkbookImport.objects.filter(pk=job.pk).update(status="running", progress=40)  # its worker died
    response = client.post(reverse("core:workbook_import_cancel", args=[job.pk]), follow=True)
    assert "Impor telah dibatalkan; tidak ada yang disimpan." in response.content.decode()
    job.refresh_from_db()
    assert job.status == "cancelled"
    workbook_import_run(job_id=job.pk)  # the task, run late, leaves it cancelled
    job.refresh_from_db()
    assert job.status == "cancelled" and not Question.objects.exists()
    again = client.post(reverse("core:workbook_import_cancel", args=[job.pk]), follow=True)
    assert "Impor ini sudah selesai; tidak dapat dibatalkan lagi." in again.content.decode()


def test_a_zip_bomb_is_refused_at_the_upload_and_nothing_is_queued(client, cast, scheme):
    from tests.core.test_zipguard import empty_rows, with_sheet
    from tests.core.test_zipguard import xlsx as sheet

    client.force_login(cast.manajer)
    response = client.post(
        reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk}),
        {"file": SimpleUploadedFile("soal.xlsx", with_sheet(sheet(), empty_rows(2_000_000)))},
        follow=True,
    )
    assert "berkas terlihat sengaja dibuat dan tidak dibaca" in response.content.decode()
    assert not WorkbookImport.objects.exists()


@pytest.mark.parametrize("role", ["asesi", "asesor", "komite", "admin_tuk"])
def test_an_import_page_is_not_found_for_who_may_not_import(client, cast, scheme, settings, role):
    settings.TASKS = DUMMY
    job = import_jobs.workbook_import_create(
        actor=cast.admin_lsp,
        kind=WorkbookImportKind.LEGACY_CERTIFICATES,
        name="r.xlsx",
        data=xlsx([good_row(1)]),
    )
    client.force_login(getattr(cast, role))
    for name in ("workbook_import", "workbook_import_progress"):
        assert client.get(reverse(f"core:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("core:workbook_import_cancel", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "queued"
