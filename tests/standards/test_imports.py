import pytest
from django.core.exceptions import PermissionDenied

from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.schemes.models import Scheme, SchemeStatus
from kompeten.schemes.services import scheme_activate
from kompeten.standards.imports import import_job_cancel, import_job_confirm, import_job_create
from kompeten.standards.models import Criterion, ImportJob, ImportStatus, Standard, Unit


def seed(shared_dir, name: str) -> bytes:
    return (shared_dir / "seeds" / f"{name}.txt").read_bytes()


SKKNI = "002_50698809bdac173a"
APL02_WITH_CODES = "001_fc7e7a7da436c8e2"
APL02_WITHOUT_CODES = "000_33c7d7a3e27a5143"
SCHEME = "004_781e8ea64b54a4ac"


@pytest.fixture
def upload(cast, shared_dir):
    def upload(name: str, kind: str = "auto") -> ImportJob:
        job = import_job_create(
            actor=cast.admin_lsp, name=f"{name}.txt", data=seed(shared_dir, name), kind=kind
        )
        job.refresh_from_db()
        return job

    return upload


def test_an_upload_is_read_in_the_background_and_waits_for_confirmation(upload):
    job = upload(SKKNI)
    assert (job.status, job.kind, job.progress, job.file_format) == (
        ImportStatus.PARSED,
        "skkni",
        100,
        "text",
    )
    assert len(job.document["units"]) == 9
    assert not Standard.objects.exists()  # nothing is imported before confirmation
    assert [e.code for e in audit_events_for(job)] == [
        "kompeten.import.parsed",
        "kompeten.import.parsing",
        "kompeten.import.uploaded",
    ]


def test_confirming_imports_everything_in_one_event(cast, upload):
    job = import_job_confirm(actor=cast.admin_lsp, job=upload(SKKNI))
    assert job.status == ImportStatus.IMPORTED
    assert job.standard.number == 124
    assert Criterion.objects.count() == 107
    [event] = [e for e in audit_events_for(job) if e.code == "kompeten.import.confirmed"]
    assert len(event.data["new"]) == 9 and event.data["changed"] == []
    assert not audit_events_for(job.standard)  # the confirmation is the one event


def test_importing_the_same_document_twice_changes_nothing(cast, upload):
    import_job_confirm(actor=cast.admin_lsp, job=upload(SKKNI))
    counts = (Unit.objects.count(), Criterion.objects.count())
    job = import_job_confirm(actor=cast.admin_lsp, job=upload(SKKNI))
    assert (Unit.objects.count(), Criterion.objects.count()) == counts
    event = audit_events_for(job)[0]
    assert (event.data["new"], event.data["changed"], len(event.data["unchanged"])) == ([], [], 9)


def test_cancelling_saves_nothing_and_cannot_be_confirmed_afterwards(cast, upload):
    job = import_job_cancel(actor=cast.admin_lsp, job=upload(SKKNI))
    assert job.status == ImportStatus.CANCELLED
    with pytest.raises(DomainError):
        import_job_confirm(actor=cast.admin_lsp, job=job)
    assert not Standard.objects.exists() and not Unit.objects.exists()


def test_an_apl02_creates_a_draft_scheme_linked_to_the_units_it_names(cast, upload):
    import_job_confirm(actor=cast.admin_lsp, job=upload(SKKNI))
    job = import_job_confirm(actor=cast.admin_lsp, job=upload(APL02_WITH_CODES))
    scheme = job.scheme
    assert (scheme.code, scheme.status) == ("SS.018.05/SKM/LSP-P1 UMB/2023", SchemeStatus.DRAFT)
    units = [su.unit for su in scheme.scheme_units.order_by("order")]
    assert len(units) == 12
    # Unit 9 prints no code: it is resolved by its title to the SKKNI's unit.
    assert units[8].code == "M.70MKT00.027.2"
    assert units[8].elements.count() == 2
    assert not any(unit.is_provisional for unit in units)


def test_units_no_one_can_resolve_are_provisional_and_block_activation(cast, upload):
    job = import_job_confirm(actor=cast.admin_lsp, job=upload(APL02_WITHOUT_CODES))
    units = [su.unit for su in job.scheme.scheme_units.order_by("order")]
    assert len(units) == 10 and all(unit.is_provisional and unit.code is None for unit in units)
    assert units[0].title == "Melaksanakan Media Relations"
    assert units[0].elements.count() == 3
    with pytest.raises(DomainError, match="unit sementara"):
        scheme_activate(actor=cast.admin_lsp, scheme=job.scheme)


def test_a_scheme_document_creates_a_draft_with_requirements_and_evidence(cast, upload):
    job = import_job_confirm(actor=cast.admin_lsp, job=upload(SCHEME))
    scheme = job.scheme
    assert (scheme.title, scheme.kind, scheme.validity_years) == ("Pelayanan Publik", "klaster", 3)
    assert scheme.scheme_units.count() == 12
    assert scheme.requirements.count() == 6
    assert scheme.evidence.filter(kind="administrative").count() == 3
    assert scheme.rights[0].startswith("Memperoleh penjelasan")


def test_importing_the_same_scheme_document_again_changes_nothing(cast, upload):
    scheme = import_job_confirm(actor=cast.admin_lsp, job=upload(SCHEME)).scheme
    job = import_job_confirm(actor=cast.admin_lsp, job=upload(SCHEME))
    assert job.scheme == scheme and scheme.version == 1
    assert Scheme.objects.filter(code=scheme.code).count() == 1
    [event] = [e for e in audit_events_for(job) if e.code == "kompeten.import.confirmed"]
    assert (event.data["new"], event.data["changed"], len(event.data["unchanged"])) == ([], [], 12)


def test_a_changed_scheme_document_becomes_a_new_draft_version(cast, upload, shared_dir):
    scheme = import_job_confirm(actor=cast.admin_lsp, job=upload(SCHEME)).scheme
    changed = seed(shared_dir, SCHEME).replace(b"Pelayanan Publik", b"Pelayanan Publik Terpadu", 1)
    job = import_job_create(actor=cast.admin_lsp, name="skema.txt", data=changed)
    again = import_job_confirm(actor=cast.admin_lsp, job=job).scheme
    assert (again.code, again.version) == (scheme.code, 2)


def test_a_new_standard_version_leaves_existing_schemes_on_theirs(cast, upload, shared_dir):
    import_job_confirm(actor=cast.admin_lsp, job=upload(SKKNI))
    scheme = import_job_confirm(actor=cast.admin_lsp, job=upload(APL02_WITH_CODES)).scheme
    pinned = scheme.scheme_units.get(order=7).unit  # M.70MKT00.025.2
    changed = seed(shared_dir, SKKNI).replace(
        b"1.1 Setiap titik kegiatan pelanggan", b"1.1 Seluruh titik kegiatan"
    )
    assert changed != seed(shared_dir, SKKNI)
    job = import_job_create(actor=cast.admin_lsp, name="revisi.txt", data=changed)
    import_job_confirm(actor=cast.admin_lsp, job=job)
    assert Unit.objects.filter(code=pinned.code).count() == 2
    assert scheme.scheme_units.get(order=7).unit == pinned


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "kosong"),
        (b"\x00\x01\x02" * 100, "bukan PDF, DOCX, HTML, atau teks"),
        (b"A" * (21 * 1024 * 1024), "terlalu besar"),
    ],
    ids=["empty", "binary", "too-large"],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(cast, data, message):
    with pytest.raises(DomainError, match=message):
        import_job_create(actor=cast.admin_lsp, name="x.pdf", data=data)
    assert not ImportJob.objects.exists()


def test_a_document_that_cannot_be_parsed_fails_with_its_reason(cast):
    job = import_job_create(actor=cast.admin_lsp, name="surat.txt", data=b"Surat undangan rapat.\n" * 30)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "tidak dikenali" in job.error
    assert audit_events_for(job)[0].code == "kompeten.import.failed"


@pytest.mark.parametrize("role", ["manajer", "komite", "asesor", "asesi", "admin_tuk"])
def test_only_admin_lsp_imports(cast, role, shared_dir):
    with pytest.raises(PermissionDenied):
        import_job_create(actor=getattr(cast, role), name="x.txt", data=seed(shared_dir, SKKNI))


def test_a_crafted_docx_is_refused_at_upload_and_nothing_is_stored(cast):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"<w:p/>" * 2_000_000 + b"</w:document>")
    with pytest.raises(DomainError, match="jauh lebih besar daripada ukuran berkasnya"):
        import_job_create(actor=cast.admin_lsp, name="bom.docx", data=buffer.getvalue())
    assert not ImportJob.objects.exists()


def test_an_apl02_without_units_fails_with_the_reason_instead_of_importing_nothing(cast):
    data = b"FR.APL.02. ASESMEN MANDIRI\nSkema Sertifikasi\tJudul : Pemasaran Digital\nDapatkah Saya ...?\tK\tBK\n"
    job = import_job_create(actor=cast.admin_lsp, name="apl02.txt", data=data)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.error.startswith(
        "Dokumen ini terbaca sebagai FR.APL.02, tetapi tidak ditemukan unit kompetensi"
    )
