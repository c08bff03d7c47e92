"""Queries do not grow with the rows: the travel desk, My travel (1 vs 30 files)."""

import pytest
from django.urls import reverse

from tests.pages import shown

from .. import factories
from .factories import approved_file, funded_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tr"}}
    cache.clear()


def _travellers(rows: int) -> list[str]:
    """The family names ("Traveller07") of the rows' travellers, which their rows show."""
    return ["Traveller%02d" % i for i in range(rows)]


@pytest.mark.parametrize("rows", [1, 30])
def test_travel_desk(client, secretariat, django_assert_num_queries, rows):
    workshop = funded_workshop()
    for name in _travellers(rows):
        approved_file(workshop, user=factories.make_delegate(last_name=name), secretariat=secretariat)
    client.force_login(secretariat)
    with django_assert_num_queries(5):
        response = client.get(reverse("travel:desk", args=[workshop.slug]))

    assert response.status_code == 200
    assert shown(response, _travellers(rows)) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_my_travel_of_a_focal_point(client, secretariat, django_assert_num_queries, rows):
    state = factories.MemberStateFactory(country="GH")
    focal_point = factories.make_delegate(state=state, focal_point=True)
    workshop = funded_workshop()
    for name in _travellers(rows):
        approved_file(workshop, user=factories.make_delegate(state=state, last_name=name), secretariat=secretariat)
    client.force_login(focal_point)
    with django_assert_num_queries(5):
        response = client.get(reverse("travel:my_travel"))

    assert response.status_code == 200
    assert shown(response, _travellers(rows)) == rows
