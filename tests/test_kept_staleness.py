"""A kept fragment shows what changed at the next request (issue 14), changes of time included: a
registration window opening a minute later is shown open once it opens, on every kept page that lists
the workshops open for registration.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache as django_cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stale"}}
    django_cache.clear()


def test_a_workshop_opening_for_registration_shows_on_the_focal_points_delegation_page_once_open(monkeypatch):
    focal = factories.make_delegate(email="focal@state.example", focal_point=True)
    now = timezone.now()
    opens = now + timedelta(minutes=1)  # before the next midnight, when every kept page expires anyway
    WorkshopFactory(title="Opens in a minute", registration_opens=opens, registration_closes=now + timedelta(days=10))
    client = Client()
    client.force_login(focal)
    pages = []
    for moment in (now, opens + timedelta(seconds=1)):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        pages.append(client.get(reverse("workshops:my_delegation")).content.decode())

    assert ["Opens in a minute" in html for html in pages] == [False, True]
