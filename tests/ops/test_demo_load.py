from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompeten.accounts.identity import nik_problems
from kompeten.accounts.models import Role, User
from kompeten.assessments.models import AssessmentSession, Question, SessionReport, Tuk
from kompeten.assessments.planning import current_plan, plan_gaps
from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates import appeals
from kompeten.certificates.models import Certificate, Complaint
from kompeten.certificates.printing import verification_url
from kompeten.core.models import AuditEvent, LspProfile, Notification
from kompeten.ops.management.commands.demo_load import DEMO_CANDIDATES, DEMO_PANEL, DEMO_USERS
from kompeten.schemes.models import Scheme, SchemeStatus
from kompeten.standards.models import Criterion, ImportJob

RINA, DODI = (candidate.email for candidate in DEMO_CANDIDATES)


def load() -> str:
    out = StringIO()
    call_command("demo_load", stdout=out)
    return out.getvalue()


def test_it_loads_one_login_per_role_and_prints_them(db):
    output = load()
    assert {role for _email, _name, role in DEMO_USERS} == set(Role)
    for email, _name, role in DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.has_role(role) and user.check_password("kompeten-demo")
        assert f"  {role.label:<26} {email}\n" in output
    for candidate in DEMO_CANDIDATES:
        assert User.objects.get(email=candidate.email).check_password("kompeten-demo")
    assert output.count("@demo.kompeten.id") == len(Role) + len(DEMO_CANDIDATES) + len(DEMO_PANEL)
    assert "kompeten-demo" in output
    assert User.objects.get(email="asesor@demo.kompeten.id").assessor_profile.licence_is_valid()


def test_it_imports_the_demo_documents_through_the_importer_and_opens_two_schemes(db):
    load()
    jobs = ImportJob.objects.order_by("pk")
    assert [(job.kind, job.status) for job in jobs] == [
        ("skkni", "imported"),
        ("apl02", "imported"),
        ("scheme", "imported"),
    ]
    schemes = Scheme.objects.filter(status=SchemeStatus.ACTIVE).order_by("title")
    assert [scheme.title for scheme in schemes] == [
        "Memberikan Layanan Konsultasi Manajemen Pemasaran",
        "Pelayanan Publik",
    ]
    assert schemes[0].scheme_units.count() == 12
    assert Criterion.objects.filter(element__unit__schemes=schemes[0]).count() == 151
    assert LspProfile.objects.get().head_name
    asesor = User.objects.get(email="asesor@demo.kompeten.id").assessor_profile
    assert set(asesor.schemes.all()) == set(schemes)
    assert User.objects.get(email="asesi@demo.kompeten.id").applicant_profile.is_complete
    tuk = Tuk.objects.get()
    assert tuk.verifications.count() == 2 and tuk.admins.get().email == "tuk@demo.kompeten.id"
    assert Question.objects.count() == 6
    for scheme in schemes:
        plan = current_plan(scheme)
        assert plan.version == 1 and not plan_gaps(plan)


def test_loading_twice_changes_nothing(db):
    load()
    counts = (
        User.objects.count(),
        Scheme.objects.count(),
        Criterion.objects.count(),
        AuditEvent.objects.count(),
    )
    output = load()
    assert (
        User.objects.count(),
        Scheme.objects.count(),
        Criterion.objects.count(),
        AuditEvent.objects.count(),
    ) == (counts)
    assert output.count("@demo.kompeten.id") == len(Role) + len(DEMO_CANDIDATES) + len(DEMO_PANEL)


def test_the_demo_documents_are_the_seed_documents_without_the_real_assessor(shared_dir):
    from kompeten.ops.management.commands.demo_load import DEMO_DIR

    seeds = shared_dir / "seeds"
    assert (DEMO_DIR / "skkni-124-2022-konsultasi-manajemen-pemasaran.txt").read_bytes() == (
        seeds / "002_50698809bdac173a.txt"
    ).read_bytes()
    assert (DEMO_DIR / "skema-klaster-pelayanan-publik.txt").read_bytes() == (
        seeds / "004_781e8ea64b54a4ac.txt"
    ).read_bytes()
    form = (DEMO_DIR / "fr-apl-02-konsultasi-manajemen-pemasaran.txt").read_text()
    original = (seeds / "001_fc7e7a7da436c8e2.txt").read_text()
    assert "Andriansyah" not in form and "Bachtillah" not in form
    assert form == original.replace("Andriansyah Bachtillah", "Rina Kartika Sari")


def test_the_demo_candidate_waits_for_a_schedule_in_one_scheme_and_may_apply_to_the_other(db):
    load()
    from kompeten.cases.models import Case, CaseStatus

    (case,) = Case.objects.filter(asesi__email="asesi@demo.kompeten.id")
    assert (case.scheme.title, case.status) == (
        "Memberikan Layanan Konsultasi Manajemen Pemasaran",
        CaseStatus.CONTINUE,
    )
    assert case.asesor.email == "asesor@demo.kompeten.id"
    assert case.self_assessments.filter(answer="K").count() == case.self_assessments.count() > 0


def test_two_more_candidates_with_a_filled_profile_and_valid_different_niks(db):
    load()
    niks = set()
    for candidate in DEMO_CANDIDATES:
        user = User.objects.get(email=candidate.email, role_assignments__role=Role.ASESI)
        profile = user.applicant_profile
        assert profile.is_complete and user.full_name == candidate.full_name
        assert not nik_problems(
            profile.nik, province=profile.province, date_of_birth=profile.date_of_birth, sex=profile.sex
        )
        niks.add(profile.nik)
    niks.add(User.objects.get(email="asesi@demo.kompeten.id").applicant_profile.nik)
    assert len(niks) == 3


def test_both_candidates_went_through_one_jadwal_at_the_demo_tuk_with_the_demo_assessor(db):
    load()
    (session,) = AssessmentSession.objects.all()
    assert session.tuk.name == "TUK Sewaktu LSP Kompeten Demo"
    assert session.scheme.title == "Memberikan Layanan Konsultasi Manajemen Pemasaran"
    assert session.starts_at.date() <= timezone.localdate()
    participants = session.participants.select_related("case__asesi", "consent", "record").order_by("pk")
    assert [p.case.asesi.email for p in participants] == [RINA, DODI]
    for participant, recommendation in zip(participants, ["K", "BK"], strict=True):
        assert participant.asesor.email == participant.case.asesor.email == "asesor@demo.kompeten.id"
        assert participant.consent.asesi_confirmed_at and participant.consent.asesor_confirmed_at
        assert participant.record.recommendation == recommendation and participant.record.asesi_signed_at
        assert participant.case.decision.decided_by.email == "komite@demo.kompeten.id"
    assert session.assessors.get().declared_at is not None
    assert SessionReport.objects.get(session=session).signed_at is not None


def test_rina_holds_a_certificate_with_its_pdf_that_verifies_publicly(db, client):
    output = load()
    certificate = Certificate.objects.get(case__asesi__email=RINA)
    assert certificate.case.status == CaseStatus.CERTIFIED and certificate.case.decision.competent
    assert (certificate.holder_name, certificate.imported) == ("Rina Kompeten Demo", False)
    assert certificate.issued_by.email == "admin@demo.kompeten.id"
    with certificate.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    answer = client.get(reverse("certificates:verify_api", kwargs={"token": certificate.token}))
    assert answer.status_code == 200 and answer.json()["status"] == "active"
    assert f"Verify Rina's certificate: {verification_url(certificate)}\n" in output


def test_dodi_is_not_yet_competent_and_may_appeal_to_a_panel_of_the_demo_staff(db):
    load()
    case = Case.objects.get(asesi__email=DODI)
    assert case.status == CaseStatus.NOT_YET_COMPETENT and not hasattr(case, "certificate")
    assert case.decision.reason and case.decision.not_yet_competent_units
    assert appeals.appeal_open(case)
    appeal = appeals.appeal_submit(
        actor=case.asesi,
        case=case,
        process_explained=True,
        discussed_with_assessor=True,
        grounds="Saya sudah menunjukkan bukti untuk unit tersebut.",
    )
    assert appeal.status == "submitted"
    panel = [User.objects.get(email=email) for email, _name, _role in DEMO_PANEL]
    appeals.appeal_panel_form(actor=panel[0], appeal=appeal, members=panel)  # the head of the LSP forms it
    appeal.refresh_from_db()
    assert appeal.status == "panel_formed"


def test_certificates_issued_before_kompeten_are_imported_and_found_by_the_lookup(db, client):
    load()
    imported = Certificate.objects.filter(imported=True)
    assert imported.count() == 4 and not imported.filter(case__isnull=False).exists()
    assert sorted(imported.values_list("status", flat=True)) == [
        "active",
        "active",
        "expired",
        "suspended",
    ]
    assert imported.get(status="expired").expires_on < timezone.localdate()
    found = imported.get(holder_name="Sari Wulandari")
    response = client.get(reverse("certificates:lookup"), {"number": found.number, "name": "sari wulandari"})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", kwargs={"token": found.token})
    assert client.get(response["Location"]).status_code == 200
    client.force_login(User.objects.get(email="admin@demo.kompeten.id"))
    assert client.get(reverse("certificates:dashboard")).status_code == 200


def test_an_anonymous_complaint_is_being_handled_and_can_be_followed(db, client):
    output = load()
    complaint = Complaint.objects.get()
    assert complaint.submitted_by is None and complaint.status == "in_progress"
    update = complaint.updates.get()
    assert update.by.email == "admin@demo.kompeten.id"
    link = reverse("certificates:complaint_track", kwargs={"code": complaint.tracking_code})
    page = client.get(link)
    assert page.status_code == 200 and update.note in page.content.decode()
    assert f"Follow the demo complaint: http://127.0.0.1:8000{link}\n" in output


def test_a_second_load_creates_nothing_and_prints_the_same_lines(db):
    def counts():
        return [
            model.objects.count()
            for model in (User, Case, AssessmentSession, Certificate, Complaint, AuditEvent, Notification)
        ]

    first = load()
    before = counts()
    assert load() == first
    assert counts() == before
