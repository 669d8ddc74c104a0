"""Load the demo LSP: its profile, one user per role, and an SKKNI standard and two active schemes imported
from real documents through the importer, exactly as an LSP would upload them. Then the certificate side,
through the same services the browser uses: two more candidates assessed in a jadwal and decided by the
technical committee (one certified, one not yet competent and free to appeal), certificates issued before
Kompeten imported from an Excel register, and a complaint being handled.

Idempotent: a second run changes nothing and prints the same lines.
"""

import dataclasses
import datetime
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kompeten.accounts.models import ApplicantProfile, Role, User
from kompeten.accounts.services import applicant_profile_update, assessor_profile_set, user_create
from kompeten.assessments.conduct import (
    consent_confirm,
    consent_propose,
    instrument_conclude,
    instrument_field_save,
    record_acknowledge,
    record_draft,
    record_sign,
    session_report_sign,
)
from kompeten.assessments.models import EvidenceMethod, Participant, Question, Tuk
from kompeten.assessments.planning import plan_publish, plan_save, plan_start
from kompeten.assessments.services import (
    assessor_declare,
    session_add_participant,
    session_create,
    tuk_verify,
)
from kompeten.cases.models import Case
from kompeten.cases.services import (
    DocumentDecision,
    apl02_review,
    asesor_assign,
    case_elements,
    case_open,
    case_submit,
    case_verify,
    evidence_upload,
    self_assessment_save,
    self_assessment_submit,
)
from kompeten.certificates.appeals import complaint_submit, complaint_update
from kompeten.certificates.legacy_import import legacy_certificates_import, template_workbook
from kompeten.certificates.models import Certificate, Complaint, ComplaintStatus
from kompeten.certificates.printing import certificate_pdf_store, verification_url
from kompeten.certificates.services import certificate_issue, decision_record
from kompeten.core import workbooks
from kompeten.core.models import LspProfile
from kompeten.core.services import lsp_profile_update
from kompeten.schemes.models import Scheme
from kompeten.schemes.services import scheme_activate
from kompeten.standards.imports import import_job_confirm, import_job_create, import_job_parse
from kompeten.standards.models import Criterion, Element, ImportJob

DEMO_DIR = settings.PROJECT_DIR / "demo"
DEMO_TUK = "TUK Sewaktu LSP Kompeten Demo"
DEMO_SESSION_SCHEME = "Memberikan Layanan Konsultasi Manajemen Pemasaran"
DEMO_PASSWORD = "kompeten-demo"
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # a stand-in for the candidate's scanned documents
)
DEMO_USERS = [
    ("admin@demo.kompeten.id", "Admin LSP Demo", Role.ADMIN_LSP),
    ("manajer@demo.kompeten.id", "Manajer Sertifikasi Demo", Role.MANAJER_SERTIFIKASI),
    ("komite@demo.kompeten.id", "Komite Teknis Demo", Role.KOMITE_TEKNIS),
    ("asesor@demo.kompeten.id", "Asesor Demo", Role.ASESOR),
    ("asesi@demo.kompeten.id", "Asesi Demo", Role.ASESI),
    ("tuk@demo.kompeten.id", "Admin TUK Demo", Role.ADMIN_TUK),
]
# Staff who took no part in the demo assessments: the head of the LSP forms an appeal's panel and sits on it
# with two more committee members (a panel needs three people independent of the case).
DEMO_PANEL = [
    ("ketua@demo.kompeten.id", "Ketua LSP Demo", Role.ADMIN_LSP),
    ("komite2@demo.kompeten.id", "Komite Teknis Demo 2", Role.KOMITE_TEKNIS),
    ("komite3@demo.kompeten.id", "Komite Teknis Demo 3", Role.KOMITE_TEKNIS),
]
# The seed documents the project started from; the FR.APL.02's assessor carries a fictitious name.
DEMO_DOCUMENTS = [
    "skkni-124-2022-konsultasi-manajemen-pemasaran.txt",
    "fr-apl-02-konsultasi-manajemen-pemasaran.txt",
    "skema-klaster-pelayanan-publik.txt",
]
# FR.APL.01 part 1 of the demo candidates. Each NIK agrees with its province, date of birth and sex
# (digits 7-12 are the birth date, the day plus 40 for women).
DEMO_ASESI_PROFILE = {
    "nik": "3171015708900002",
    "province": "31",
    "place_of_birth": "Jakarta",
    "date_of_birth": datetime.date(1990, 8, 17),
    "sex": "P",
    "address": "Jl. Melati No. 5, Jakarta Pusat",
    "phone": "0812-0000-0000",
    "last_education": "S1",
    "employer": "PT Contoh Pemasaran",
    "job_title": "Konsultan Pemasaran",
    "employer_address": "Jl. Sudirman No. 1, Jakarta",
}


@dataclasses.dataclass(frozen=True)
class DemoCandidate:
    """A candidate taken through a whole assessment to the committee's decision."""

    email: str
    full_name: str
    competent: bool  # the assessor's recommendation (FR.AK.02) and the committee's decision
    outcome: str  # as printed after the logins
    profile: dict


DEMO_CANDIDATES = [
    DemoCandidate(
        email="asesi.kompeten@demo.kompeten.id",
        full_name="Rina Kompeten Demo",
        competent=True,
        outcome="competent, certificate issued",
        profile={
            "nik": "3273015403920003",
            "province": "32",
            "place_of_birth": "Bandung",
            "date_of_birth": datetime.date(1992, 3, 14),
            "sex": "P",
            "address": "Jl. Dago No. 21, Bandung",
            "phone": "0812-0000-0001",
            "last_education": "S1",
            "employer": "CV Maju Pemasaran",
            "job_title": "Konsultan Pemasaran",
            "employer_address": "Jl. Asia Afrika No. 8, Bandung",
        },
    ),
    DemoCandidate(
        email="asesi.banding@demo.kompeten.id",
        full_name="Dodi Banding Demo",
        competent=False,
        outcome="not yet competent, may appeal (FR.AK.04)",
        profile={
            "nik": "3578010511880004",
            "province": "35",
            "place_of_birth": "Surabaya",
            "date_of_birth": datetime.date(1988, 11, 5),
            "sex": "L",
            "address": "Jl. Darmo No. 40, Surabaya",
            "phone": "0812-0000-0002",
            "last_education": "D3",
            "employer": "PT Sinar Niaga",
            "job_title": "Staf Pemasaran",
            "employer_address": "Jl. Basuki Rahmat No. 12, Surabaya",
        },
    ),
]
# The LSP's register of certificates issued before Kompeten: its number in the year, holder, scheme, issued
# how many days ago, status as the register writes it. The first one's validity (three years) has passed:
# the import records it expired.
DEMO_LEGACY_CERTIFICATES = [
    (47, "Hendra Gunawan", "Pelayanan Publik", 1200, "aktif"),
    (112, "Bambang Prasetyo", DEMO_SESSION_SCHEME, 790, "dibekukan"),
    (168, "Sari Wulandari", DEMO_SESSION_SCHEME, 420, "aktif"),
    (31, "Maria Goreti Lestari", "Pelayanan Publik", 270, "aktif"),
]
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
DEMO_COMPLAINT = {
    "name": "Budi Santoso",
    "email": "budi.santoso@example.com",
    "subject": "Jadwal asesmen diundur tanpa pemberitahuan",
    "description": (
        "Saya mendaftar skema Pelayanan Publik. Jadwal asesmen saya diundur dua kali, dan saya baru "
        "mengetahuinya ketika sudah tiba di TUK. Mohon penjelasan dan kepastian jadwal."
    ),
}


class Command(BaseCommand):
    help = "Load the demo LSP (idempotent), print one login per role and the links to try the certificates."

    def handle(self, *args, **options):
        self._load()
        self._render_certificate_pdfs()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is loaded. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for email, _full_name, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<26} {email}")
        self._print_certificate_links()
        self.stdout.write("Independent of the demo assessments, for an appeal's panel (same password):")
        for email, full_name, _role in DEMO_PANEL:
            self.stdout.write(f"  {full_name:<26} {email}")

    @transaction.atomic
    def _load(self) -> None:
        if not LspProfile.objects.exists():
            lsp_profile_update(
                actor=None,
                name="LSP Kompeten Demo",
                bnsp_licence_number="BNSP-LSP-000-ID-DEMO",
                licence_valid_until=timezone.localdate().replace(month=12, day=31)
                + datetime.timedelta(days=365),
                address="Jl. Contoh No. 1, Jakarta Pusat 10110",
                phone="021-5550100",
                email="lsp@demo.kompeten.id",
                head_name="Dr. Ratna Sari, M.M.",
                head_title="Ketua LSP",
            )
        for email, full_name, role in DEMO_USERS + DEMO_PANEL:
            if not User.objects.filter(email=email).exists():
                user = user_create(
                    actor=None, email=email, password=DEMO_PASSWORD, full_name=full_name, roles=[role]
                )
                if role == Role.ASESOR:
                    assessor_profile_set(
                        actor=None,
                        user=user,
                        met_number="MET.000.000001 2025",
                        licence_expires_on=timezone.localdate() + datetime.timedelta(days=2 * 365),
                    )
        self._import_documents()
        self._prepare_journey()
        self._prepare_assessment()
        self._prepare_ready_case()
        self._prepare_decided_cases()
        self._import_legacy_certificates()
        self._prepare_complaint()

    def _prepare_journey(self) -> None:
        """The demo assessor may assess every demo scheme; the demo candidate's profile is filled in."""
        asesor = User.objects.get(email="asesor@demo.kompeten.id")
        asesor.assessor_profile.schemes.add(*Scheme.objects.active())
        self._applicant("asesi@demo.kompeten.id", "Asesi Demo", DEMO_ASESI_PROFILE)

    def _prepare_assessment(self) -> None:
        """A TUK verified for the demo schemes, run by the demo TUK admin, and a few written-test questions."""
        if Tuk.objects.filter(name=DEMO_TUK).exists():
            return
        asesor = User.objects.get(email="asesor@demo.kompeten.id")
        tuk = Tuk.objects.create(
            name=DEMO_TUK,
            kind="sewaktu",
            address="Jl. Contoh No. 1, Jakarta Pusat",
            contact_name="Admin TUK Demo",
            contact_phone="021-5550101",
        )
        tuk.admins.add(User.objects.get(email="tuk@demo.kompeten.id"))
        today = timezone.localdate()
        for scheme in Scheme.objects.active():
            tuk_verify(
                actor=asesor,
                tuk=tuk,
                scheme_code=scheme.code,
                verified_on=today,
                valid_until=today + datetime.timedelta(days=365),
            )
            self._publish_plan(scheme)
            for scheme_unit in scheme.scheme_units.select_related("unit").order_by("order")[:3]:
                unit = scheme_unit.unit
                Question.objects.create(
                    unit=unit,
                    text=f"Unit “{unit.title}”: manakah yang paling tepat menggambarkan tujuan unit ini?",
                    options=[unit.title, "Mengelola keuangan pribadi", "Memperbaiki kendaraan bermotor"],
                    answer=0,
                )

    def _prepare_ready_case(self) -> None:
        """The demo candidate's application for the marketing consultancy scheme, taken through FR.APL.01 and
        FR.APL.02 by the services, up to the assessor's "can continue": ready to be scheduled in a jadwal. The
        other scheme stays open for the candidate to apply to herself."""
        scheme = Scheme.objects.active().filter(title=DEMO_SESSION_SCHEME).first()
        asesi = User.objects.get(email="asesi@demo.kompeten.id")
        if scheme is None or Case.objects.filter(asesi=asesi, scheme=scheme).exists():
            return
        self._case_ready_to_schedule(asesi, scheme)

    def _prepare_decided_cases(self) -> None:
        """Two more candidates of the marketing consultancy scheme, assessed together this morning in a jadwal
        at the demo TUK by the demo assessor, then decided by the committee: Rina competent, her certificate
        issued by the LSP; Dodi not yet competent, his decision open to appeal (FR.AK.04)."""
        scheme = Scheme.objects.active().filter(title=DEMO_SESSION_SCHEME).first()
        candidates = [
            (candidate, self._applicant(candidate.email, candidate.full_name, candidate.profile))
            for candidate in DEMO_CANDIDATES
        ]
        if scheme is None or Case.objects.filter(asesi__in=[user for _c, user in candidates]).exists():
            return
        manajer = User.objects.get(email="manajer@demo.kompeten.id")
        asesor = User.objects.get(email="asesor@demo.kompeten.id")
        # This morning's jadwal: the TUK is verified from the first load on, and it keeps clear of a jadwal
        # tomorrow with the same assessor (tests/e2e/test_demo_session.py schedules the demo asesi in one).
        tuk = Tuk.objects.get(name=DEMO_TUK)
        starts_at = datetime.datetime.combine(timezone.localdate(), datetime.time(8), tzinfo=tuk.zone)
        session = session_create(
            actor=manajer,
            scheme=scheme,
            tuk=tuk,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=4),
            quota=len(candidates),
        )
        participants = [
            session_add_participant(
                actor=manajer, session=session, case=self._case_ready_to_schedule(asesi, scheme)
            )
            for _candidate, asesi in candidates
        ]
        assessor_declare(actor=asesor, session=session)
        for (candidate, _asesi), participant in zip(candidates, participants, strict=True):
            self._assess(participant, competent=candidate.competent)
        session_report_sign(
            actor=asesor, session=session, positives="Kedua asesi hadir tepat waktu dan siap diases."
        )
        komite = User.objects.get(email="komite@demo.kompeten.id")
        admin = User.objects.get(email="admin@demo.kompeten.id")
        for (candidate, _asesi), participant in zip(candidates, participants, strict=True):
            decision_record(
                actor=komite,
                case=participant.case,
                competent=candidate.competent,
                reason=""
                if candidate.competent
                else "Sesuai rekomendasi asesor (FR.AK.02): bukti untuk satu unit belum memadai.",
            )
            if candidate.competent:
                certificate_issue(actor=admin, case=participant.case)

    def _import_legacy_certificates(self) -> None:
        """Certificates the LSP issued before Kompeten, from its register filled in on Kompeten's Excel
        template and imported as an admin would upload it: so that public verification and the reports have
        them too."""
        holders = [holder for _number, holder, *_rest in DEMO_LEGACY_CERTIFICATES]
        if Certificate.objects.filter(imported=True, holder_name__in=holders).exists():
            return
        schemes = {scheme.title: scheme for scheme in Scheme.objects.active()}
        today = timezone.localdate()
        book = load_workbook(io.BytesIO(template_workbook()))
        sheet = book.active
        sheet.delete_rows(2)  # the template's example row
        headers = [cell.value for cell in sheet[1]]
        for number, holder, title, days_ago, status in DEMO_LEGACY_CERTIFICATES:
            scheme = schemes[title]
            issued_on = today - datetime.timedelta(days=days_ago)
            units = scheme.scheme_units.order_by("order").values_list("unit__code", "unit__title")
            row = {
                "Nomor Sertifikat": f"{number:04d}/LSP-KD/{ROMAN_MONTHS[issued_on.month - 1]}/{issued_on:%Y}",
                "Nomor Registrasi": f"LSPKD.{issued_on:%Y}.{number:05d}",
                "Nama Pemegang": holder,
                "Kode Skema": scheme.code,
                "Judul Skema": scheme.title,
                "Tanggal Terbit": issued_on,  # "Berlaku Sampai" left empty: the scheme's validity counts
                "Unit": "; ".join(f"{code} {unit_title}" for code, unit_title in units),
                "Status": status,
            }
            workbooks.append_row(sheet, [row.get(header) for header in headers])
        workbook = io.BytesIO()
        book.save(workbook)
        legacy_certificates_import(
            actor=User.objects.get(email="admin@demo.kompeten.id"),
            upload=ContentFile(workbook.getvalue(), name="register-sertifikat-lama.xlsx"),
        )

    def _prepare_complaint(self) -> None:
        """A complaint lodged without an account, which the LSP admin is handling."""
        if Complaint.objects.filter(email=DEMO_COMPLAINT["email"]).exists():
            return
        complaint = complaint_submit(actor=None, **DEMO_COMPLAINT)
        complaint_update(
            actor=User.objects.get(email="admin@demo.kompeten.id"),
            complaint=complaint,
            status=ComplaintStatus.IN_PROGRESS,
            note=(
                "Terima kasih atas laporan Anda. Kami sedang memeriksa perubahan jadwal bersama TUK dan akan "
                "mengabari Anda paling lambat tiga hari kerja."
            ),
        )

    def _render_certificate_pdfs(self) -> None:
        """Issuing renders the PDF in the background once the transaction commits; render it here, after the
        commit, so that it exists as soon as demo_load ends (the worker may render it once more)."""
        emails = [candidate.email for candidate in DEMO_CANDIDATES]
        for certificate in Certificate.objects.filter(case__asesi__email__in=emails, pdf=""):
            certificate_pdf_store(certificate_id=certificate.pk)

    def _print_certificate_links(self) -> None:
        """The candidates' logins, and what a visitor opens without one: the certificate's public verification
        page and the complaint's tracking page."""
        self.stdout.write("Candidates assessed in this morning's jadwal (same password):")
        for candidate in DEMO_CANDIDATES:
            self.stdout.write(f"  {candidate.full_name:<26} {candidate.email:<32} {candidate.outcome}")
        certificate = Certificate.objects.filter(case__asesi__email=DEMO_CANDIDATES[0].email).first()
        if certificate is not None:
            self.stdout.write(f"Verify Rina's certificate: {verification_url(certificate)}")
        complaint = Complaint.objects.filter(email=DEMO_COMPLAINT["email"]).first()
        if complaint is not None:
            link = reverse("certificates:complaint_track", kwargs={"code": complaint.tracking_code})
            self.stdout.write(f"Follow the demo complaint: {settings.SITE_URL.rstrip('/')}{link}")

    def _applicant(self, email: str, full_name: str, profile: dict) -> User:
        """A candidate account (created once) with its FR.APL.01 profile filled in."""
        user = User.objects.filter(email=email).first() or user_create(
            actor=None, email=email, password=DEMO_PASSWORD, full_name=full_name, roles=[Role.ASESI]
        )
        if not ApplicantProfile.objects.filter(user=user).exists():
            applicant_profile_update(actor=None, user=user, full_name=full_name, nationality="WNI", **profile)
        return user

    def _case_ready_to_schedule(self, asesi: User, scheme: Scheme) -> Case:
        """An application taken through FR.APL.01 (documents, submitted, verified by the admin) and FR.APL.02
        (self-assessment, reviewed by the demo assessor: the assessment can continue)."""
        admin = User.objects.get(email="admin@demo.kompeten.id")
        asesor = User.objects.get(email="asesor@demo.kompeten.id")
        case = case_open(actor=asesi, scheme=scheme, purpose="sertifikasi")
        for requirement in scheme.evidence.all():
            evidence_upload(
                actor=asesi,
                case=case,
                name=f"{requirement.text[:60]}.pdf",
                data=DEMO_PDF,
                requirement=requirement,
            )
        case = case_submit(actor=asesi, case=case, declaration=True)
        case = case_verify(
            actor=admin,
            case=case,
            documents={e.pk: DocumentDecision(True) for e in case.evidence.filter(superseded=False)},
            requirements={r.pk: True for r in scheme.requirements.all()},
            outcome="accept",
        )
        for element in case_elements(case):
            self_assessment_save(
                actor=asesi,
                case=case,
                element=element,
                version=0,
                answer="K",
                evidence_note="Pengalaman kerja 3 tahun",
            )
        case = self_assessment_submit(actor=asesi, case=case)
        case = asesor_assign(actor=admin, case=case, asesor=asesor)
        return apl02_review(
            actor=asesor, case=case, can_continue=True, note="Bukti memadai; asesmen dapat dilanjutkan."
        )

    def _assess(self, participant: Participant, *, competent: bool) -> None:
        """FR.AK.01 agreed by both; FR.IA.01 observed on the first element of the first and the last unit
        (the last one not yet competent for a BK candidate); FR.AK.02 recorded by the assessor and signed by
        the candidate."""
        asesor, asesi = participant.asesor, participant.case.asesi
        consent_propose(
            actor=asesor,
            participant=participant,
            methods=[EvidenceMethod.OBSERVATION, EvidenceMethod.ORAL],
            agreed_time=participant.session.starts_at,
            agreed_place=participant.session.tuk.name,
        )
        consent_confirm(actor=asesi, participant=participant)
        units = list(
            participant.session.scheme.scheme_units.order_by("order").values_list("unit_id", flat=True)
        )
        lacking = set() if competent else {units[-1]}
        for unit in (units[0], units[-1]):
            for kuk in Element.objects.filter(unit_id=unit).first().criteria.all():
                instrument_field_save(
                    actor=asesor,
                    participant=participant,
                    kind="IA.01",
                    key=f"kuk:{kuk.pk}",
                    value="BK" if unit in lacking else "K",
                    version=0,
                )
        recommendation = "K" if competent else "BK"
        instrument_conclude(
            actor=asesor,
            participant=participant,
            kind="IA.01",
            recommendation=recommendation,
            feedback="Kinerja sesuai KUK." if competent else "Kinerja pada unit terakhir belum sesuai KUK.",
        )
        record_sign(
            actor=asesor,
            participant=participant,
            evidence=record_draft(participant),
            sufficient={str(unit): unit not in lacking for unit in units},
            recommendation=recommendation,
            follow_up="Tidak ada."
            if competent
            else "Asesmen ulang unit terakhir setelah asesi mengumpulkan bukti tambahan.",
        )
        record_acknowledge(actor=asesi, participant=participant)

    def _publish_plan(self, scheme) -> None:
        """FR.MAPA.01/02 for a demo scheme: observation and oral questions for every KUK."""
        manajer = User.objects.get(email="manajer@demo.kompeten.id")
        plan = plan_start(actor=manajer, scheme=scheme)
        every_kuk = Criterion.objects.filter(element__unit__schemes=scheme).values_list("pk", flat=True)
        plan = plan_save(
            actor=manajer,
            plan=plan,
            texts={
                "candidate_group": "Pekerja berpengalaman dan lulusan pelatihan berbasis kompetensi",
                "purpose": "Sertifikasi",
                "context": "TUK sewaktu dengan simulasi tempat kerja",
                "assessors": "Asesor kompetensi berlisensi BNSP",
                "benchmarks": "SKKNI yang menjadi acuan skema",
            },
            kuk_plans={
                str(pk): {
                    "evidence": "Hasil observasi dan jawaban lisan",
                    "types": ["L"],
                    "methods": ["CL", "DPL"],
                }
                for pk in every_kuk
            },
            modifications={},
            instrument_map={
                "IA.01": [1, 2, 3, 4, 5],
                "IA.05": [1, 2, 3, 4, 5],
                "IA.07": [2, 4, 5],
                "IA.08": [3, 4],
            },
        )
        plan_publish(actor=manajer, plan=plan)

    def _import_documents(self) -> None:
        if ImportJob.objects.filter(original_name__in=DEMO_DOCUMENTS).exists():
            return
        admin = User.objects.get(email=DEMO_USERS[0][0])
        for name in DEMO_DOCUMENTS:
            job = import_job_create(actor=admin, name=name, data=(DEMO_DIR / name).read_bytes())
            job = import_job_parse(job=job)  # read now, not in the worker: make run serves right after
            job = import_job_confirm(actor=admin, job=job)
            if job.scheme is not None:
                scheme_activate(actor=admin, scheme=job.scheme)
