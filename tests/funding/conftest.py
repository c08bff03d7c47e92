import pytest

from tests.factories import DonorFactory

from . import factories


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """The cache in this process's memory: query counts show the pages' own queries, not the database
    cache's (the donor portal keeps its figures, funding/cache.py)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "funding"}}
    cache.clear()


@pytest.fixture
def year(db):
    return factories.YearFactory()


@pytest.fixture
def workshop(year):
    """A workshop with a 110,000 USD budget: 20 funded seats × 4,000, venue 20,000, interpretation 10,000."""
    workshop = factories.WorkshopFactory(year=year, title="Migration and Transnationalism")
    factories.budget(workshop)
    workshop.refresh_from_db()
    return workshop


@pytest.fixture
def other_workshop(year):
    workshop = factories.WorkshopFactory(year=year, title="Societies and Identities")
    factories.budget(workshop)
    workshop.refresh_from_db()
    return workshop


@pytest.fixture
def staff(db):
    return factories.staff()


@pytest.fixture
def sweden(db):
    return DonorFactory(name="Government of Sweden")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
