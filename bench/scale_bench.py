"""Load and scale on PostgreSQL: the main list pages, the dashboards and certificate verification, served by
gunicorn on 127.0.0.1 under concurrent load, for an LSP of 1 000 candidates and one of 100 000 (120 000 cases,
over 1 000 000 FR.APL.02 answers; ``scale_data.py``), both measured in the same run. Prints JSON lines.

Both LSPs are generated into their own databases and served at once by two gunicorns alike (2 gthread workers
x 2 threads, DEBUG off). Each page is requested by CLIENTS keep-alive clients signed in as a typical user of
the role that sees it; the two sizes take turns, round after round, so that both meet the machine in the same
moods. Each request's time is taken at the client; every answer must be 200.

Targets, per page: p95 under 200 ms for lists and dashboards; p95 at 100 000 candidates within 1.5x of p95 at
1 000 (the cost must not grow with the data); the same number of SQL queries at both sizes (counted by the
server, ``bench_urls.count_queries``).

``SCALE_BENCH_PAGES`` restricts the run to some pages: a comma-separated list of words, each matched against
the page names below (e.g. ``SCALE_BENCH_PAGES=committee`` measures the committee's two pages only). Without it,
every page is measured.

Needs PostgreSQL on 127.0.0.1:5432 (role postgres, trust authentication): the databases kompeten_bench_scale_*
are created for the run and dropped at its end.
"""

import collections
import http.client
import json
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import psycopg
from certificates_bench import BENCH, ROOT, SERVER_URL, environment, gunicorn, postgres

SIZES = {"1k": 1_000, "100k": 100_000}
CLIENTS = 4
ROUNDS, REQUESTS_PER_ROUND, ROUND_SECONDS = 4, 40, 20  # per page and size: 160 requests at most
P95_TARGET_MS, RATIO_TARGET = 200, 1.5
# KOMPETEN_BENCH_KEEP=1: keep the generated databases (and their summaries in var/scale-bench/) for the next
# run, which then only measures: for working on a page's speed.
KEEP = os.environ.get("KOMPETEN_BENCH_KEEP") == "1"

# (name, role signed in as or None, path; "{token}" is a certificate's, drawn at random)
PAGES = [
    ("dashboard admin LSP", "admin_lsp", "/dasbor/admin-lsp/"),
    ("verification queue", "admin_lsp", "/verifikasi/"),
    ("certificates", "admin_lsp", "/sertifikat/"),
    ("jadwal (admin LSP)", "admin_lsp", "/jadwal/"),
    ("reports", "manajer", "/laporan/"),
    ("dashboard manajer", "manajer", "/dasbor/manajer-sertifikasi/"),
    ("dashboard committee", "komite", "/dasbor/komite-teknis/"),
    ("committee decisions", "komite", "/keputusan/"),
    ("dashboard assessor", "asesor", "/dasbor/asesor/"),
    ("jadwal (assessor)", "asesor", "/jadwal/"),
    ("dashboard TUK admin", "admin_tuk", "/dasbor/admin-tuk/"),
    ("dashboard candidate", "asesi", "/dasbor/asesi/"),
    ("my applications", "asesi", "/permohonan/"),
    ("certificate verification page", None, "/verifikasi/{token}/"),
    ("certificate verification API", None, "/api/verifikasi/{token}/"),
]


def selected_pages() -> list[tuple[str, str | None, str]]:
    """The pages SCALE_BENCH_PAGES names (a page is in when its name contains one of the comma-separated
    words), or all of them."""
    words = [
        word.strip().lower() for word in os.environ.get("SCALE_BENCH_PAGES", "").split(",") if word.strip()
    ]
    if not words:
        return PAGES
    return [page for page in PAGES if any(word in page[0].lower() for word in words)]


def database(size: str) -> str:
    """This run's database of the size: KOMPETEN_BENCH_DB_PREFIX names them apart when several runs share
    the server (e.g. ``kompeten_bench_mytask``)."""
    return f"{os.environ.get('KOMPETEN_BENCH_DB_PREFIX', 'kompeten_bench')}_scale_{size}"


def prepare(size: str, summary: pathlib.Path) -> dict:
    """The LSP of this size in its own fresh database (in a process of its own), with a signed-in session for
    each role; how long generating took. With KEEP, the databases of an earlier run are used again."""
    if KEEP and summary.exists():
        return json.loads(summary.read_text())
    postgres(f"DROP DATABASE IF EXISTS {database(size)} WITH (FORCE)")
    postgres(f"CREATE DATABASE {database(size)}")
    env = {**os.environ, "DATABASE_URL": f"{SERVER_URL}/{database(size)}"}
    command = [sys.executable, __file__, "--generate", str(SIZES[size]), str(summary)]
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    return json.loads(summary.read_text())


def generate_into_this_database(asesi: int, summary_path: str) -> None:
    """``--generate``: migrate, generate, sign the typical users in; the summary written as JSON."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from scale_data import generate

    from kompeten.accounts.models import User

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    start = time.perf_counter()
    summary = generate(asesi)
    summary["generate_s"] = round(time.perf_counter() - start, 1)
    _analyze()
    cookies = {}
    for role, pk in summary["users"].items():
        user = User.objects.get(pk=pk)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "kompeten.accounts.backends.AccountBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[role] = session.session_key
    summary["cookies"] = cookies
    pathlib.Path(summary_path).write_text(json.dumps(summary))


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum would have them on a database that grew over years."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def request(connection: http.client.HTTPConnection, path: str, session: str | None) -> tuple[int, int, float]:
    """(status, queries, seconds) of one GET."""
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    start = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    return response.status, int(response.getheader("X-Bench-Queries", "-1")), elapsed


def load(
    port: int, path_of, session: str | None, *, requests: int, seconds: float
) -> tuple[list[float], list[int]]:
    """CLIENTS keep-alive clients sending ``requests`` GETs between them (fewer if ``seconds`` run out):
    every request's time and query count."""
    times, queries, errors = [], [], []
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                path = path_of(rng)
                status, count, elapsed = request(connection, path, session)
                if status != 200:
                    raise AssertionError(f"GET {path} answered {status}")
                with lock:
                    times.append(elapsed)
                    queries.append(count)
        except Exception as error:  # reported by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return times, queries


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def drawing(path: str, tokens: list[str]):
    """The path to request next, with a certificate's token drawn at random where it has one."""
    return lambda rng: path.format(token=rng.choice(tokens))


def measure_page(ports: dict, summaries: dict, name: str, role: str | None, path: str) -> dict:
    times = {size: [] for size in SIZES}
    queries = {size: collections.Counter() for size in SIZES}
    path_of = {size: drawing(path, summaries[size]["tokens"]) for size in SIZES}
    session = {size: summaries[size]["cookies"].get(role) for size in SIZES}
    for size in SIZES:  # warm up: the first requests of a page load its templates and code
        load(ports[size], path_of[size], session[size], requests=2 * CLIENTS, seconds=ROUND_SECONDS)
    for _ in range(ROUNDS):
        for size in SIZES:
            found, counts = load(
                ports[size], path_of[size], session[size], requests=REQUESTS_PER_ROUND, seconds=ROUND_SECONDS
            )
            times[size].extend(found)
            queries[size].update(counts)
    p95 = {size: 1000 * percentile(times[size], 0.95) for size in SIZES}
    ratio = p95["100k"] / p95["1k"]
    # The count most answers had (now and then the shared cache adds one: a miss, or expired rows deleted).
    usual = {size: queries[size].most_common(1)[0][0] for size in SIZES}
    same_queries = usual["1k"] == usual["100k"]
    return {
        "bench": "scale",
        "page": name,
        "path": path,
        "requests": {size: len(times[size]) for size in SIZES},
        **{f"p50_ms_{size}": round(1000 * statistics.median(times[size]), 1) for size in SIZES},
        **{f"p95_ms_{size}": round(p95[size], 1) for size in SIZES},
        "p95_ratio": round(ratio, 2),
        "queries": usual,
        "met": p95["100k"] < P95_TARGET_MS and ratio <= RATIO_TARGET and same_queries,
    }


def measure(summaries: dict) -> list[dict]:
    results = []
    with (
        gunicorn(DATABASE_URL=f"{SERVER_URL}/{database('1k')}") as small,
        gunicorn(DATABASE_URL=f"{SERVER_URL}/{database('100k')}") as large,
    ):
        ports = {"1k": small, "100k": large}
        for name, role, path in selected_pages():
            result = measure_page(ports, summaries, name, role, path)
            print(json.dumps(result), flush=True)
            results.append(result)
    return results


def main() -> int:
    try:
        postgres("SELECT 1")
    except psycopg.OperationalError as error:
        print(f"bench: PostgreSQL is needed on {SERVER_URL} ({error})", file=sys.stderr)
        return 2
    if KEEP:
        var = str(ROOT / "var" / "scale-bench")
        os.makedirs(var, exist_ok=True)
    else:
        var = tempfile.mkdtemp(prefix="kompeten-scale-bench-")
    environment(var, KOMPETEN_STAFF_TOTP="False")  # staff sign in with a password, as in development
    try:
        summaries = {}
        for size in SIZES:
            summaries[size] = prepare(size, pathlib.Path(var) / f"{size}.json")
            shown = ("asesi", "cases", "kuk_answers", "sessions", "certificates", "generate_s")
            print(json.dumps({"bench": "scale_data", "size": size, **{k: summaries[size][k] for k in shown}}))
        results = measure(summaries)
        missed = [result for result in results if not result["met"]]
        print(
            json.dumps(
                {
                    "bench": "scale_summary",
                    "pages": len(results),
                    "met": sum(result["met"] for result in results),
                    "worst_p95_ms_100k": max(result["p95_ms_100k"] for result in results),
                    "worst_p95_ratio": max(result["p95_ratio"] for result in results),
                    "targets": {"p95_ms": P95_TARGET_MS, "ratio": RATIO_TARGET, "queries": "equal"},
                }
            ),
            flush=True,
        )
    finally:
        if not KEEP:
            for size in SIZES:
                postgres(f"DROP DATABASE IF EXISTS {database(size)} WITH (FORCE)")
            shutil.rmtree(var, ignore_errors=True)
    for result in missed:
        print(f"bench: target missed — {json.dumps(result)}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--generate"]:
        sys.path[:0] = [str(BENCH), str(ROOT)]
        generate_into_this_database(int(sys.argv[2]), sys.argv[3])
        sys.exit(0)
    sys.exit(main())
