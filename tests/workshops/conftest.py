import pytest

from .factories import WorkshopFactory


@pytest.fixture
def workshop(db):
    return WorkshopFactory()


@pytest.fixture
def approval_workshop(db):
    return WorkshopFactory(requires_approval=True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the invalidation happens on commit)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """The cache in this process's memory: query counts show the pages' own queries, not the
    database cache's."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ws"}}
    cache.clear()
