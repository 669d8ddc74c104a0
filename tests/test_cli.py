import subprocess

from kompeten.cli import main
from tests.conftest import PROJECT_DIR

KOMPETEN = PROJECT_DIR / ".venv" / "bin" / "kompeten"


def test_it_explains_its_commands(capsys):
    assert main(["--help"]) == 0
    assert "manage" in capsys.readouterr().out


def test_an_unknown_command_exits_with_status_2(capsys):
    assert main(["terbang"]) == 2
    assert "unknown command 'terbang'" in capsys.readouterr().err


def test_manage_passes_through_to_django(tmp_path):
    result = subprocess.run(
        [str(KOMPETEN), "manage", "check"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "KOMPETEN_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``, with their command lines (read from /proc)."""
    import pathlib

    found = {}
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found[int(stat.parent.name)] = (
                    (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                )
        except (OSError, ValueError, IndexError):
            continue
    return found


def _running(pid: int) -> bool:
    import pathlib

    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_serve_runs_the_web_server_and_the_background_worker_restarts_a_killed_worker_and_stops_both(
    tmp_path,
):
    import os
    import signal
    import socket
    import time
    import urllib.request

    env = {**os.environ, "KOMPETEN_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run([str(KOMPETEN), "manage", "migrate", "-v0"], env=env, check=True, timeout=120)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(KOMPETEN), "serve", "--noreload"],
        env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "serve.err").open("w"),
    )
    try:
        for _ in range(100):
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server never answered")
        assert status == 200
        [killed] = [pid for pid, command in _children(server.pid).items() if "db_worker" in command]
        os.kill(killed, signal.SIGKILL)
        for _ in range(300):  # the supervisor waits a second, then starts another worker
            workers = [pid for pid, command in _children(server.pid).items() if "db_worker" in command]
            if workers and workers != [killed]:
                break
            time.sleep(0.1)
        [worker] = workers
        assert worker != killed and not _running(killed)
        assert (
            f"worker (pid {killed}) exited with status -9; starting it again in 1 s"
            in (tmp_path / "serve.err").read_text()
        )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert server.returncode == 0
    assert not _running(worker)
