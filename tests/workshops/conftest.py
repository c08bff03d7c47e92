import pytest

from .factories import WorkshopFactory


@pytest.fixture
def workshop(db):
    return WorkshopFactory()


@pytest.fixture
def approval_workshop(db):
    return WorkshopFactory(requires_approval=True)


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """The cache in this process's memory: query counts show the pages' own queries, not the
    database cache's."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ws"}}
    cache.clear()
