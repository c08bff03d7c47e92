"""The public pages' cached fragments change as soon as what they show changes, and not before."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.utils import timezone

from directory import services as directory_services
from directory.hardening import CONTROL
from tests import factories
from workshops import cache, services
from workshops.models import AgendaItem, AgendaSpeaker, Registration, Workshop

from .factories import WorkshopFactory, delegates, person_of, registration

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


# The registration queue's body is kept for the secretariat (views_queue.QueueView): each change below,
# made as the portal's services make it and committed, shows on the next request.


def _queue(client, workshop, query: str = "") -> str:
    return client.get("/staff/workshops/%s/registrations/%s" % (workshop.slug, query)).content.decode()


def test_the_queue_shows_a_new_registration_a_decision_and_a_cancellation_at_once(client, secretariat, committed):
    workshop = WorkshopFactory(capacity=5)
    first, second = delegates(2)
    client.force_login(secretariat)
    assert "No registration matches." in _queue(client, workshop)

    made = committed(services.request_registration, workshop=workshop, person=person_of(first), by=first)
    page = _queue(client, workshop)
    assert (person_of(first).full_name in page, 'value="%d"' % made.pk in page) == (True, True)
    assert _without_tokens(_queue(client, workshop)) == _without_tokens(page)  # kept, with its own tokens

    assert '<span class="figure">1<small> / 5</small>' in page  # confirmed on arrival: a seat was free
    committed(services.decline_registration, registration=made, by=secretariat, reason="Two per state at most.")
    page = _queue(client, workshop)
    assert ('<tr class="row-declined">' in page, '<span class="figure">0<small> / 5</small>' in page) == (True, True)
    assert "Two per state at most." in page

    other = committed(services.request_registration, workshop=workshop, person=person_of(second), by=second)
    committed(services.cancel_registration, registration=other, by=second)
    page = _queue(client, workshop)
    assert ('<tr class="row-cancelled">' in page, person_of(second).full_name in page) == (True, True)
    assert _queue(client, workshop, "?status=cancelled").count('name="registrations" value=') == 1


def test_the_queue_shows_arrivals_written_without_signals(client, secretariat):
    workshop = WorkshopFactory()
    (user,) = delegates(1)
    client.force_login(secretariat)
    _queue(client, workshop)

    Registration.objects.bulk_create(
        [
            Registration(
                workshop=workshop,
                person=person_of(user),
                member_state=person_of(user).member_state,
                registered_by=user,
                status=Registration.Status.PENDING,
            )
        ]
    )

    assert person_of(user).full_name in _queue(client, workshop)


def test_the_queue_shows_a_person_renamed_and_a_member_state_renamed_at_once(client, secretariat, committed):
    state = factories.MemberStateFactory(country="KE", name="Kenya")
    user = factories.make_delegate(state=state, first_name="Amina", last_name="Odhiambo")
    workshop = WorkshopFactory()
    committed(services.request_registration, workshop=workshop, person=person_of(user), by=user)
    client.force_login(secretariat)
    assert ("Amina Odhiambo" in _queue(client, workshop), "<td>Kenya</td>" in _queue(client, workshop)) == (True, True)

    committed(
        directory_services.update_profile, user=user, first_name="Amina", last_name="Wanjiru", preferred_language="en"
    )
    state.name = "Republic of Kenya"
    committed(directory_services.save_member_state, member_state=state)
    page = _queue(client, workshop)

    assert ("Amina Wanjiru" in page, "Amina Odhiambo" in page) == (True, False)
    assert ("<td>Republic of Kenya</td>" in page, ">Republic of Kenya</option>" in page) == (True, True)


def test_the_kept_queue_is_still_only_for_the_secretariat(client, secretariat, delegate):
    workshop = WorkshopFactory()
    client.force_login(secretariat)
    _queue(client, workshop)
    client.force_login(delegate)

    assert client.get("/staff/workshops/%s/registrations/" % workshop.slug).status_code == 403


def test_the_kept_queue_is_kept_per_language_and_query(client, secretariat):
    workshop = WorkshopFactory()
    registration(workshop, status=Registration.Status.PENDING)
    client.force_login(secretariat)

    english, french = (
        _queue(client, workshop),
        client.get("/staff/workshops/%s/registrations/" % workshop.slug, HTTP_ACCEPT_LANGUAGE="fr").content.decode(),
    )
    waitlisted = _queue(client, workshop, "?status=waitlisted")

    assert ('<span class="badge badge-pending">Pending</span>' in english, 'badge-pending">Pending<' in french) == (
        True,
        False,
    )
    assert "No registration matches." in waitlisted


def _without_tokens(page: str) -> str:
    return cache.CSRF_INPUT.sub(r"\g<1>\g<2>", page)


@pytest.mark.parametrize(
    "query",
    ["?page=abc", "?page=99999", "?page=last", "?status=%3Cjunk%3E", "?member_state=abc&funded=x", "?q=a%00b%01"],
)
def test_a_hostile_query_gets_the_queue_built_or_kept_never_an_error(client, secretariat, query):
    workshop = WorkshopFactory()
    made = [registration(workshop, status=Registration.Status.PENDING) for _ in range(2)]
    client.force_login(secretariat)

    built, kept = (client.get("/staff/workshops/%s/registrations/%s" % (workshop.slug, query)) for _ in range(2))

    assert (built.status_code, kept.status_code) == (200, 200)
    assert _without_tokens(kept.content.decode()) == _without_tokens(built.content.decode())
    assert [('value="%d"' % row.pk) in kept.content.decode() for row in made] == [True, True]


def test_a_kept_fragment_gets_each_requests_own_token_and_address():
    """with_request_values cuts a fragment at its placeholders once, and writes each request's values."""
    kept = "".join(
        '<form><input name="csrfmiddlewaretoken" value="%s"><input name="next" value="%s"></form>\n· %d —'
        % (cache.CSRF_PLACEHOLDER, cache.NEXT_PLACEHOLDER, n)
        for n in range(3)
    )

    first = cache.with_request_values(kept, token="T1", address="/my/delegation/?q=<b>&page=2")
    second = cache.with_request_values(kept, token="T2", address="/my/delegation/")
    plain = cache.with_request_values("No form here", token="T3", address="/")

    assert first == "".join(
        '<form><input name="csrfmiddlewaretoken" value="T1">'
        '<input name="next" value="/my/delegation/?q=&lt;b&gt;&amp;page=2"></form>\n· %d —' % n
        for n in range(3)
    )
    assert second == first.replace("T1", "T2").replace("/my/delegation/?q=&lt;b&gt;&amp;page=2", "/my/delegation/")
    assert plain == "No form here"
    assert (cache.CSRF_PLACEHOLDER in first + second, cache.NEXT_PLACEHOLDER in first + second) == (False, False)


def test_a_kept_fragment_reaches_the_response_as_its_bytes_with_each_requests_values(rf):
    """request_bytes writes what with_request_values writes, encoded; a KeptBodyResponse puts each body's
    bytes where its template wrote the marker, in order, the rest of the page rendered as any page."""
    kept = '<p>Genève — %s</p><a href="%s">x</a>' % (cache.CSRF_PLACEHOLDER, "\x1fchange\x1f")
    template = engines["django"].from_string(
        "{% load workshops %}<h1>Ñ</h1>{% for_this_request body %}|{% for_this_request body extra %}"
    )
    request = rf.get("/my/?a=1&b=2")
    request.user = AnonymousUser()

    as_bytes = cache.request_bytes(kept, {cache.CSRF_PLACEHOLDER: "T1", "\x1fchange\x1f": "/c/7/"})
    response = cache.KeptBodyResponse(request, template, {"body": kept, "extra": {"\x1fchange\x1f": "/c/8/"}})
    response.render()
    token = re.search(r"<p>Genève — ([^<]+)</p>", response.content.decode())[1]
    # Without a KeptBodyResponse the tag writes the fragment itself.
    plain = template.render({"body": kept, "extra": {"\x1fchange\x1f": "/c/8/"}}, request)

    assert as_bytes == '<p>Genève — T1</p><a href="/c/7/">x</a>'.encode()
    assert (
        response.content
        == (
            '<h1>Ñ</h1><p>Genève — %s</p><a href="\x1fchange\x1f">x</a>|<p>Genève — %s</p><a href="/c/8/">x</a>'
            % (token, token)
        ).encode()
    )
    assert plain == response.content.decode().replace(token, re.search(r"— ([^<]+)</p>", plain)[1])


def test_text_typed_into_the_portal_is_never_taken_for_a_placeholder():
    """A name or title that reads like a placeholder stays as it was typed: the placeholders are set off
    by a control character, which no input can hold (directory/hardening.py)."""
    typed = "<li>csrf-token-of-the-request · address-of-the-request</li>"

    assert cache.with_request_values(typed, token="T1", address="/staff/") == typed
    placeholders = (cache.CSRF_PLACEHOLDER, cache.NEXT_PLACEHOLDER, cache.CHANGE_PLACEHOLDER)
    assert [bool(CONTROL.search(placeholder)) for placeholder in placeholders] == [True, True, True]


def test_a_description_that_reads_like_the_change_placeholder_is_shown_as_written(client, committed):
    workshop = WorkshopFactory(capacity=2, description="Bring the address-of-the-change form to the desk.")
    (delegate,) = delegates(1)
    mine = committed(services.request_registration, workshop=workshop, person=person_of(delegate), by=delegate)
    client.force_login(delegate)

    html = client.get(workshop.get_absolute_url()).content.decode()

    assert (
        "Bring the address-of-the-change form to the desk." in html,
        html.count("/my/registrations/%d/change/" % mine.pk),
    ) == (True, 1)
