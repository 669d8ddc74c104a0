"""Production hardening: the deploy checks pass, every page carries a strict Content-Security-Policy that
the templates keep (no inline script, style or event handler), and failed sign-ins are rate-limited in the
cache every process shares."""

import re
from pathlib import Path

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.urls import reverse

from tests.core.test_settings import FIELD_KEY, REAL_KEY, run_django
from tests.factories import PASSWORD

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "kompeten" / "templates"
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle=\"", re.I),
    "event handler": re.compile(r"\son[a-z]+=\"", re.I),
}


def test_the_deploy_checks_pass_with_production_settings(tmp_path):
    result = run_django(
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')",
        KOMPETEN_PRODUCTION="True",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="lsp.example.id",
        KOMPETEN_FIELD_KEY=FIELD_KEY,
        KOMPETEN_VAR_DIR=str(tmp_path),
        DJANGO_ALLOW_ASYNC_UNSAFE="",  # the browser tests' plugin sets it in this process, never in deployment
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_pages_carry_a_strict_content_security_policy_and_the_admin_its_own(client, cast):
    policy = client.get(reverse("schemes:landing"))["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    client.force_login(cast.admin_lsp)
    admin = client.get("/admin/")
    assert "script-src 'self' 'unsafe-inline'" in admin["Content-Security-Policy"]
    assert admin["Permissions-Policy"].startswith("camera=()")


def test_no_page_template_writes_inline_script_style_or_event_handlers():
    """The policy forbids them, so a browser would ignore them; PDF templates (WeasyPrint) are exempt."""
    found = []
    for template in TEMPLATES.rglob("*.html"):
        if "documents" in template.parts:
            continue
        text = template.read_text()
        found += [
            f"{template.relative_to(TEMPLATES)}: {what}" for what, rule in INLINE.items() if rule.search(text)
        ]
    assert found == []


def test_failed_sign_ins_are_limited_per_account_in_the_shared_cache(client, cast):
    assert isinstance(caches["default"], DatabaseCache)  # allauth's cache: one table for every worker
    login = reverse("account_login")
    for _attempt in range(5):
        wrong = client.post(login, {"login": cast.manajer.email, "password": "salah-sandi"})
        assert wrong.status_code == 200
    limited = client.post(login, {"login": cast.manajer.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session  # even the right password waits now
    assert "Terlalu banyak percobaan masuk yang gagal" in limited.content.decode()


def test_naming_a_bucket_keeps_uploaded_files_on_s3_compatible_storage(tmp_path):
    result = run_django(
        "from django.conf import settings; d = settings.STORAGES['default'];"
        "print(d['BACKEND'], d['OPTIONS']['bucket_name'], d['OPTIONS']['endpoint_url'])",
        KOMPETEN_S3_BUCKET="lsp-berkas",
        KOMPETEN_S3_ENDPOINT_URL="https://s3.lsp.example.id",
        KOMPETEN_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "lsp-berkas",
        "https://s3.lsp.example.id",
    ]
