"""Load the demo LSP: profile, one user per role, an SKKNI standard and two active schemes.

Idempotent: a second run changes nothing and prints the same logins.
"""

import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kompeten.accounts.models import Role, User
from kompeten.accounts.services import assessor_profile_set, user_create
from kompeten.core.models import LspProfile
from kompeten.core.services import lsp_profile_update
from kompeten.schemes.models import Scheme, SchemeKind
from kompeten.schemes.services import scheme_activate, scheme_create
from kompeten.standards.models import Unit
from kompeten.standards.services import standard_import, unit_ensure

DEMO_DIR = settings.PROJECT_DIR / "demo"
DEMO_PASSWORD = "kompeten-demo"
DEMO_USERS = [
    ("admin@demo.kompeten.id", "Admin LSP Demo", Role.ADMIN_LSP),
    ("manajer@demo.kompeten.id", "Manajer Sertifikasi Demo", Role.MANAJER_SERTIFIKASI),
    ("komite@demo.kompeten.id", "Komite Teknis Demo", Role.KOMITE_TEKNIS),
    ("asesor@demo.kompeten.id", "Asesor Demo", Role.ASESOR),
    ("asesi@demo.kompeten.id", "Asesi Demo", Role.ASESI),
    ("tuk@demo.kompeten.id", "Admin TUK Demo", Role.ADMIN_TUK),
]
KMP_SCHEME_CODE = "SKM-KMP/LSP-KOMPETEN/2026"
STANDARD_FILE = "skkni-124-2022-konsultasi-manajemen-pemasaran.json"
CLUSTER_SCHEME_FILE = "skema-pelayanan-publik.json"
RIGHTS = [
    "Memperoleh penjelasan tentang gambaran proses sertifikasi sesuai dengan skema sertifikasi.",
    "Mendapatkan hak bertanya berkaitan dengan kompetensi.",
    "Memperoleh jaminan kerahasiaan terhadap proses sertifikasi.",
    "Memperoleh hak banding terhadap keputusan sertifikasi.",
    "Memperoleh sertifikat kompetensi jika dinyatakan kompeten.",
]
OBLIGATIONS = [
    "Menjamin bahwa sertifikat kompetensi tidak disalahgunakan.",
    "Menjamin terpeliharanya kompetensi yang sesuai pada sertifikat kompetensi.",
    "Menjamin bahwa seluruh pernyataan dan informasi yang diberikan adalah terbaru, benar, "
    "dan dapat dipertanggungjawabkan.",
]


def _read(name: str) -> dict:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


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
        self._load_schemes()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is loaded. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for email, _full_name, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<26} {email}")

    def _load_schemes(self) -> None:
        if not Scheme.objects.filter(code=KMP_SCHEME_CODE).exists():
            document = _read(STANDARD_FILE)
            standard_import(actor=None, document=document)
            codes = [unit["code"] for unit in document["units"]]
            units = sorted(Unit.objects.filter(code__in=codes), key=lambda unit: codes.index(unit.code))
            scheme = scheme_create(
                actor=None,
                code=KMP_SCHEME_CODE,
                title="Konsultan Layanan Pemasaran",
                kind=SchemeKind.OKUPASI,
                description="Skema okupasi untuk konsultan yang merancang dan mengelola layanan pemasaran "
                "organisasi, berdasarkan SKKNI Nomor 124 Tahun 2022.",
                units=units,
                requirements=[
                    "Pendidikan minimal D3 bidang manajemen atau pemasaran, atau",
                    "Pengalaman kerja minimal 2 tahun di bidang konsultasi pemasaran.",
                ],
                basic_evidence=["Fotokopi ijazah terakhir", "Surat keterangan pengalaman kerja"],
                admin_evidence=["Fotokopi KTP", "Pasfoto berwarna ukuran 3x4 (2 lembar)"],
                methods=[
                    {"candidates": "Asesi berpengalaman", "methods": ["Verifikasi portofolio", "Wawancara"]},
                    {"candidates": "Asesi belum berpengalaman", "methods": ["Observasi", "Tes tertulis"]},
                ],
                rights=RIGHTS,
                obligations=OBLIGATIONS,
                fee=1500000,
            )
            scheme_activate(actor=None, scheme=scheme)
        cluster = _read(CLUSTER_SCHEME_FILE)["scheme"]
        if not Scheme.objects.filter(code=cluster["code"]).exists():
            document = _read(CLUSTER_SCHEME_FILE)
            units = [unit_ensure(code=unit["code"], title=unit["title"]) for unit in document["units"]]
            scheme = scheme_create(
                actor=None,
                code=cluster["code"],
                title=cluster["title"],
                kind=SchemeKind.KLASTER,
                units=units,
                requirements=cluster["requirements"],
                basic_evidence=cluster["basic_evidence"],
                admin_evidence=cluster["admin_evidence"],
                validity_years=cluster["validity_years"],
                rights=cluster["rights"],
                obligations=cluster["obligations"],
            )
            scheme_activate(actor=None, scheme=scheme)
