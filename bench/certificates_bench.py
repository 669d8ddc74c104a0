"""Certificates at scale on PostgreSQL, as ratios measured in one run. Prints JSON lines.

- Public verification among 100 000 certificates: requests per second of the JSON API
  (``/api/verifikasi/<token>/``, tokens drawn at random) against a bare Django view answering a constant
  JSON document, both served by the same gunicorn (2 gthread workers, DEBUG off, rate limit off) to a few
  keep-alive clients. Target ratio ≥ 0.5. Every answer must be 200; a sample is checked for the right status.
- 500 certificates issued with their PDFs as background tasks (issue, then render): two workers against one
  (target throughput gain ≥ 1.6, measured over the work itself, first task started to last task finished;
  the wall time with the worker processes' start-up is printed too), with the median time one certificate
  takes to issue and to render (a worker's first PDF also loads WeasyPrint's fonts: a second or more).

Needs PostgreSQL on 127.0.0.1:5432 (role postgres, trust authentication): the database kompeten_bench_certs
is created for the run and dropped at its end.
"""

import contextlib
import datetime
import http.client
import itertools
import json
import os
import pathlib
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import django
import django.apps
import psycopg

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
DATABASE = f"{os.environ.get('KOMPETEN_BENCH_DB_PREFIX', 'kompeten_bench')}_certs"  # named apart per run

CERTIFICATES, INSERT_BATCH = 100_000, 5_000
CHECKED = 300  # verification answers whose status is compared with the one stored
CLIENTS = 4  # concurrent keep-alive connections
RECONNECT = 200  # requests per connection, so that connections spread over both gunicorn workers
WARMUP = 1_000
ROUNDS, ROUND_REQUESTS, ROUND_SECONDS = 5, 3_000, 10
GUNICORN = ["--workers", "2", "--worker-class", "gthread", "--threads", "2", "--log-level", "warning"]

ISSUED, UNITS = 500, 6
RENDER_TASK = "kompeten.certificates.tasks.render_certificate_pdf"
ISSUE_TASK = "kompeten.certificates.tasks.issue_certificate"


def postgres(sql: str) -> None:
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def environment(var: str, **extra: str) -> None:
    """The settings this process and every server or worker it starts share."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench_settings",  # the product's settings with bench_urls and e-mail in memory
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        DEBUG="False",  # measured as served: no query log, no template debug information
        KOMPETEN_VAR_DIR=var,
        MEDIA_ROOT=os.path.join(var, "media"),  # the PDFs go where the run's other files go, and with them
        KOMPETEN_VERIFY_RATE_LIMIT="0",  # the clients all come from 127.0.0.1
        **extra,
    )


def setup(var: str) -> None:
    """A fresh database, migrated; this process and every server or worker it starts share its settings."""
    environment(var, DATABASE_URL=f"{SERVER_URL}/{DATABASE}")
    sys.path[:0] = [str(BENCH), str(ROOT)]
    postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    postgres(f"CREATE DATABASE {DATABASE}")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def lsp_admin():
    from kompeten.accounts.models import Role, RoleAssignment, User

    admin = User.objects.create(email="admin@bench.id", full_name="Admin LSP", is_staff=True)
    RoleAssignment.objects.create(user=admin, role=Role.ADMIN_LSP)
    return admin


def seed_certificates(issuer) -> dict[str, str]:
    """100 000 imported certificates, one in twenty each suspended, withdrawn or past its validity.
    Returns the status verification must answer for each token."""
    from django.utils import timezone

    from kompeten.certificates.models import Certificate, CertificateStatus, new_verification_token

    today = timezone.localdate()
    units = [{"code": f"M.70MKT00.{n:03d}.2", "title": f"Unit Bench {n}"} for n in range(1, UNITS + 1)]
    expected = {}
    for start in range(0, CERTIFICATES, INSERT_BATCH):
        batch = []
        for n in range(start, min(start + INSERT_BATCH, CERTIFICATES)):
            kind = n % 20
            status = {1: CertificateStatus.SUSPENDED, 2: CertificateStatus.WITHDRAWN}.get(
                kind, CertificateStatus.ACTIVE
            )
            issued_on = today - datetime.timedelta(days=4 * 365 if kind == 3 else n % 700)
            certificate = Certificate(
                imported=True,
                number=f"SKM/BENCH/{n:06d}",
                registration_number=f"REG-BENCH-{n:06d}",
                token=new_verification_token(),
                holder_name=f"Pemegang Sertifikat {n}",
                scheme_code=f"SKM/BENCH/{n % 40:03d}/2022",
                scheme_title=f"Skema Bench {n % 40}",
                units=units,
                issued_on=issued_on,
                expires_on=issued_on + datetime.timedelta(days=3 * 365),
                status=status,
                issued_by=issuer,
            )
            batch.append(certificate)
            expected[certificate.token] = CertificateStatus.EXPIRED.value if kind == 3 else status.value
        Certificate.objects.bulk_create(batch)
    return expected


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


@contextlib.contextmanager
def gunicorn(**env: str):
    """The project served by gunicorn on a free port of 127.0.0.1 (with ``env`` added to this process's
    environment), stopped on leaving."""
    port = free_port()
    command = [
        str(pathlib.Path(sys.executable).parent / "gunicorn"),
        "kompeten.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        *GUNICORN,
    ]
    server = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with status {server.returncode}")
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                if get(probe, "/bench/bare/")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
            finally:
                probe.close()
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def check_answers(port: int, expected: dict[str, str]) -> int:
    """Verification answers 200 with the stored status: a random sample and one certificate of each status."""
    one_of_each = {status: token for token, status in expected.items()}
    tokens = [*random.Random(0).sample(sorted(expected), CHECKED), *one_of_each.values()]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for token in tokens:
        status, body = get(connection, f"/api/verifikasi/{token}/")
        assert status == 200, (token, status, body)
        answer = json.loads(body)
        assert answer["found"] and answer["status"] == expected[token], (token, answer, expected[token])
    connection.close()
    return len(tokens)


def throughput(port: int, pick_path, *, requests: int, seconds: float) -> float:
    """Requests per second of CLIENTS keep-alive connections sending ``requests`` GETs between them, fewer if
    ``seconds`` run out first. ``pick_path(rng)`` gives each request's path; every answer must be 200."""
    sent = itertools.count()
    done = [0] * CLIENTS
    errors = []
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = None
        try:
            while next(sent) < requests and time.perf_counter() < deadline:
                if done[index] % RECONNECT == 0:
                    if connection is not None:
                        connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                path = pick_path(rng)
                status, _body = get(connection, path)
                if status != 200:
                    raise AssertionError(f"GET {path} answered {status}")
                done[index] += 1
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            if connection is not None:
                connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return sum(done) / elapsed


def verification(expected: dict[str, str]) -> dict:
    tokens = sorted(expected)
    paths = {
        "bare": lambda rng: "/bench/bare/",
        "verify": lambda rng: f"/api/verifikasi/{rng.choice(tokens)}/",
    }
    best = dict.fromkeys(paths, 0.0)
    with gunicorn() as port:
        checked = check_answers(port, expected)
        for pick_path in paths.values():
            throughput(port, pick_path, requests=WARMUP, seconds=ROUND_SECONDS)
        for _ in range(ROUNDS):  # alternated, so that both meet the machine in the same moods
            for name, pick_path in paths.items():
                rate = throughput(port, pick_path, requests=ROUND_REQUESTS, seconds=ROUND_SECONDS)
                best[name] = max(best[name], rate)
    ratio = best["verify"] / best["bare"]
    return {
        "bench": "certificate_verification",
        "certificates": CERTIFICATES,
        "server": "gunicorn, 2 gthread workers x 2 threads",
        "clients": CLIENTS,
        "verify_rps": round(best["verify"]),
        "bare_rps": round(best["bare"]),
        "ratio": round(ratio, 2),
        "target": 0.5,
        "met": ratio >= 0.5,
        "answers_checked": checked,
    }


def competent_cases() -> list[int]:
    """ISSUED cases of one scheme decided competent, each of its own candidate, waiting for a certificate."""
    from tests.factories import SchemeFactory, UnitFactory

    from kompeten.accounts.models import User
    from kompeten.cases.models import Case, CaseStatus, Purpose
    from kompeten.schemes.models import SchemeStatus

    scheme = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory(elements=2) for _ in range(UNITS)])
    candidates = User.objects.bulk_create(
        User(email=f"asesi{n}@bench.id", full_name=f"Asesi Bench {n:03d}", password="!")
        for n in range(ISSUED)
    )
    cases = Case.objects.bulk_create(
        Case(
            reference=f"APL-BENCH-{n:04d}",
            asesi=candidate,
            scheme=scheme,
            scheme_code=scheme.code,
            purpose=Purpose.CERTIFICATION,
            status=CaseStatus.COMPETENT,
        )
        for n, candidate in enumerate(candidates)
    )
    return [case.pk for case in cases]


def bulk_issue(case_ids: list[int], issuer, workers: int) -> dict:
    """Every case's certificate issued and rendered by ``workers`` db_worker processes, from scratch.

    Returns the wall time from starting the workers to their end, the span of the work (first task started to
    last task finished: the workers' throughput once they run, without the processes' start-up) and how long
    each task took, by task."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from kompeten.cases.models import Case, CaseStatus
    from kompeten.certificates.models import Certificate
    from kompeten.certificates.tasks import issue_certificate

    Certificate.objects.filter(case_id__in=case_ids).delete()
    Case.objects.filter(pk__in=case_ids).update(status=CaseStatus.COMPETENT)
    DBTaskResult.objects.all().delete()
    for case_id in case_ids:  # as session_certificates_queue does, one task per case
        issue_certificate.enqueue(case_id, issuer.pk)
    command = [sys.executable, "-m", "kompeten.cli", "manage", "db_worker"]
    command += ["--batch", "--no-reload", "--no-startup-delay", "-v0"]
    start = time.perf_counter()
    processes = [subprocess.Popen(command, env=os.environ.copy(), cwd=ROOT) for _ in range(workers)]
    assert all(process.wait() == 0 for process in processes)
    elapsed = time.perf_counter() - start

    assert Certificate.objects.filter(case_id__in=case_ids).exclude(pdf="").count() == len(case_ids)
    tasks = list(DBTaskResult.objects.values_list("task_path", "status", "started_at", "finished_at"))
    assert len(tasks) == 2 * len(case_ids)
    assert all(status == TaskResultStatus.SUCCESSFUL for _path, status, _begin, _end in tasks)
    durations = {ISSUE_TASK: [], RENDER_TASK: []}
    for path, _status, begin, end in tasks:
        durations[path].append((end - begin).total_seconds())
    span = max(end for *_rest, end in tasks) - min(begin for *_rest, begin, _end in tasks)
    return {"wall_s": elapsed, "span_s": span.total_seconds(), "durations": durations}


def issuing(issuer) -> dict:
    case_ids = competent_cases()
    one = bulk_issue(case_ids, issuer, 1)
    two = bulk_issue(case_ids, issuer, 2)  # the same cases, made competent again
    gain = one["span_s"] / two["span_s"]

    def median_ms(run: dict, path: str) -> float:
        return round(1000 * statistics.median(run["durations"][path]), 1)

    return {
        "bench": "certificate_bulk_issue",
        "certificates": ISSUED,
        "one_worker_s": round(one["wall_s"], 2),
        "two_workers_s": round(two["wall_s"], 2),
        "wall_gain": round(one["wall_s"] / two["wall_s"], 2),
        "one_worker_tasks_s": round(one["span_s"], 2),
        "two_workers_tasks_s": round(two["span_s"], 2),
        "throughput_gain": round(gain, 2),
        "target": 1.6,
        "met": gain >= 1.6,
        "render_ms_per_certificate_one_worker": median_ms(one, RENDER_TASK),
        "render_ms_per_certificate_two_workers": median_ms(two, RENDER_TASK),
        "issue_ms_per_certificate_one_worker": median_ms(one, ISSUE_TASK),
        "issue_ms_per_certificate_two_workers": median_ms(two, ISSUE_TASK),
    }


def main() -> int:
    try:
        postgres("SELECT 1")
    except psycopg.OperationalError as error:
        print(f"bench: PostgreSQL is needed on {SERVER_URL} ({error})", file=sys.stderr)
        return 2
    var = tempfile.mkdtemp(prefix="kompeten-certificates-bench-")
    results = []
    try:
        setup(var)
        issuer = lsp_admin()
        expected = seed_certificates(issuer)
        results = [verification(expected), issuing(issuer)]
        for result in results:
            print(json.dumps(result), flush=True)
    finally:
        if django.apps.apps.ready:
            from django.db import connections

            connections.close_all()
        postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        shutil.rmtree(var, ignore_errors=True)
    missed = [result["bench"] for result in results if not result["met"]]
    for bench in missed:
        print(f"bench: target missed — {bench}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
