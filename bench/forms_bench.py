"""The applicant's forms, as ratios measured in one run. Prints JSON lines.

- FR.APL.02 PDF for the 12-unit scheme of seed 001: Kompeten's whole rendering (gathering data, templating,
  WeasyPrint) against WeasyPrint alone on the same finished HTML. Target ratio ≤ 1.3.
- The APL-02 page: the server's whole response against rendering the same template from a context already
  in memory, with no database. Target ratio ≤ 2. Its query count is printed for 1 and 12 units: the same.
"""

import functools
import os
import pathlib
import sys
import tempfile

import django
from benchlib import exit_code, paired, report

SHARED = pathlib.Path(__file__).resolve().parent.parent.parent / "shared"


def main() -> int:
    if not SHARED.is_dir():
        print(f"bench: {SHARED} is missing (the seeds live in ../shared/seeds)", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompeten.settings")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DEBUG"] = "False"  # measured as served: no query log, no template debug information
    os.environ["KOMPETEN_VAR_DIR"] = tempfile.mkdtemp(prefix="kompeten-bench-")
    django.setup()
    from django.conf import settings
    from django.db import connection

    # Not setup_test_environment(): it makes every template rendered during a test client's request send a
    # signal that copies the whole context (for response.context), a cost no served page has and that the
    # in-memory side of the ratio never pays. What it would set that the bench needs is set here.
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    settings.MEDIA_ROOT = os.environ["KOMPETEN_VAR_DIR"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    scheme, small = _data()
    _pdf(scheme)
    _page(scheme, small)
    return exit_code()


def _data():
    import datetime

    from tests.factories import SchemeFactory, UnitFactory

    from kompeten.accounts.models import Role
    from kompeten.accounts.services import applicant_profile_update, user_create
    from kompeten.schemes.services import scheme_activate
    from kompeten.standards.imports import import_job_confirm, import_job_create

    admin = user_create(actor=None, email="admin@bench.id", password="x", roles=[Role.ADMIN_LSP])
    for name in ("002_50698809bdac173a", "001_fc7e7a7da436c8e2"):
        data = (SHARED / "seeds" / f"{name}.txt").read_bytes()
        job = import_job_confirm(actor=admin, job=import_job_create(actor=admin, name=name, data=data))
    scheme_activate(actor=admin, scheme=job.scheme)
    asesi = user_create(
        actor=None, email="asesi@bench.id", password="x", full_name="Asesi Bench", roles=[Role.ASESI]
    )
    applicant_profile_update(
        actor=None,
        user=asesi,
        full_name="Asesi Bench",
        nik="3171015708900002",
        nationality="WNI",
        province="31",
        place_of_birth="Jakarta",
        date_of_birth=datetime.date(1990, 8, 17),
        sex="P",
        address="Jl. A",
        phone="0812",
        last_education="S1",
        employer="PT B",
        job_title="Staf",
        employer_address="Jl. C",
    )
    small = SchemeFactory(status="active", units=[UnitFactory(code="X.00BNC00.001.1", elements=3)])
    return job.scheme, small


@functools.cache
def _case(scheme):
    from kompeten.accounts.models import User
    from kompeten.cases import services
    from kompeten.cases.models import Case, CaseStatus

    asesi = User.objects.get(email="asesi@bench.id")
    case = Case.objects.create(
        reference=f"APL-B-{scheme.pk}",
        asesi=asesi,
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
        status=CaseStatus.VERIFIED,
    )
    for element in services.case_elements(case):
        services.self_assessment_save(
            actor=asesi,
            case=case,
            element=element,
            version=0,
            answer="K",
            evidence_note="Sertifikat pelatihan dan laporan kerja",
        )
    return case


def _pdf(scheme) -> None:
    from kompeten.documents.render import form_html, html_to_pdf
    from kompeten.documents.views import fr_apl_02_context

    case = _case(scheme)
    user = case.asesi

    def whole() -> bytes:
        return html_to_pdf(form_html("documents/fr_apl_02.html", fr_apl_02_context(case, user)))

    html = form_html("documents/fr_apl_02.html", fr_apl_02_context(case, user))
    whole()
    html_to_pdf(html)  # warm WeasyPrint's caches for both
    whole_s, weasyprint_s = paired(whole, lambda: html_to_pdf(html), rounds=5)
    report(
        "fr_apl_02_pdf",
        value=whole_s / weasyprint_s,
        target=1.3,
        units=case.scheme.scheme_units.count(),
        whole_s=round(whole_s, 3),
        weasyprint_s=round(weasyprint_s, 3),
    )


def _page(scheme, small) -> None:
    from django.db import connection
    from django.middleware.csrf import get_token
    from django.template.loader import get_template
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from kompeten.cases.selectors import apl02_page
    from kompeten.core.context_processors import kompeten

    queries = {}
    for label, which in (("small", small), ("large", scheme)):
        case = _case(which)
        client = Client()
        client.force_login(case.asesi)
        url = reverse("cases:apl02", kwargs={"pk": case.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[label] = len(captured)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        cProfile.runctx(
            "for _ in range(20): client.get(url)", globals(), {"client": client, "url": url}, "/tmp/page.prof"
        )
        pstats.Stats("/tmp/page.prof").sort_stats(
            os.environ.get("BENCH_PROFILE_SORT", "cumulative")
        ).print_stats(40)
    # The same page from a context already in memory: what the context processors and the view would
    # have computed is computed once, beforehand; rendering then touches no database.
    request = RequestFactory().get(url)
    request.user = case.asesi
    context = {
        **apl02_page(case, case.asesi),
        **kompeten(request),
        "request": request,
        "user": case.asesi,
        "csrf_token": get_token(request),
        "messages": [],
    }
    context["units"] = [{**unit, "elements": list(unit["elements"])} for unit in context["units"]]
    case.asesi.roles  # noqa: B018 - loads the roles now, as the page's navigation will read them
    template = get_template("cases/apl02.html")
    template.render(context)
    with CaptureQueriesContext(connection) as in_memory:
        template.render(context)
    server_s, template_s = paired(lambda: client.get(url), lambda: template.render(context), rounds=15)
    if os.environ.get("BENCH_SQL"):
        for query in captured.captured_queries + in_memory.captured_queries[:3]:
            print(query["sql"][:160], file=sys.stderr)
    report(
        "apl02_page",
        value=server_s / template_s,
        target=2,
        units=case.scheme.scheme_units.count(),
        server_s=round(server_s, 4),
        template_s=round(template_s, 4),
        queries_1_unit=queries["small"],
        queries_12_units=queries["large"],
        template_queries=len(in_memory),
    )


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    sys.exit(main())
