"""Anonymous visitors get the Council's public pages whole from the cache, changed as soon as a record
they show changes; signed-in visitors get pages built for them."""

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import OrganisationFactory, PersonFactory

from .factories import CouncilSessionFactory, PanelFactory, ParticipationFactory

pytestmark = pytest.mark.django_db
# Each response carries the visitor's own CSRF token (the language switcher's form), a new mask each time.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the invalidation happens on commit)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


@pytest.fixture
def participation(db):
    organisation = OrganisationFactory(name="Global Migration Group")
    person = PersonFactory(given_name="Amina", family_name="Odhiambo", organisation=organisation)
    panel = PanelFactory(session=CouncilSessionFactory(number=98), title="Migration and social change")
    return ParticipationFactory(panel=panel, person=person)


def _pages(participation) -> list[str]:
    return [
        reverse("sessions_council:session_list"),
        reverse("sessions_council:session_detail", args=[participation.panel.session.number]),
        reverse("sessions_council:speaker_list"),
        reverse("sessions_council:speaker_detail", args=[participation.person.pk]),
    ]


def test_an_anonymous_visitor_gets_the_pages_from_the_cache(client, participation, django_assert_num_queries):
    for url in _pages(participation):
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert (url, again.status_code, CSRF_TOKEN.sub(b"", again.content)) == (
            url,
            200,
            CSRF_TOKEN.sub(b"", first.content),
        )


def test_a_change_shows_at_once(client, participation, committed):
    for url in _pages(participation):
        client.get(url)

    def rename():
        participation.panel.title = "Migration and the family"
        participation.panel.save()
        participation.person.organisation.name = "The Global Migration Group"
        participation.person.organisation.save()

    committed(rename)

    session, speaker = _pages(participation)[1], _pages(participation)[3]
    assert "Migration and the family" in client.get(session).content.decode()
    assert "The Global Migration Group" in client.get(speaker).content.decode()


def test_a_signed_in_visitor_gets_a_page_built_for_them(client, participation):
    secretariat = factories.make_secretariat(email="s@iom.example")
    speaker_page = _pages(participation)[3]
    client.get(speaker_page)  # cached for anonymous visitors
    client.force_login(secretariat)

    response = client.get(speaker_page)

    assert reverse("sessions_council:speaker_edit", args=[participation.person.pk]) in response.content.decode()
