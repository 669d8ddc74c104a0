"""The one settings module of Kompeten.

Everything that differs between machines comes from the environment through the strict helpers below.
Development (the default) needs no configuration at all: SQLite in WAL mode under ``var/``, a secret key
generated once under ``var/``, e-mail printed to the console. Production (``KOMPETEN_PRODUCTION=True``)
refuses to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import base64
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("KOMPETEN_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str = "") -> str:
    """A string setting; ``NAME_FILE`` (a path to a file holding the value) wins over ``NAME``."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """A boolean setting: only ``True`` or ``False`` are accepted, anything else is an error."""
    value = env(name, str(default))
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value == "True"


def env_int(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """``postgres://user:password@host:port/name?sslmode=require`` → a Django DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"DATABASE_URL must start with postgres://, not {parts.scheme}://")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database: postgres://user@host:5432/<name>")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(parse_qsl(parts.query)),
    }


def sqlite_database(path: Path) -> dict:
    """WAL, and a writer waits up to SQLITE_BUSY_TIMEOUT seconds for another one before "database is locked"
    (every transaction takes the write lock when it starts, so the wait is all it takes)."""
    busy_ms = env_int("SQLITE_BUSY_TIMEOUT", 15) * 1000
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={busy_ms}; PRAGMA foreign_keys=ON;",
            "timeout": busy_ms / 1000,
            "transaction_mode": "IMMEDIATE",
        },
    }


def development_key(name: str, make) -> str:
    """A key generated once per checkout and kept under var/, so it survives restarts."""
    key_file = VAR_DIR / name
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(make())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def development_secret_key() -> str:
    return development_key("secret_key", lambda: secrets.token_urlsafe(50))


def development_field_key() -> str:
    """A Fernet key (32 random bytes, URL-safe base64) for personal data at rest."""
    return development_key("field_key", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())


PRODUCTION = env_bool("KOMPETEN_PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "KOMPETEN_PRODUCTION is on: set SECRET_KEY (or SECRET_KEY_FILE) to a random value "
            "of at least 50 characters."
        )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "KOMPETEN_PRODUCTION is on: set ALLOWED_HOSTS to the host names that serve Kompeten."
        )
    if DEBUG:
        raise ImproperlyConfigured("KOMPETEN_PRODUCTION is on: DEBUG must be False.")
    KOMPETEN_FIELD_KEY = env("KOMPETEN_FIELD_KEY")
    if len(KOMPETEN_FIELD_KEY) != 44:
        raise ImproperlyConfigured(
            "KOMPETEN_PRODUCTION is on: set KOMPETEN_FIELD_KEY (or KOMPETEN_FIELD_KEY_FILE) to a Fernet key "
            "(44 characters), which encrypts personal data such as NIK. Keep it with your backups."
        )
else:
    SECRET_KEY = env("SECRET_KEY") or development_secret_key()
    KOMPETEN_FIELD_KEY = env("KOMPETEN_FIELD_KEY") or development_field_key()
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first: their templates and management commands (flush) override the defaults.
    "kompeten.core",
    "kompeten.accounts",
    "kompeten.standards",
    "kompeten.schemes",
    "kompeten.cases",
    "kompeten.assessments",
    "kompeten.documents",
    "kompeten.certificates",
    "kompeten.reports",  # dashboards, reports, charts, exports: reads every app above, no app imports it
    "kompeten.ops",  # demo data, backup and restore: imports every app, no app imports it
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

# Background work (document parsing, bulk PDFs) runs in `kompeten manage db_worker`, which `make run` starts.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kompeten.core.middleware.LanguageMiddleware",
    "kompeten.core.middleware.RefuseNulMiddleware",
    "kompeten.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kompeten.accounts.middleware.StaffTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if PRODUCTION:  # static files served by the app itself, from STATIC_ROOT filled by collectstatic
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "kompeten.urls"
WSGI_APPLICATION = "kompeten.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kompeten.core.context_processors.kompeten",
                "kompeten.assessments.context_processors.tuk_admin",
            ],
        },
    },
]

DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite_database(Path(env("SQLITE_PATH", str(VAR_DIR / "kompeten.sqlite3"))))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "kompeten.accounts.backends.PasswordBackend",
    "kompeten.accounts.backends.AccountBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "schemes:landing"

# django-allauth: login by e-mail address only. Open registration for asesi arrives with the
# applicant's journey; until then accounts are created by the LSP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = True
ACCOUNT_ADAPTER = "kompeten.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# Candidates (asesi) register themselves; their e-mail address is verified before they can sign in.
KOMPETEN_SIGNUP_OPEN = env_bool("KOMPETEN_SIGNUP_OPEN", True)
ACCOUNT_SIGNUP_FORM_CLASS = "kompeten.accounts.forms.ApplicantSignupForm"
# Two-factor authentication with an authenticator app (TOTP) and recovery codes, at /akun/2fa/.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "kompeten.accounts.adapters.MFAAdapter"
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Kompeten")
# Staff (every role but candidate) must set up TOTP before using Kompeten: on by default in production.
KOMPETEN_STAFF_TOTP = env_bool("KOMPETEN_STAFF_TOTP", PRODUCTION)

EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kompeten <noreply@localhost>")

# Evidence files of applications (PDF, JPG, PNG): at most this many megabytes each.
# "default" (what allauth uses: failed sign-ins, TOTP codes already used) and "shared" (Kompeten's rate limits
# and counts) are one table that every process sees, so that they hold however many workers serve;
# "local" is per process, for short-lived reads such as the LSP profile.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kompeten_cache"},
    "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kompeten_cache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# Public certificate verification: requests per minute from one address (0 switches the limit off).
KOMPETEN_VERIFY_RATE_LIMIT = env_int("KOMPETEN_VERIFY_RATE_LIMIT", 60)
# Holders are reminded this many days before their certificate expires (kompeten manage certificates_daily).
KOMPETEN_EXPIRY_REMINDER_DAYS = env_int("KOMPETEN_EXPIRY_REMINDER_DAYS", 90)
# A candidate may appeal a not-yet-competent decision (FR.AK.04) this many days after it was taken.
KOMPETEN_APPEAL_WINDOW_DAYS = env_int("KOMPETEN_APPEAL_WINDOW_DAYS", 14)
KOMPETEN_EVIDENCE_MAX_MB = env_int("KOMPETEN_EVIDENCE_MAX_MB", 5)
# Certificate numbers: one sequence per year, written with these patterns ({seq}, {year}, {scheme_code}).
KOMPETEN_CERTIFICATE_NUMBER = env("KOMPETEN_CERTIFICATE_NUMBER", "{scheme_code}/{seq:05d}/{year}")
KOMPETEN_REGISTRATION_NUMBER = env("KOMPETEN_REGISTRATION_NUMBER", "REG-{year}-{seq:06d}")
# Uploaded documents for import: at most this many megabytes.
KOMPETEN_IMPORT_MAX_MB = env_int("KOMPETEN_IMPORT_MAX_MB", 20)

# The background worker (core.worker): its heartbeat, when a silent worker counts as gone, how many times a
# task whose worker was lost runs in all; KOMPETEN_TASK_CHECKPOINTS is for the fault tests only.
KOMPETEN_WORKER_HEARTBEAT_SECONDS = env_int("KOMPETEN_WORKER_HEARTBEAT_SECONDS", 10)
KOMPETEN_WORKER_STALE_SECONDS = env_int("KOMPETEN_WORKER_STALE_SECONDS", 120)
KOMPETEN_TASK_MAX_ATTEMPTS = env_int("KOMPETEN_TASK_MAX_ATTEMPTS", 3)
KOMPETEN_TASK_CHECKPOINTS = env("KOMPETEN_TASK_CHECKPOINTS", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploaded files on S3-compatible object storage (AWS S3, MinIO, Wasabi …) once a bucket is named; this needs
# boto3 (`pip install 'kompeten[s3]'`). Files are always served through Kompeten's access-checked views.
KOMPETEN_S3_BUCKET = env("KOMPETEN_S3_BUCKET")
if KOMPETEN_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": KOMPETEN_S3_BUCKET,
            "endpoint_url": env("KOMPETEN_S3_ENDPOINT_URL") or None,
            "region_name": env("KOMPETEN_S3_REGION") or None,
            "access_key": env("KOMPETEN_S3_ACCESS_KEY") or None,
            "secret_key": env("KOMPETEN_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy of every page; Django's admin writes inline scripts and styles, so it has its own.
KOMPETEN_CSP = env(
    "KOMPETEN_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
KOMPETEN_ADMIN_CSP = env(
    "KOMPETEN_ADMIN_CSP",
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For every rate limit trusts (allauth's sign-in
# limit and Kompeten's own, core/ratelimit.py): the client is the entry the outermost trusted proxy added.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
