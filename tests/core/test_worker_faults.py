"""Fault tests: the real worker (``kompeten manage db_worker``, as ``kompeten serve`` starts it) is killed with
SIGKILL in the middle of a PDF render and of an import, then started again: the work finishes, or is marked
failed and can be dealt with, and nothing is lost or done twice. On SQLite (a database file) and on
PostgreSQL (the test database), whichever the suite runs on.

The task is held at a checkpoint (``KOMPETEN_TASK_CHECKPOINTS``) that the test releases, so the kill always
lands mid-task; every wait polls the database or the checkpoint folder, bounded by a generous timeout."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]
TIMEOUT = (
    240  # seconds: generous, for a loaded two-core machine; polling ends as soon as the state is reached
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite database file, made once for the module (copied for each test)."""
    folder = tmp_path_factory.mktemp("fault-db")
    env = {**os.environ, "KOMPETEN_VAR_DIR": str(folder), "SQLITE_PATH": str(folder / "db.sqlite3")}
    env.pop("DATABASE_URL", None)
    for command in (["migrate", "-v0"], ["createcachetable"]):
        subprocess.run(
            [sys.executable, "-m", "kompeten.cli", "manage", *command], env=env, check=True, timeout=600
        )
    return folder / "db.sqlite3"


@pytest.fixture
def outside(request, tmp_path):
    """The environment of processes sharing the test's database: PostgreSQL's test database, or a SQLite
    file of its own."""
    env = {
        **os.environ,
        "KOMPETEN_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "KOMPETEN_TASK_CHECKPOINTS": str(tmp_path / "gates"),
        "KOMPETEN_WORKER_HEARTBEAT_SECONDS": "1",
        "PYTHONPATH": str(PROJECT_DIR),
    }
    (tmp_path / "gates").mkdir()
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        env.pop("DATABASE_URL", None)
        database = tmp_path / "db.sqlite3"
        shutil.copy(request.getfixturevalue("migrated_sqlite"), database)
        env["SQLITE_PATH"] = str(database)
    return env


class Outside:
    def __init__(self, env: dict, gates: Path):
        self.env, self.gates, self.worker = env, gates, None

    def run(self, *argv: str):
        result = subprocess.run(
            [sys.executable, "-m", "tests.core.worker_scenario", *argv],
            env=self.env,
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start_worker(self, stderr=subprocess.DEVNULL, **env) -> subprocess.Popen:
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "kompeten.cli", "manage", "db_worker", "--no-reload", "--interval", "0.2"],
            env={**self.env, **env},
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        return self.worker

    def kill_worker(self) -> None:
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait(timeout=30)

    def stop_worker(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGINT)
            try:
                self.worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait()

    def reached(self, gate: str) -> None:
        """Wait until the worker is held at ``gate``."""
        deadline = time.monotonic() + TIMEOUT
        while not (self.gates / f"{gate}.reached").exists():
            assert self.worker.poll() is None, "the worker exited before reaching the checkpoint"
            assert time.monotonic() < deadline, f"the worker never reached {gate}"
            time.sleep(0.1)

    def release(self, gate: str) -> None:
        (self.gates / f"{gate}.release").touch()

    def until(self, kind: str, pk: int, done) -> dict:
        """Poll the state of ``kind`` ``pk`` until ``done(state)``."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            state = self.run("state", kind, str(pk))
            if done(state):
                return state
            assert time.monotonic() < deadline, f"never reached: {state}"
            time.sleep(0.3)


@pytest.fixture
def world(outside, tmp_path):
    world = Outside(outside, tmp_path / "gates")
    yield world
    world.stop_worker()


def test_a_certificate_whose_worker_is_killed_mid_render_gets_its_pdf_once_from_the_next_worker(world):
    certificate = world.run("certificate")
    world.start_worker()
    world.reached("certificate-pdf")
    held = world.run("state", "certificate", str(certificate))
    assert held["pdf"] == "" and [task["status"] for task in held["tasks"]] == ["RUNNING"]
    world.kill_worker()
    world.release("certificate-pdf")
    world.start_worker()
    done = world.until("certificate", certificate, lambda state: state["tasks"][0]["status"] == "SUCCESSFUL")
    assert done["pdf"] and done["pdf_is_pdf"] and done["certificates"] == 1
    assert done["tasks"] == [{"status": "SUCCESSFUL", "workers": 2, "error": ""}]


def test_an_import_whose_worker_is_killed_mid_read_is_read_again_by_the_next_worker(world):
    job = world.run("import")
    world.start_worker()
    world.reached("import-parse")
    held = world.run("state", "import", str(job))
    assert (held["status"], held["progress"]) == ("parsing", 0)
    world.kill_worker()
    world.release("import-parse")
    world.start_worker()
    done = world.until("import", job, lambda state: state["status"] not in ("queued", "parsing"))
    assert done["status"] in ("parsed", "failed") and done["imports"] == 1
    assert done["error"] == "" or "pekerja latar" not in done["error"]  # read to the end, not given up
    assert done["tasks"] == [{"status": "SUCCESSFUL", "workers": 2, "error": ""}]


def test_an_import_whose_worker_is_lost_at_every_attempt_fails_with_a_message_and_can_be_cancelled(world):
    job = world.run("import")
    world.start_worker(KOMPETEN_TASK_MAX_ATTEMPTS="1")
    world.reached("import-parse")
    world.kill_worker()
    assert world.run("state", "import", str(job))["status"] == "parsing"  # stuck, as the issue found it
    world.start_worker(KOMPETEN_TASK_MAX_ATTEMPTS="1")
    failed = world.until("import", job, lambda state: state["status"] == "failed")
    assert failed["error"] == (
        "Pembacaan dokumen ini terhenti setiap kali dicoba (pekerja latar berhenti). Batalkan impor ini dan "
        "unggah dokumen itu lagi; bila terjadi lagi, laporkan."
    )
    assert failed["tasks"] == [{"status": "FAILED", "workers": 1, "error": "kompeten.core.worker.WorkerLost"}]
    assert world.run("cancel", str(job)) == "cancelled"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer lock")
def test_a_worker_waits_out_a_locked_database_and_then_does_its_work(world, tmp_path):
    import sqlite3

    certificate = world.run("certificate")
    world.release("certificate-pdf")
    holder = sqlite3.connect(world.env["SQLITE_PATH"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database, as a long import does
    log = tmp_path / "worker.err"
    try:
        world.start_worker(stderr=log.open("w"), SQLITE_BUSY_TIMEOUT="1")
        deadline = time.monotonic() + TIMEOUT
        while "The database is locked; the worker tries again" not in log.read_text():
            assert world.worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the worker never met the lock"
            time.sleep(0.1)
    finally:
        holder.rollback()
        holder.close()
    done = world.until("certificate", certificate, lambda state: state["tasks"][0]["status"] == "SUCCESSFUL")
    assert done["pdf_is_pdf"] and world.worker.poll() is None
