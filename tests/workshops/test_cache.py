"""The public pages' cached fragments change as soon as what they show changes, and not before."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from directory import services as directory_services
from tests import factories
from workshops import cache, services
from workshops.models import AgendaItem, AgendaSpeaker, Registration, Workshop

from .factories import WorkshopFactory, delegates, person_of

pytestmark = pytest.mark.django_db


def test_a_registration_changes_the_seats_left_on_the_list(client, committed):
    workshop = WorkshopFactory(capacity=3)
    (user,) = delegates(1)
    before = client.get("/workshops/").content.decode()

    committed(services.request_registration, workshop=workshop, person=person_of(user), by=user)
    after = client.get("/workshops/").content.decode()

    assert ("3 of 3 seats left" in before, "2 of 3 seats left" in after) == (True, True)


def test_a_status_written_by_the_funding_services_shows_at_once(client, committed):
    workshop = WorkshopFactory()
    client.get("/workshops/")
    client.get(workshop.get_absolute_url())

    def fund():
        workshop.status, workshop.funded_seats = Workshop.Status.CONFIRMED, 10
        workshop.save(update_fields=["status", "funded_seats", "updated_at"])

    committed(fund)

    assert ">Confirmed</span>" in client.get("/workshops/").content.decode()
    assert ">Confirmed</span>" in client.get(workshop.get_absolute_url()).content.decode()


def test_a_speaker_renamed_on_the_profile_shows_at_once(client, committed):
    workshop = WorkshopFactory()
    speaker = factories.make_delegate(email="speaker@state.example", first_name="Kyung-wha", last_name="Kang")
    now = timezone.now()
    item = AgendaItem.objects.create(workshop=workshop, title="Opening", starts_at=now, ends_at=now)
    AgendaSpeaker.objects.create(agenda_item=item, person=person_of(speaker), role=AgendaSpeaker.Role.KEYNOTE)
    before = client.get(workshop.get_absolute_url()).content.decode()

    committed(
        directory_services.update_profile,
        user=speaker,
        first_name="Kyung-Wha",
        last_name="Kang",
        preferred_language="en",
    )
    after = client.get(workshop.get_absolute_url()).content.decode()

    assert ("Kyung-wha Kang" in before, "Kyung-Wha Kang" in after) == (True, True)


def test_an_uncommitted_change_does_not_invalidate(client):
    workshop = WorkshopFactory(capacity=3)
    version = cache.version()

    Registration.objects.create(
        workshop=workshop,
        person=person_of(delegates(1)[0]),
        member_state=factories.MemberStateFactory(),
        registered_by=factories.UserFactory(),
        status=Registration.Status.CONFIRMED,
    )

    assert cache.version() == version  # still in the test's transaction: nothing committed


def test_a_fragment_lasts_until_the_next_registration_window_moment_or_midnight():
    zone = timezone.get_current_timezone()
    now = datetime(2030, 3, 1, 10, 0, tzinfo=zone)
    closes = datetime(2030, 3, 1, 18, 0, tzinfo=zone)

    assert cache.next_change([now - timedelta(days=1), closes], now=now) == closes
    assert cache.next_change([now - timedelta(days=1), None], now=now) == datetime(2030, 3, 2, 0, 0, tzinfo=zone)


class RecordingCache:
    def __init__(self):
        self.timeouts = {}

    def get(self, key):
        return "1" if key == cache.VERSION_KEY else None

    def set(self, key, value, timeout):
        self.timeouts[key] = timeout


def test_a_fragment_is_not_kept_past_its_moment(monkeypatch):
    recording = RecordingCache()
    monkeypatch.setattr(cache, "cache", recording)
    in_ten_minutes = timezone.now() + timedelta(minutes=10)

    cache.fragment("test", (1,), lambda: ("<p>x</p>", in_ten_minutes))

    (timeout,) = recording.timeouts.values()
    assert 595 <= timeout <= 600


def test_anonymous_visitors_share_a_page_signed_in_users_get_their_own(client, delegate, django_assert_num_queries):
    workshop = WorkshopFactory()
    client.get(workshop.get_absolute_url())

    with django_assert_num_queries(0):
        anonymous = client.get(workshop.get_absolute_url()).content.decode()
    client.force_login(delegate)
    signed_in = client.get(workshop.get_absolute_url()).content.decode()

    assert "Sign in to register" in anonymous
    assert ("Sign in to register" in signed_in, "/workshops/%s/register/" % workshop.slug in signed_in) == (False, True)


def test_a_waiting_message_is_shown_not_a_shared_page(client, delegate):
    workshop = WorkshopFactory()
    client.get("/workshops/")
    client.force_login(delegate)
    client.post("/my/registrations/999999/cancel/")  # 404, no message; then sign out: "You have signed out."
    client.post("/accounts/logout/")

    page = client.get("/workshops/").content.decode()

    assert "You have signed out." in page
    assert workshop.title in page


def test_a_donor_change_invalidates_the_pages_that_acknowledge_donors(committed):
    from funding.models import Donor

    version = cache.version()

    committed(Donor.objects.create, name="Government of Sweden", kind=Donor.Kind.GOVERNMENT)

    assert cache.version() != version


def _registration_card(client, workshop) -> str:
    html = client.get(workshop.get_absolute_url()).content.decode()
    return html[html.index("<h2>Registration</h2>") : html.index("Add to my calendar")]


def test_each_delegate_sees_their_own_registration_on_the_shared_registration_card(client, committed):
    workshop = WorkshopFactory(capacity=2)
    first, second, third = delegates(3)
    mine = [
        committed(services.request_registration, workshop=workshop, person=person_of(user), by=user)
        for user in (first, second, third)
    ]

    cards = []
    for user in (first, second, third):  # the first two are in the same case: one card, each their own link
        client.force_login(user)
        cards.append(_registration_card(client, workshop))
    committed(services.cancel_registration, registration=mine[0], by=first)  # the third moves up
    client.force_login(third)
    moved_up = _registration_card(client, workshop)

    change = '<a href="/my/registrations/%d/change/">Change my registration</a>'
    assert [[(change % r.pk) in card for r in mine] for card in cards] == [
        [True, False, False],
        [False, True, False],
        [False, False, True],
    ]
    assert [("badge-confirmed" in card, "number 1 on the waiting list" in card) for card in cards] == [
        (True, False),
        (True, False),
        (False, True),
    ]
    assert ("badge-confirmed" in moved_up, "waiting list." in moved_up, change % mine[2].pk in moved_up) == (
        True,
        False,
        True,
    )
