import datetime
import io

import pytest
from PIL import Image

from kompeten.accounts.models import ApplicantProfile, AssessorProfile, Role
from kompeten.cases.services import case_open, evidence_upload
from kompeten.schemes.models import SchemeStatus
from tests.factories import SchemeFactory, UnitFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def scheme(db):
    scheme = SchemeFactory(
        title="Konsultan Pemasaran",
        status=SchemeStatus.ACTIVE,
        units=[UnitFactory(elements=2), UnitFactory(elements=1)],
    )
    scheme.requirements.create(text="Pendidikan minimal D3", order=1)
    scheme.evidence.create(kind="basic", text="Fotokopi ijazah", order=1)
    scheme.evidence.create(kind="administrative", text="Fotokopi KTP", order=1)
    return scheme


def complete_profile(user) -> ApplicantProfile:
    from kompeten.accounts.services import applicant_profile_update

    return applicant_profile_update(
        actor=user,
        user=user,
        full_name=user.full_name or "Siti Rahma",
        nik="3171015708900002" if user.email.startswith("asesi@") else "",
        passport_number="" if user.email.startswith("asesi@") else f"P{user.pk:07d}",
        nationality="WNI" if user.email.startswith("asesi@") else "WNA",
        province="31" if user.email.startswith("asesi@") else "",
        place_of_birth="Jakarta",
        date_of_birth=datetime.date(1990, 8, 17),
        sex="P",
        address="Jl. Melati 5",
        phone="0812",
        last_education="S1",
        employer="PT Contoh",
        job_title="Staf",
        employer_address="Jl. Sudirman 1",
    )


@pytest.fixture
def applicant(cast):
    complete_profile(cast.asesi)
    return cast.asesi


@pytest.fixture
def draft(applicant, scheme):
    return case_open(actor=applicant, scheme=scheme, purpose="sertifikasi")


@pytest.fixture
def with_documents(draft):
    for requirement in draft.scheme.evidence.all():
        evidence_upload(
            actor=draft.asesi, case=draft, name=f"{requirement.text}.pdf", data=PDF, requirement=requirement
        )
    return draft


@pytest.fixture
def asesor(cast, scheme):
    profile = AssessorProfile.objects.create(
        user=cast.asesor,
        met_number="MET.000.000123 2025",
        licence_expires_on=datetime.date.today() + datetime.timedelta(days=90),
    )
    profile.schemes.add(scheme)
    return cast.asesor


@pytest.fixture
def other_applicant(db):
    user = UserFactory(email="lain@contoh.id", roles=[Role.ASESI])
    complete_profile(user)
    return user
