"""Kompeten's settings as served, plus what benchmarks need: a URLconf with a bare view beside the product's
URLs (``bench_urls``), the query count of every answer in a header, and e-mail kept in memory. Selected with
``DJANGO_SETTINGS_MODULE=bench_settings`` and ``bench/`` on ``PYTHONPATH``; the product never sees either."""

from kompeten.settings import *  # noqa: F403 - everything else exactly as configured by the environment

ROOT_URLCONF = "bench_urls"
MIDDLEWARE = ["bench_urls.count_queries", *MIDDLEWARE]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
