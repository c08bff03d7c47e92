import pytest


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """The cache in this process's memory: query counts show the pages' own queries, not the
    database cache's."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cs"}}
    cache.clear()
