from io import StringIO

from django.core.management import call_command

from kompeten.accounts.models import Role, User
from kompeten.assessments.models import Question, Tuk
from kompeten.assessments.planning import current_plan, plan_gaps
from kompeten.core.models import AuditEvent, LspProfile
from kompeten.schemes.models import Scheme, SchemeStatus
from kompeten.standards.models import Criterion, ImportJob


def load() -> str:
    out = StringIO()
    call_command("demo_load", stdout=out)
    return out.getvalue()


def test_it_loads_one_login_per_role_and_prints_them(db):
    output = load()
    for role in Role:
        assert User.objects.get(role_assignments__role=role).check_password("kompeten-demo")
    assert output.count("@demo.kompeten.id") == len(Role)
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
    assert output.count("@demo.kompeten.id") == len(Role)


def test_the_demo_documents_are_the_seed_documents_without_the_real_assessor(shared_dir):
    from kompeten.core.management.commands.demo_load import DEMO_DIR

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
