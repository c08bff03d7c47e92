"""Fixtures of the API tests."""

import uuid

import pytest

from .helpers import Api


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.fixture(autouse=True)
def own_throttle_cache(settings):
    """The rate limits' counters in a cache of this test alone: the shared cache is cleared by every
    test of every xdist worker (tests/conftest.py), and requests without a token from all workers
    share one address."""
    settings.CACHES = {
        **settings.CACHES,
        "api-throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-throttle-%s" % uuid.uuid4().hex,
        },
    }
    settings.API_THROTTLE_CACHE = "api-throttle"


@pytest.fixture
def no_throttle(settings):
    """Query counts: the rate limits read and write the cache, which is a database table on SQLite."""
    settings.API_TOKEN_RATE = None
    settings.API_ANONYMOUS_RATE = None


@pytest.fixture
def workshop_registration(db, django_capture_on_commit_callbacks):
    """A pending registration of a delegate for a workshop that needs the secretariat's approval (its
    acknowledgement mailed and cleared away)."""
    from django.core import mail

    from tests.workshops.factories import WorkshopFactory, person_of
    from workshops import services

    from .. import factories

    delegate = factories.make_delegate(email="participant@state.example")
    workshop = WorkshopFactory(requires_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)
    mail.outbox.clear()
    return registration
