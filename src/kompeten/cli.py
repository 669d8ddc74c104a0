"""The ``kompeten`` command: ``kompeten manage ...`` passes through to Django's management commands."""

import os
import sys

USAGE = """usage: kompeten <command> [arguments]

commands:
  parse FILE [--kind auto|skkni|apl02|scheme|unit_listing] [--json]
               read an SKKNI, FR.APL.02, scheme or unit listing (PDF, DOCX, HTML, text) and print what it holds
  manage ...   run a Django management command (migrate, createsuperuser, demo_load, ...)
  serve        serve on http://127.0.0.1:${PORT:-8000} with the background worker, restarted if it exits
               (Ctrl-C stops both)
  backup [--output FILE] [--include-field-key] [--encrypt [--passphrase-file FILE]]
               write the database, the uploaded files and the signing keys to one .tar.gz (0600),
               encrypted with a passphrase if asked
  restore FILE [--passphrase-file FILE] [--decrypt-to PLAIN.tar.gz]
               restore a backup into an empty database (or only decrypt an encrypted one)
"""


def parse_command(argv: list[str]) -> int:
    """``kompeten parse``: pure parsing, no database. Unreadable input: one line on stderr, exit status 2."""
    import argparse
    import json

    from kompeten.standards.parsing import KINDS, ParseError, parse

    parser = argparse.ArgumentParser(prog="kompeten parse")
    parser.add_argument("file")
    parser.add_argument("--kind", choices=["auto", *KINDS], default="auto")
    parser.add_argument("--json", action="store_true", help="print the parser contract as JSON")
    args = parser.parse_args(argv)
    try:
        with open(args.file, "rb") as handle:
            data = handle.read()
        document = parse(data, kind=args.kind)
    except ParseError as error:
        sys.stderr.write(f"kompeten parse: {args.file}: {error.message}\n")
        return 2
    except OSError as error:
        sys.stderr.write(f"kompeten parse: {args.file}: berkas tidak dapat dibuka ({error.strerror}).\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(document.as_contract(), ensure_ascii=False, indent=1) + "\n")
        return 0
    sys.stdout.write(f"{document.kind}: {len(document.units)} unit\n")
    for unit in document.units:
        kuk = sum(len(element.kuk) for element in unit.elements)
        sys.stdout.write(
            f"  {unit.code or '(tanpa kode)':<20} {unit.title}  [{len(unit.elements)} elemen, {kuk} KUK]\n"
        )
    for warning in document.warnings:
        sys.stdout.write(f"  ! {warning}\n")
    return 0


WORKER_COMMAND = [sys.executable, "-m", "kompeten.cli", "manage", "db_worker", "--no-reload"]
RESTART_PAUSE_FIRST, RESTART_PAUSE_LONGEST, RAN_LONG_ENOUGH = 1.0, 60.0, 60.0


class WorkerSupervisor:
    """Keeps one background worker running: one that exits (a crash, killed, out of memory) is started again
    after a pause that doubles while it keeps exiting soon after starting (at most a minute), each time said on
    stderr. Tasks it left running are taken back by the next worker (``core.worker``)."""

    def __init__(self, command: list[str] = WORKER_COMMAND) -> None:
        import threading

        self.command = command
        self.process = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._keep_running, name="kompeten-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _keep_running(self) -> None:
        import subprocess
        import time

        pause = RESTART_PAUSE_FIRST
        while True:
            with self._lock:
                if self._stopping.is_set():
                    return
                self.process = subprocess.Popen(self.command)
            started = time.monotonic()
            status = self.process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= RAN_LONG_ENOUGH:
                pause = RESTART_PAUSE_FIRST
            sys.stderr.write(
                f"kompeten serve: the background worker (pid {self.process.pid}) exited with status {status}; "
                f"starting it again in {pause:.0f} s\n"
            )
            sys.stderr.flush()
            if self._stopping.wait(pause):
                return
            self.restarts += 1
            pause = min(pause * 2, RESTART_PAUSE_LONGEST)

    def stop(self, timeout: float = 15) -> None:
        import signal
        import subprocess

        with self._lock:
            self._stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._thread.join(timeout=5)


def serve(argv: list[str]) -> int:
    """The development server and, beside it, the background worker (restarted if it exits); Ctrl-C stops
    both."""
    from django.core.management import execute_from_command_line

    port = os.environ.get("PORT", "8000")
    worker = None
    if os.environ.get("RUN_MAIN") != "true":  # not in the autoreloader's child, which runs this again
        worker = WorkerSupervisor()
        worker.start()
    try:
        execute_from_command_line(["kompeten manage", "runserver", f"127.0.0.1:{port}", *argv])
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.stop()
    return 0


def backup_command(argv: list[str]) -> int:
    """``kompeten backup``: one .tar.gz with the data, the uploaded files and the credential signing keys."""
    import argparse

    parser = argparse.ArgumentParser(prog="kompeten backup")
    parser.add_argument(
        "--output", "-o", help="the archive to write (default: kompeten-backup-<time>.tar.gz here)"
    )
    parser.add_argument(
        "--include-field-key",
        action="store_true",
        help="also store KOMPETEN_FIELD_KEY, the key of the personal data at rest (keep the archive secret)",
    )
    parser.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt the archive with a passphrase (from --passphrase-file, KOMPETEN_BACKUP_PASSPHRASE or asked)",
    )
    parser.add_argument(
        "--passphrase-file", help="a file whose first line is the passphrase (implies --encrypt)"
    )
    args = parser.parse_args(argv)
    _django_start()
    from kompeten.ops.backup import BackupError, backup_create, human_size

    try:
        passphrase = (
            _passphrase(args.passphrase_file, confirm=True) if args.encrypt or args.passphrase_file else None
        )
        result = backup_create(
            output=args.output, include_field_key=args.include_field_key, passphrase=passphrase
        )
    except BackupError as error:
        sys.stderr.write(f"kompeten backup: {error.message}\n")
        return 2
    except OSError as error:
        sys.stderr.write(
            f"kompeten backup: {error.filename or args.output}: tidak dapat dibaca atau ditulis "
            f"({error.strerror or error}).\n"
        )
        return 2
    for warning in result.warnings:
        sys.stderr.write(f"kompeten backup: peringatan: {warning}\n")
    sys.stdout.write(
        f"Cadangan {result.path}: {result.objects} objek, {result.files} berkas "
        f"({human_size(result.bytes)}).\n"
    )
    return 0


def restore_command(argv: list[str]) -> int:
    """``kompeten restore FILE``: into an empty database only; a refusal changes nothing and exits 2."""
    import argparse

    parser = argparse.ArgumentParser(prog="kompeten restore")
    parser.add_argument("file")
    parser.add_argument(
        "--passphrase-file", help="the passphrase of an encrypted backup, on the file's first line"
    )
    parser.add_argument(
        "--decrypt-to",
        help="only decrypt an encrypted backup into this plain .tar.gz (the database is untouched)",
    )
    args = parser.parse_args(argv)
    _django_start()
    from kompeten.ops.backup import BackupError, backup_decrypt, backup_restore, human_size, is_encrypted

    try:
        passphrase = _passphrase(args.passphrase_file) if is_encrypted(args.file) else None
        if args.decrypt_to:
            if passphrase is None:
                raise BackupError("cadangan ini tidak terenkripsi; tidak ada yang perlu didekripsi")
            backup_decrypt(path=args.file, output=args.decrypt_to, passphrase=passphrase)
            sys.stdout.write(f"Didekripsi ke {args.decrypt_to} (hanya dapat dibaca pemiliknya).\n")
            return 0
        result = backup_restore(path=args.file, passphrase=passphrase)
    except BackupError as error:
        sys.stderr.write(f"kompeten restore: {args.file}: {error.message}\n")
        return 2
    except OSError as error:
        sys.stderr.write(f"kompeten restore: {args.file}: berkas tidak dapat dibuka ({error.strerror}).\n")
        return 2
    for warning in result.warnings:
        sys.stderr.write(f"kompeten restore: peringatan: {warning}\n")
    sys.stdout.write(
        f"Dipulihkan dari {result.path}: {result.objects} objek, {result.files} berkas "
        f"({human_size(result.bytes)}).\n"
    )
    return 0


def _passphrase(path: str | None, *, confirm: bool = False) -> str:
    """A backup's passphrase: from a file's first line, KOMPETEN_BACKUP_PASSPHRASE, or typed at the terminal."""
    from kompeten.ops.backup import BackupError

    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    if os.environ.get("KOMPETEN_BACKUP_PASSPHRASE"):
        return os.environ["KOMPETEN_BACKUP_PASSPHRASE"]
    if not sys.stdin.isatty():
        raise BackupError("berikan kata sandi cadangan (--passphrase-file atau KOMPETEN_BACKUP_PASSPHRASE)")
    import getpass

    passphrase = getpass.getpass("Kata sandi cadangan: ")
    if confirm and getpass.getpass("Ulangi kata sandi: ") != passphrase:
        raise BackupError("kedua kata sandi tidak sama")
    return passphrase


def _django_start() -> None:
    import django

    _django_setup()
    django.setup()


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompeten.settings")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "parse":
        return parse_command(rest)
    _django_setup()
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["kompeten manage", *rest])
        return 0
    if command == "serve":
        return serve(rest)
    if command == "backup":
        return backup_command(rest)
    if command == "restore":
        return restore_command(rest)
    sys.stderr.write(f"kompeten: unknown command {command!r}\n{USAGE}")
    return 2


def run() -> None:
    """The console script: like ``main``, quiet when its output pipe closes early (``| head``)."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    run()
