"""Kompeten's settings as served, plus what benchmarks need: a URLconf with a bare view beside the product's
URLs (``bench_urls``) and e-mail kept in memory. Selected with ``DJANGO_SETTINGS_MODULE=bench_settings`` and
``bench/`` on ``PYTHONPATH``; the product itself never sees either."""

from kompeten.settings import *  # noqa: F403 - everything else exactly as configured by the environment

ROOT_URLCONF = "bench_urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
