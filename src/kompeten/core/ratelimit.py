"""Counting requests per client address in the cache every process shares (the database table)."""

import time

from django.core.cache import caches


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allowed(request, *, scope: str, per_minute: int) -> bool:
    """Whether this request stays within ``per_minute`` for its address; ``per_minute`` 0 means no limit."""
    if per_minute <= 0:
        return True
    cache = caches["shared"]
    key = f"ratelimit:{scope}:{client_address(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=120):
        return True
    try:
        return cache.incr(key) <= per_minute
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        return True
