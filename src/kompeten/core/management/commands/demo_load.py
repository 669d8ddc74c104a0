"""Load the demo LSP: its profile, one user per role, and an SKKNI standard and two active schemes imported
from real documents through the importer, exactly as an LSP would upload them.

Idempotent: a second run changes nothing and prints the same logins.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kompeten.accounts.models import ApplicantProfile, Role, User
from kompeten.accounts.services import applicant_profile_update, assessor_profile_set, user_create
from kompeten.assessments.models import Question, Tuk
from kompeten.assessments.planning import plan_publish, plan_save, plan_start
from kompeten.assessments.services import tuk_verify
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
from kompeten.core.models import LspProfile
from kompeten.core.services import lsp_profile_update
from kompeten.schemes.models import Scheme
from kompeten.schemes.services import scheme_activate
from kompeten.standards.imports import import_job_confirm, import_job_create, import_job_parse
from kompeten.standards.models import Criterion, ImportJob

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
# The seed documents the project started from; the FR.APL.02's assessor carries a fictitious name.
DEMO_DOCUMENTS = [
    "skkni-124-2022-konsultasi-manajemen-pemasaran.txt",
    "fr-apl-02-konsultasi-manajemen-pemasaran.txt",
    "skema-klaster-pelayanan-publik.txt",
]


class Command(BaseCommand):
    help = "Load the demo LSP (idempotent) and print one login per role."

    @transaction.atomic
    def handle(self, *args, **options):
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
        for email, full_name, role in DEMO_USERS:
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
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is loaded. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for email, _full_name, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<26} {email}")

    def _prepare_journey(self) -> None:
        """The demo assessor may assess every demo scheme; the demo candidate's profile is filled in."""
        asesor = User.objects.get(email="asesor@demo.kompeten.id")
        asesor.assessor_profile.schemes.add(*Scheme.objects.active())
        asesi = User.objects.get(email="asesi@demo.kompeten.id")
        if not ApplicantProfile.objects.filter(user=asesi).exists():
            applicant_profile_update(
                actor=None,
                user=asesi,
                full_name="Asesi Demo",
                nik="3171015708900002",
                nationality="WNI",
                province="31",
                place_of_birth="Jakarta",
                date_of_birth=datetime.date(1990, 8, 17),
                sex="P",
                address="Jl. Melati No. 5, Jakarta Pusat",
                phone="0812-0000-0000",
                last_education="S1",
                employer="PT Contoh Pemasaran",
                job_title="Konsultan Pemasaran",
                employer_address="Jl. Sudirman No. 1, Jakarta",
            )

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
        apl02_review(
            actor=asesor, case=case, can_continue=True, note="Bukti memadai; asesmen dapat dilanjutkan."
        )

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
