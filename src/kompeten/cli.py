"""The ``kompeten`` command: ``kompeten manage ...`` passes through to Django's management commands."""

import os
import sys

USAGE = """usage: kompeten <command> [arguments]

commands:
  manage ...   run a Django management command (migrate, createsuperuser, demo_load, ...)
  serve        serve on http://127.0.0.1:${PORT:-8000} (development server)
"""


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompeten.settings")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    _django_setup()
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["kompeten manage", *rest])
        return 0
    if command == "serve":
        port = os.environ.get("PORT", "8000")
        execute_from_command_line(["kompeten manage", "runserver", f"127.0.0.1:{port}", *rest])
        return 0
    sys.stderr.write(f"kompeten: unknown command {command!r}\n{USAGE}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
