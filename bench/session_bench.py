"""A session of 30 participants and 12 units, as ratios measured in one run. Prints JSON lines.

- The assessor's observation page (FR.IA.01): server time against rendering the same template from an
  in-memory context (target ratio ≤ 2), with its query count for 1 and 12 units and 1 and 30 participants.
- 30 FR.AK.02 PDFs rendered as background tasks: two workers against one (target throughput gain ≥ 1.6,
  measured over the rendering itself; the wall time with the worker processes' start-up is printed too).
"""

import datetime
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import django
from benchlib import exit_code, paired, parallel_capacity, report

ROOT = pathlib.Path(__file__).resolve().parent.parent
PARTICIPANTS, UNITS = 30, 12
GAIN_TARGET = 1.6  # two workers against one, on a machine that gives the run two cores


def setup() -> None:
    var = tempfile.mkdtemp(prefix="kompeten-session-bench-")
    os.environ.update(DJANGO_SETTINGS_MODULE="kompeten.settings", KOMPETEN_VAR_DIR=var)
    os.environ.pop("DATABASE_URL", None)  # a file database that several worker processes share
    os.environ["DEBUG"] = "False"  # measured as served: no query log, no template debug information
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the cache table every worker shares


def build(units: int, participants: int, tag: str):
    """A session with its participants consented, each with an FR.IA.01 answer per KUK and an FR.AK.02."""
    from django.utils import timezone
    from tests.factories import SchemeFactory, UnitFactory, UserFactory

    from kompeten.accounts.models import AssessorProfile, Role
    from kompeten.assessments import conduct, services
    from kompeten.assessments.models import InstrumentRecord, Tuk, TukVerification
    from kompeten.cases.models import Case, CaseStatus
    from kompeten.schemes.models import SchemeStatus

    manager = UserFactory(email=f"manajer-{tag}@bench.id", roles=[Role.MANAJER_SERTIFIKASI])
    asesor = UserFactory(email=f"asesor-{tag}@bench.id", roles=[Role.ASESOR])
    scheme = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory(elements=3) for _ in range(units)])
    profile = AssessorProfile.objects.create(
        user=asesor, met_number=f"MET.{tag}", licence_expires_on=datetime.date(2099, 1, 1)
    )
    profile.schemes.add(scheme)
    tuk = Tuk.objects.create(name=f"TUK {tag}", kind="sewaktu", address="Jl. Bench")
    today = datetime.date.today()
    TukVerification.objects.create(
        tuk=tuk,
        scheme_code=scheme.code,
        verified_on=today,
        valid_until=today + datetime.timedelta(days=9),
        verified_by=asesor,
    )
    start = timezone.now() + datetime.timedelta(days=1)
    session = services.session_create(
        actor=manager,
        scheme=scheme,
        tuk=tuk,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        quota=participants,
    )
    kuk = [c.pk for su in scheme.scheme_units.all() for e in su.unit.elements.all() for c in e.criteria.all()]
    result = []
    for n in range(participants):
        asesi = UserFactory(email=f"asesi-{tag}-{n}@bench.id", full_name=f"Asesi {n:02d}", roles=[Role.ASESI])
        case = Case.objects.create(
            reference=f"APL-{tag}-{n}",
            asesi=asesi,
            scheme=scheme,
            scheme_code=scheme.code,
            purpose="sertifikasi",
            status=CaseStatus.CONTINUE,
            asesor=asesor,
        )
        participant = services.session_add_participant(actor=manager, session=session, case=case)
        conduct.consent_propose(
            actor=asesor,
            participant=participant,
            methods=["observasi"],
            agreed_time=start,
            agreed_place="TUK",
        )
        conduct.consent_confirm(actor=asesi, participant=participant)
        participant.case.refresh_from_db()
        conduct.instrument_field_save(
            actor=asesor, participant=participant, kind="IA.01", key=f"kuk:{kuk[0]}", value="K", version=0
        )
        record = InstrumentRecord.objects.get(participant=participant, kind="IA.01")
        record.fields.update({f"kuk:{pk}": {"value": "K", "v": 1} for pk in kuk})
        record.save()
        conduct.instrument_conclude(actor=asesor, participant=participant, kind="IA.01", recommendation="K")
        unit_ids = [str(u) for u in scheme.scheme_units.values_list("unit_id", flat=True)]
        conduct.record_sign(
            actor=asesor,
            participant=participant,
            evidence=conduct.record_draft(participant),
            sufficient=dict.fromkeys(unit_ids, True),
            recommendation="K",
        )
        result.append(participant)
    return asesor, session, result


def observation_page(asesor, participant) -> tuple[object, int, str]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(asesor)
    url = reverse("assessments:instrument", kwargs={"pk": participant.pk, "kind": "IA.01"})
    client.get(url)
    executed = []
    with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
        assert client.get(url).status_code == 200
    return lambda: client.get(url), len(executed), url


def template_only(asesor, participant, url):
    from django.middleware.csrf import get_token
    from django.template.loader import get_template
    from django.test import RequestFactory

    from kompeten.assessments.models import InstrumentKind, InstrumentRecord, Recommendation
    from kompeten.cases.selectors import scheme_outline
    from kompeten.core.context_processors import kompeten

    request = RequestFactory().get(url)
    request.user = asesor
    record = InstrumentRecord.objects.get(participant=participant, kind="IA.01")
    context = {
        "participant": participant,
        "role": "asesor",
        "kind": "IA.01",
        "label": InstrumentKind("IA.01").label,
        "record": record,
        "fields": record.fields,
        "units": scheme_outline(participant.session.scheme),
        "questions": [],
        "editable": False,
        "recommendations": Recommendation.choices,
        **kompeten(request),
        "request": request,
        "user": asesor,
        "csrf_token": get_token(request),
        "messages": [],
    }
    asesor.roles  # noqa: B018 - loaded now, as the page's navigation reads them
    template = get_template("assessments/instrument.html")
    template.render(context)
    return lambda: template.render(context)


def bulk_pdfs(session, workers: int) -> tuple[float, float]:
    """Wall time from starting the workers to the last PDF, and the rendering span (first task started to
    last task finished: the workers' throughput once they run, without the processes' start-up)."""
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult

    from kompeten.assessments.models import AssessmentRecord
    from kompeten.assessments.tasks import render_ak02_pdf

    AssessmentRecord.objects.filter(participant__session=session).update(pdf="")
    DBTaskResult.objects.all().delete()
    for participant_id in session.participants.values_list("pk", flat=True):
        render_ak02_pdf.enqueue(participant_id)
    command = [
        sys.executable,
        "-m",
        "kompeten.cli",
        "manage",
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "-v0",
    ]
    start = time.perf_counter()
    processes = [subprocess.Popen(command, env=os.environ.copy(), cwd=ROOT) for _ in range(workers)]
    for process in processes:
        process.wait()
    elapsed = time.perf_counter() - start
    assert not AssessmentRecord.objects.filter(participant__session=session, pdf="").exists()
    span = DBTaskResult.objects.aggregate(first=Min("started_at"), last=Max("finished_at"))
    return elapsed, (span["last"] - span["first"]).total_seconds()


def main() -> int:
    setup()
    small_asesor, _small_session, small = build(1, 1, "small")
    asesor, session, participants = build(UNITS, PARTICIPANTS, "large")
    page, queries_large, url = observation_page(asesor, participants[0])
    _page_small, queries_small, _url = observation_page(small_asesor, small[0])
    server_s, template_s = paired(page, template_only(asesor, participants[0], url))
    report(
        "observation_page",
        value=server_s / template_s,
        target=2,
        participants=PARTICIPANTS,
        units=UNITS,
        server_s=round(server_s, 4),
        template_s=round(template_s, 4),
        queries_1_unit_1_participant=queries_small,
        queries_12_units_30_participants=queries_large,
    )
    capacity_before = parallel_capacity()
    one, one_span = bulk_pdfs(session, 1)
    two, two_span = bulk_pdfs(session, 2)
    capacity = min(capacity_before, parallel_capacity())
    report(
        "ak02_bulk_pdfs",
        key="throughput_gain",
        value=one_span / two_span,
        target=round(GAIN_TARGET * capacity / 2, 2),
        at_least=True,
        pdfs=PARTICIPANTS,
        one_worker_s=round(one, 2),
        two_workers_s=round(two, 2),
        wall_gain=round(one / two, 2),
        one_worker_rendering_s=round(one_span, 2),
        two_workers_rendering_s=round(two_span, 2),
        cores_available=round(capacity, 2),
    )
    return exit_code()


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    sys.exit(main())
