import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_shared_cache(transactional_db):
    """Browser tests run against a live server whose database is flushed, not rolled back, between tests;
    the shared cache table (rate limits of sign-ins, sign-ups and verification) is emptied here too."""
    caches["shared"].clear()
