"""BNSP exports as Excel workbooks: the blanko request list of a jadwal and the register of certificates."""

from kompeten.accounts.models import ApplicantProfile
from kompeten.cases.models import CaseStatus
from kompeten.certificates.models import Certificate
from kompeten.certificates.selectors import public_status
from kompeten.core.workbooks import workbook_bytes

BLANKO_COLUMNS = [
    "nama", "nik", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat", "provinsi", "telp", "email",
    "pendidikan", "pekerjaan", "instansi", "jadwal", "tanggal", "no_registrasi_asesor", "nama_asesor",
    "sumber_anggaran", "keputusan", "tuk", "no_sertifikat", "no_blanko",
]  # fmt: skip
REGISTER_COLUMNS = [
    "no_sertifikat", "no_registrasi", "nama", "kode_skema", "skema", "tanggal_terbit", "berlaku_sampai",
    "status", "no_blanko",
]  # fmt: skip


def blanko_request(session) -> bytes:
    """One row per decided candidate of the jadwal, with the data BNSP's blanko request asks for."""
    participants = (
        session.participants.filter(
            case__status__in=(CaseStatus.COMPETENT, CaseStatus.NOT_YET_COMPETENT, CaseStatus.CERTIFIED)
        )
        .select_related("case__asesi", "case__decision", "asesor__assessor_profile")
        .order_by("case__asesi__full_name")
    )
    profiles = {
        p.user_id: p
        for p in ApplicantProfile.objects.filter(user__in=[p.case.asesi_id for p in participants])
    }
    certificates = {c.case_id: c for c in Certificate.objects.filter(case__participant__session=session)}
    rows = []
    for participant in participants:
        case, profile = participant.case, profiles.get(participant.case.asesi_id)
        certificate = certificates.get(case.pk)
        assessor = getattr(participant.asesor, "assessor_profile", None)
        rows.append(
            [
                case.asesi.full_name,
                (profile.nik or profile.passport_number) if profile else "",
                profile.place_of_birth if profile else "",
                profile.date_of_birth.isoformat() if profile and profile.date_of_birth else "",
                profile.sex if profile else "",
                profile.address if profile else "",
                profile.province if profile else "",
                profile.phone if profile else "",
                case.asesi.email,
                profile.last_education if profile else "",
                profile.job_title if profile else "",
                profile.employer if profile else "",
                session.reference,
                session.starts_at.date().isoformat(),
                assessor.met_number if assessor else "",
                participant.asesor.full_name,
                "",  # budget source code: the LSP fills it in from BNSP's list
                "K" if case.decision.competent else "BK",
                str(session.tuk),
                certificate.number if certificate else "",
                certificate.blanko_number if certificate else "",
            ]
        )
    return workbook_bytes("Blanko", BLANKO_COLUMNS, rows)


def certificate_register() -> bytes:
    rows = (
        [
            c.number,
            c.registration_number,
            c.holder_name,
            c.scheme_code,
            c.scheme_title,
            c.issued_on.isoformat(),
            c.expires_on.isoformat(),
            public_status(c),
            c.blanko_number,
        ]
        for c in Certificate.objects.order_by("issued_on", "sequence").iterator()
    )
    return workbook_bytes("Register", REGISTER_COLUMNS, rows)
