import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from kompeten import settings as kompeten_settings

REAL_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"
FIELD_KEY = "a" * 43 + "="  # a Fernet key: 32 bytes, URL-safe base64


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with ``env`` and run ``code``."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG")}
    environment.update(DJANGO_SETTINGS_MODULE="kompeten.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_production_without_a_real_secret_key(tmp_path):
    result = run_django(
        "print('started')",
        KOMPETEN_PRODUCTION="True",
        ALLOWED_HOSTS="lsp.example.id",
        KOMPETEN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_it_refuses_production_without_allowed_hosts(tmp_path):
    result = run_django(
        "print('started')", KOMPETEN_PRODUCTION="True", SECRET_KEY=REAL_KEY, KOMPETEN_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "set ALLOWED_HOSTS" in result.stderr


def test_it_starts_in_production_with_a_real_key_and_hosts(tmp_path):
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        KOMPETEN_PRODUCTION="True",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="lsp.example.id",
        KOMPETEN_FIELD_KEY=FIELD_KEY,
        KOMPETEN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"


def test_it_refuses_production_without_a_key_for_personal_data(tmp_path):
    result = run_django(
        "print('started')",
        KOMPETEN_PRODUCTION="True",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="lsp.example.id",
        KOMPETEN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "set KOMPETEN_FIELD_KEY" in result.stderr


def test_it_reads_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(REAL_KEY + "\n")
    result = run_django(
        "from django.conf import settings; print(settings.SECRET_KEY)",
        KOMPETEN_PRODUCTION="True",
        SECRET_KEY_FILE=str(key_file),
        ALLOWED_HOSTS="lsp.example.id",
        KOMPETEN_FIELD_KEY=FIELD_KEY,
        KOMPETEN_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.strip() == REAL_KEY


def test_it_uses_sqlite_in_wal_mode_with_a_busy_timeout_by_default(tmp_path):
    result = run_django(
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); mode = c.fetchone()[0];"
        "c.execute('PRAGMA busy_timeout'); print(connection.vendor, mode, c.fetchone()[0])",
        KOMPETEN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", "wal", "15000"]  # SQLITE_BUSY_TIMEOUT, 15 s
    assert (tmp_path / "kompeten.sqlite3").exists()


def test_it_generates_the_development_secret_key_once_under_var(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_django(code, KOMPETEN_VAR_DIR=str(tmp_path))
    second = run_django(code, KOMPETEN_VAR_DIR=str(tmp_path))
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").read_text().strip() == first.stdout.strip()


def test_it_turns_a_database_url_into_a_postgresql_database():
    database = kompeten_settings.database_from_url(
        "postgres://kompeten:s%40cret@db.local:6432/lsp?sslmode=require"
    )
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("lsp", "kompeten", "s@cret")
    assert (database["HOST"], database["PORT"]) == ("db.local", "6432")
    assert database["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://root@localhost/lsp", "postgres://postgres@127.0.0.1:5432/"])
def test_it_rejects_a_database_url_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured):
        kompeten_settings.database_from_url(url)


@pytest.mark.parametrize("value", ["yes", "1", "true", ""])
def test_env_bool_accepts_only_true_or_false(monkeypatch, value):
    monkeypatch.setenv("KOMPETEN_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="KOMPETEN_FLAG must be True or False"):
        kompeten_settings.env_bool("KOMPETEN_FLAG", False)


def test_it_speaks_indonesian_in_jakarta_time_with_english_available(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert [code for code, _name in settings.LANGUAGES] == ["id", "en"]


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_named_by_database_url():
    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
