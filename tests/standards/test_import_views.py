import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompeten.standards.imports import import_job_confirm, import_job_create
from kompeten.standards.models import ImportJob, ImportStatus, Standard, Unit

LIST = reverse("standards:import_list")


def seed(shared_dir, name):
    return (shared_dir / "seeds" / f"{name}.txt").read_bytes()


def detail(job):
    return reverse("standards:import_detail", kwargs={"pk": job.pk})


def test_admin_lsp_uploads_and_sees_the_parsed_tree(client, cast, shared_dir):
    client.force_login(cast.admin_lsp)
    upload = SimpleUploadedFile("skkni.pdf", seed(shared_dir, "002_50698809bdac173a"))
    response = client.post(LIST, {"document": upload, "kind": "auto"}, follow=True)
    page = response.content.decode()
    job = ImportJob.objects.get()
    assert response.redirect_chain[-1][0] == detail(job)
    assert job.original_name == "skkni.pdf" and job.file_format == "text"  # recognised by content
    assert "Keputusan nomor 124 tahun 2022" in page
    assert "M.70MKT00.003.2" in page and "Perubahan teknologi, sosial budaya" in page
    assert "41 unit dalam daftar BAB II tidak diuraikan" in page  # the parser's warning
    assert "Impor standar" in page


def test_the_preview_marks_changed_words_after_an_earlier_import(client, cast, shared_dir):
    import_job_confirm(
        actor=cast.admin_lsp,
        job=import_job_create(
            actor=cast.admin_lsp, name="a.txt", data=seed(shared_dir, "002_50698809bdac173a")
        ),
    )
    changed = seed(shared_dir, "002_50698809bdac173a").replace(
        b"Informasi pesaing dicari", b"Informasi pesaing digali"
    )
    job = import_job_create(actor=cast.admin_lsp, name="b.txt", data=changed)
    client.force_login(cast.admin_lsp)
    page = client.get(detail(job)).content.decode()
    assert "<del>dicari</del> <ins>digali</ins>" in page
    assert page.count('class="card unit diff-changed"') == 1
    assert page.count('class="card unit diff-unchanged"') == 8


def test_confirm_and_cancel_from_the_page(client, cast, shared_dir):
    client.force_login(cast.admin_lsp)
    job = import_job_create(actor=cast.admin_lsp, name="a.txt", data=seed(shared_dir, "002_50698809bdac173a"))
    other = import_job_create(
        actor=cast.admin_lsp, name="b.txt", data=seed(shared_dir, "002_50698809bdac173a")
    )
    response = client.post(reverse("standards:import_cancel", kwargs={"pk": other.pk}), follow=True)
    assert "Impor telah dibatalkan; tidak ada yang disimpan." in response.content.decode()
    response = client.post(reverse("standards:import_confirm", kwargs={"pk": job.pk}), follow=True)
    assert "Dokumen telah diimpor." in response.content.decode()
    assert Standard.objects.count() == 1
    response = client.post(reverse("standards:import_confirm", kwargs={"pk": other.pk}), follow=True)
    assert "Hanya dokumen yang sudah dibaca" in response.content.decode()


def test_the_reconciliation_report_of_an_apl02_against_the_skkni(client, cast, shared_dir):
    import_job_confirm(
        actor=cast.admin_lsp,
        job=import_job_create(
            actor=cast.admin_lsp, name="skkni.txt", data=seed(shared_dir, "002_50698809bdac173a")
        ),
    )
    job = import_job_create(
        actor=cast.admin_lsp, name="apl02.txt", data=seed(shared_dir, "001_fc7e7a7da436c8e2")
    )
    client.force_login(cast.admin_lsp)
    page = client.get(detail(job)).content.decode()
    assert "Rekonsiliasi dengan SKKNI" in page
    assert "dikenali dari judulnya" in page  # unit 9 has no printed code
    assert (
        "<del>personil</del> <ins>personal</ins>" in page or "<del>personal</del> <ins>personil</ins>" in page
    )
    assert "tidak ada di basis data" in page  # units of the form the SKKNI seed does not describe


def test_progress_polling_reloads_the_page_when_reading_is_done(client, cast, shared_dir):
    job = import_job_create(actor=cast.admin_lsp, name="a.txt", data=seed(shared_dir, "002_50698809bdac173a"))
    client.force_login(cast.admin_lsp)
    response = client.get(
        reverse("standards:import_progress", kwargs={"pk": job.pk}), headers={"hx-request": "true"}
    )
    assert (response.status_code, response["HX-Refresh"]) == (204, "true")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PARSING, progress=40)
    response = client.get(reverse("standards:import_progress", kwargs={"pk": job.pk}))
    assert 'value="40"' in response.content.decode()


def test_a_bad_upload_is_explained_next_to_the_field(client, cast):
    client.force_login(cast.admin_lsp)
    response = client.post(
        LIST, {"document": SimpleUploadedFile("x.pdf", b"\x00\x01\x02" * 50), "kind": "auto"}
    )
    assert "bukan PDF, DOCX, HTML, atau teks" in response.content.decode()
    response = client.post(LIST, {"kind": "auto"})
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(client, cast, settings):
    settings.KOMPETEN_IMPORT_MAX_MB = 1
    client.force_login(cast.admin_lsp)
    big = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024))
    response = client.post(LIST, {"document": big, "kind": "auto"})
    assert "Berkas terlalu besar (2.0 MB); batasnya 1 MB." in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", ["manajer", "komite", "asesor", "asesi", "admin_tuk", "no_role"])
def test_other_roles_cannot_import_or_see_imports(client, cast, role, shared_dir):
    job = import_job_create(actor=cast.admin_lsp, name="a.txt", data=seed(shared_dir, "002_50698809bdac173a"))
    client.force_login(getattr(cast, role))
    assert client.get(LIST).status_code == 403
    assert client.get(detail(job)).status_code == 403
    assert client.post(reverse("standards:import_confirm", kwargs={"pk": job.pk})).status_code == 403
    job.refresh_from_db()
    assert job.status == ImportStatus.PARSED


def test_anonymous_visitors_are_sent_to_login(client, db):
    assert client.get(LIST).status_code == 302


def test_a_document_without_units_shows_why_on_its_page(client, cast):
    client.force_login(cast.admin_lsp)
    data = b"FR.APL.02. ASESMEN MANDIRI\nSkema Sertifikasi\tJudul : Pemasaran Digital\nDapatkah Saya ...?\tK\tBK\n"
    upload = SimpleUploadedFile("apl02.txt", data)
    page = client.post(LIST, {"document": upload, "kind": "auto"}, follow=True).content.decode()
    assert "Dokumen ini terbaca sebagai FR.APL.02, tetapi tidak ditemukan unit kompetensi" in page
    assert ImportJob.objects.get().status == ImportStatus.FAILED


def _corpus_documents():
    from tests.conftest import PROJECT_DIR

    shared = PROJECT_DIR.parent / "shared" / "corpus"
    paths = (
        sorted(shared.glob("*.pdf"))
        + sorted(path for path in (shared / "wild").iterdir() if not path.name.endswith(".expected.json"))
        if shared.is_dir()
        else []
    )
    return [pytest.param(path, id=path.name) for path in paths]


@pytest.mark.parametrize("path", _corpus_documents())
def test_every_corpus_document_goes_through_the_import_pages(client, cast, path):
    """Upload, preview or reconciliation, confirmation and the draft scheme, as the LSP admin sees them;
    a document the importer cannot read shows its reason and imports nothing."""
    client.force_login(cast.admin_lsp)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post(LIST, {"document": upload, "kind": "auto"}, follow=True)
    job = ImportJob.objects.get()
    assert response.status_code == 200 and response.redirect_chain[-1][0] == detail(job)
    page = response.content.decode()
    if job.status == ImportStatus.FAILED:
        assert job.error and job.error in page.replace("&quot;", '"').replace("&#x27;", "'")
        assert "tidak ditemukan unit kompetensi" in job.error
        return
    assert job.status == ImportStatus.PARSED
    units = job.document["units"]
    assert units
    first = units[0]
    assert (first["code"] or first["title"]) in page.replace("&amp;", "&")
    if job.kind == "skkni":
        assert "Impor standar" in page
    else:
        assert "Rekonsiliasi dengan SKKNI" in page
    response = client.post(reverse("standards:import_confirm", kwargs={"pk": job.pk}), follow=True)
    import re

    assert "Dokumen telah diimpor." in response.content.decode(), re.findall(
        r'class="message[^"]*"[^>]*>([^<]*)', response.content.decode()
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED
    if job.kind == "skkni" and job.document["decree"]["number"]:
        assert {unit["code"] for unit in units} <= set(job.standard.units.values_list("code", flat=True))
    elif job.kind == "skkni":  # unit descriptions without their decree: added as units
        assert set(Unit.objects.values_list("code", flat=True)) >= {unit["code"] for unit in units}
    else:
        assert job.scheme.status == "draft"
        assert 0 < job.scheme.scheme_units.count() <= len(units)
