from io import StringIO

from django.core.management import call_command

from kompeten.accounts.models import Role, User
from kompeten.core.models import AuditEvent, LspProfile
from kompeten.schemes.models import Scheme, SchemeStatus
from kompeten.standards.models import Criterion


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


def test_it_opens_two_schemes_built_on_imported_units(db):
    load()
    schemes = Scheme.objects.filter(status=SchemeStatus.ACTIVE).order_by("title")
    assert [scheme.kind for scheme in schemes] == ["okupasi", "klaster"]
    assert schemes[0].scheme_units.count() == 9
    assert Criterion.objects.filter(element__unit__schemes=schemes[0]).count() == 107
    assert LspProfile.objects.get().head_name


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


def test_the_demo_documents_are_the_expected_parses_of_the_seed_documents(shared_dir):
    import json

    from kompeten.core.management.commands.demo_load import CLUSTER_SCHEME_FILE, DEMO_DIR, STANDARD_FILE

    for demo_file, seed in [
        (STANDARD_FILE, "002_50698809bdac173a"),
        (CLUSTER_SCHEME_FILE, "004_781e8ea64b54a4ac"),
    ]:
        expected = json.loads(
            (shared_dir / "seeds" / "expected" / f"{seed}.json").read_text(encoding="utf-8")
        )
        assert json.loads((DEMO_DIR / demo_file).read_text(encoding="utf-8")) == expected
