"""The signed-in delegate's pages: what every delegate shares is cached, their own part for them alone.

The workshop page of a signed-in user is kept for the visitor's case (the workshop, its heading,
description and agenda; the documents card of each kind of visitor; the registration card of what it
shows of their own registration), and their own registration is kept beside the version it was read
at, read again once anything the page shows changed. "My registrations" reads one page of rows, its
count known from the page itself, and keeps it for its user until something it shows changes.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from tests import factories
from workshops import services
from workshops.models import AgendaItem, Registration, WorkshopDocument

from .factories import WorkshopFactory, delegates, person_of, registration

pytestmark = pytest.mark.django_db

S = Registration.Status
DOCUMENT_TITLE = re.compile(r'<li><a href="/workshops/documents/\d+/download/">([^<]*)</a>')
AGENDA_TITLE = re.compile(r'<strong class="agenda-title">([^<]*)</strong>')
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request in French leaves French active in the test's thread: later tests read English."""
    yield
    translation.activate("en")


def page(client, workshop, **headers) -> str:
    response = client.get(workshop.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def registration_card(text: str) -> str:
    return text[text.index("<h2>Registration</h2>") : text.index("Add to my calendar (ICS)")]


def documents_shown(text: str) -> list[str]:
    return DOCUMENT_TITLE.findall(text)


def _item(workshop, title: str, **fields) -> AgendaItem:
    now = timezone.now()
    return AgendaItem.objects.create(workshop=workshop, title=title, starts_at=now, ends_at=now, **fields)


def _document(workshop, title: str, *, public: bool) -> WorkshopDocument:
    return WorkshopDocument.objects.create(
        workshop=workshop,
        kind="report",
        title=title,
        file="x.pdf",
        content_type="application/pdf",
        size=1,
        original_name="x.pdf",
        is_public=public,
    )


# --- The workshop page: shared parts cached, invalidated, in each language -------------------------


def test_a_changed_agenda_item_shows_at_once_to_a_signed_in_delegate(client, delegate, committed):
    workshop = WorkshopFactory()
    item = _item(workshop, "Opening")
    client.force_login(delegate)
    before = AGENDA_TITLE.findall(page(client, workshop))

    def retitle():
        item.title = "Opening of the workshop"
        item.save()

    committed(retitle)
    committed(_item, workshop, "Closing")
    after = AGENDA_TITLE.findall(page(client, workshop))

    assert (before, after) == (["Opening"], ["Opening of the workshop", "Closing"])


def test_a_changed_workshop_shows_at_once_to_a_signed_in_delegate(client, delegate, committed):
    workshop = WorkshopFactory(title="Migration and families")
    client.force_login(delegate)
    before = page(client, workshop)

    def retitle():
        workshop.title = "Migration, families and care"
        workshop.save()

    committed(retitle)
    after = page(client, workshop)

    assert ("<h1>Migration and families</h1>" in before, "<h1>Migration, families and care</h1>" in after) == (
        True,
        True,
    )


def test_the_cached_parts_are_in_the_reader_language(client, delegate):
    workshop = WorkshopFactory(title="Migration and families", title_fr="Migration et familles")
    _item(workshop, "Opening", title_fr="Ouverture")
    client.force_login(delegate)

    english = page(client, workshop)
    client.cookies["django_language"] = "fr"
    french = page(client, workshop)
    client.cookies["django_language"] = "en"
    english_again = page(client, workshop)

    assert ("<h1>Migration and families</h1>" in english, "<h1>Migration et familles</h1>" in french) == (True, True)
    assert (AGENDA_TITLE.findall(english), AGENDA_TITLE.findall(french)) == (["Opening"], ["Ouverture"])
    assert without_csrf_token(english_again) == without_csrf_token(english)


def without_csrf_token(text: str) -> str:
    return CSRF_TOKEN.sub('name="csrfmiddlewaretoken" value=""', text)


# --- The workshop page: the delegate's own part, read again after any change ---------------------


def test_the_delegate_sees_their_registration_change_on_a_cached_page(client, delegate, committed):
    workshop = WorkshopFactory(capacity=5)
    client.force_login(delegate)
    unregistered = registration_card(page(client, workshop))

    mine = committed(services.request_registration, workshop=workshop, person=person_of(delegate), by=delegate)
    confirmed = registration_card(page(client, workshop))
    committed(services.cancel_registration, registration=mine, by=delegate)
    cancelled = registration_card(page(client, workshop))

    register = '<a class="button" href="/workshops/%s/register/">' % workshop.slug
    change = '<a href="/my/registrations/%d/change/">Change my registration</a>' % mine.pk
    assert (register + "Register</a>" in unregistered, "Your registration" in unregistered) == (True, False)
    assert '<span class="badge badge-confirmed">Confirmed</span>' in confirmed
    assert (change in confirmed, register in confirmed) == (True, False)
    assert '<span class="badge badge-cancelled">Cancelled</span>' in cancelled
    assert (change in cancelled, register + "Register again</a>" in cancelled) == (False, True)


def test_the_waiting_list_place_moves_up_on_the_page(client, committed):
    workshop = WorkshopFactory(capacity=1)
    holder, first, me = delegates(3)
    seat = committed(services.request_registration, workshop=workshop, person=person_of(holder), by=holder)
    committed(services.request_registration, workshop=workshop, person=person_of(first), by=first)
    committed(services.request_registration, workshop=workshop, person=person_of(me), by=me)
    client.force_login(me)
    second = registration_card(page(client, workshop))

    committed(services.cancel_registration, registration=seat, by=holder)  # ``first`` moves up to the seat
    now_first = registration_card(page(client, workshop))

    assert '<p class="waiting-position">You are number 2 on the waiting list.</p>' in second
    assert '<p class="waiting-position">You are number 1 on the waiting list.</p>' in now_first
    assert "Join the waiting list" not in now_first  # already on it


def test_the_seats_left_and_a_new_capacity_show_at_once_on_the_kept_page(client, secretariat, committed):
    workshop = WorkshopFactory(capacity=1)
    other, me = delegates(2)
    client.force_login(me)
    free = registration_card(page(client, workshop))

    committed(services.request_registration, workshop=workshop, person=person_of(other), by=other)
    full = registration_card(page(client, workshop))
    workshop.capacity = 2
    committed(services.save_workshop, workshop=workshop, by=secretariat)
    larger = registration_card(page(client, workshop))

    register = '<a class="button" href="/workshops/%s/register/">' % workshop.slug
    assert [register + "Register</a>" in card for card in (free, full, larger)] == [True, False, True]
    assert [register + "Join the waiting list</a>" in card for card in (free, full, larger)] == [False, True, False]


def test_the_kept_page_follows_the_registration_window_opening_and_closing(client, delegate, monkeypatch):
    now = timezone.now()
    opens, closes = now + timedelta(hours=1), now + timedelta(hours=2)
    workshop = WorkshopFactory(registration_opens=opens, registration_closes=closes)
    client.force_login(delegate)
    cards = []
    for moment in (now, opens + timedelta(minutes=1), closes + timedelta(minutes=1)):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        cards.append(registration_card(page(client, workshop)))

    register = '<a class="button" href="/workshops/%s/register/">Register</a>' % workshop.slug
    assert [register in card for card in cards] == [False, True, False]
    assert ["<p>Registration is not open.</p>" in card for card in cards] == [True, False, True]


def test_each_visitor_gets_the_documents_card_of_their_kind(client, delegate, other_delegate, secretariat):
    workshop = WorkshopFactory()
    _document(workshop, "Concept note", public=True)
    _document(workshop, "Background paper", public=False)
    registration(workshop, status=S.CONFIRMED, person=person_of(delegate))
    registration(workshop, status=S.WAITLISTED, person=person_of(other_delegate))
    shown = {}

    shown["anonymous"] = documents_shown(page(client, workshop))
    for name, user in (("participant", delegate), ("waitlisted", other_delegate), ("secretariat", secretariat)):
        client.force_login(user)
        shown[name] = documents_shown(page(client, workshop))
    client.force_login(other_delegate)  # the cache now holds every kind of card: still the public one
    shown["waitlisted again"] = documents_shown(page(client, workshop))

    assert shown == {
        "anonymous": ["Concept note"],
        "participant": ["Background paper", "Concept note"],
        "waitlisted": ["Concept note"],
        "secretariat": ["Background paper", "Concept note"],
        "waitlisted again": ["Concept note"],
    }


def test_a_new_document_shows_at_once_on_the_signed_in_page(client, delegate, committed):
    workshop = WorkshopFactory()
    client.force_login(delegate)
    before = documents_shown(page(client, workshop))

    committed(_document, workshop, "Concept note", public=True)

    assert (before, documents_shown(page(client, workshop))) == ([], ["Concept note"])


def test_a_message_is_shown_on_the_cached_page(client, delegate):
    workshop = WorkshopFactory(
        registration_opens=timezone.now() - timedelta(days=5), registration_closes=timezone.now() - timedelta(days=1)
    )
    client.force_login(delegate)
    page(client, workshop)

    text = client.get("/workshops/%s/register/" % workshop.slug, follow=True).content.decode()

    assert '<p class="message message-error">Registration for this workshop is not open.</p>' in text
    assert "<p>Registration is not open.</p>" in registration_card(text)


def test_an_unknown_workshop_is_404_for_a_signed_in_user(client, delegate):
    client.force_login(delegate)

    assert client.get("/workshops/no-such-workshop/").status_code == 404


# --- Queries: the same whatever the data -----------------------------------------------------------


@pytest.mark.parametrize("n", [1, 30, 300])  # 300: ten times the data of the list tests
def test_the_workshop_page_of_a_waitlisted_delegate_costs_the_same(client, n, django_assert_num_queries):
    workshop = WorkshopFactory(capacity=n)
    state = factories.MemberStateFactory()
    people = factories.PersonFactory.create_batch(n + 1, member_state=state)
    staff = factories.UserFactory()
    Registration.objects.bulk_create(
        [
            Registration(workshop=workshop, person=person, member_state=state, registered_by=staff, status=status)
            for person, status in zip(people, [S.CONFIRMED] * n + [S.WAITLISTED], strict=True)
        ]
    )
    for i in range(min(n, 30)):
        _item(workshop, "Item %d" % i)
        _document(workshop, "Document %d" % i, public=True)
    (me,) = delegates(1)
    registration(workshop, status=S.WAITLISTED, person=person_of(me))
    client.force_login(me)
    page(client, workshop)

    with django_assert_num_queries(1):  # the session with its user and roles: the own registration is kept too
        text = page(client, workshop)

    assert '<p class="waiting-position">You are number 2 on the waiting list.</p>' in text
    assert (len(AGENDA_TITLE.findall(text)), len(documents_shown(text))) == (min(n, 30), min(n, 30))


# --- My registrations: one page of rows ------------------------------------------------------------


def _registered(user, n: int) -> list[Registration]:
    today = timezone.localdate()
    return [
        registration(
            WorkshopFactory(start_date=today + timedelta(days=i), end_date=today + timedelta(days=i)),
            status=S.CONFIRMED,
            person=person_of(user),
        )
        for i in range(n)
    ]


def _rows(response) -> list[int]:
    return [r.pk for r in response.context["registrations"]]


def test_my_registrations_pages_through_fifty_at_a_time(client, delegate, django_assert_num_queries):
    mine = [r.pk for r in _registered(delegate, 51)][::-1]  # latest workshop first
    client.force_login(delegate)

    with django_assert_num_queries(3):  # a full first page: the count is a query of its own
        first = client.get("/my/registrations/")
    second = client.get("/my/registrations/?page=2")
    last = client.get("/my/registrations/?page=last")
    mistyped = client.get("/my/registrations/?page=abc")

    assert (_rows(first), _rows(second), _rows(last), _rows(mistyped)) == (mine[:50], mine[50:], mine[50:], mine[:50])
    assert "Page 1 of 2" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_my_registrations_shows_the_row_as_before(client, delegate):
    workshop = WorkshopFactory(title="Migration and families", title_fr="Migration et familles", venue="Geneva")
    registration(
        workshop,
        status=S.WAITLISTED,
        person=person_of(delegate),
        funding=Registration.Funding.REFUSED,
        funding_decision_reason="No funded seat left.",
    )
    registration(workshop, status=S.WAITLISTED)  # after mine: I am number 1
    client.force_login(delegate)

    english = client.get("/my/registrations/").content.decode()
    client.cookies["django_language"] = "fr"
    french = client.get("/my/registrations/").content.decode()

    assert (
        '<a href="/workshops/%s/">Migration and families</a><br><span class="help">Geneva</span>' % (workshop.slug)
        in english
    )
    assert '<span class="waiting-position">Number 1 on the waiting list</span>' in english
    assert (
        '<span class="badge badge-funding-refused">Refused</span><br><span class="help">No funded seat left.</span>'
        in (english)
    )
    assert '<a href="/workshops/%s/">Migration et familles</a>' % workshop.slug in french


def _actions_by_workshop(text: str) -> dict[str, str]:
    rows = re.findall(r'<td><a href="/workshops/[^"]+/">([^<]+)</a>.*?<td class="actions">(.*?)</td>', text, re.S)
    return {
        title: CSRF_TOKEN.sub('name="csrfmiddlewaretoken" value=""', re.sub(r"\s+", " ", cell).strip())
        for title, cell in rows
    }


def test_my_registrations_offers_what_each_state_allows(client, delegate):
    closed = {"registration_opens": timezone.now() - timedelta(days=5), "registration_closes": timezone.now()}
    rows = {
        status: registration(WorkshopFactory(title=title, **fields), status=status, person=person_of(delegate))
        for status, title, fields in (
            (S.PENDING, "Open pending", {}),
            (S.CONFIRMED, "Closed confirmed", closed),
            (S.CANCELLED, "Open cancelled", {}),
            (S.ATTENDED, "Attended", closed),
            (S.DECLINED, "Declined", {}),
        )
    }
    client.force_login(delegate)

    actions = _actions_by_workshop(client.get("/my/registrations/?page=1").content.decode())

    name = person_of(delegate).full_name
    hidden = '<span class="visually-hidden"> %s, %s</span>'
    cancel = (
        '<form method="post" action="/my/registrations/%d/cancel/" class="inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value=""> '
        '<input type="hidden" name="next" value="/my/registrations/?page=1"> '
        '<button type="submit" class="link-button" data-confirm="Cancel this registration?">Cancel'
        + hidden
        + "</button> </form>"
    )
    assert actions == {
        "Open pending": '<a href="/my/registrations/%d/change/">Change%s</a> %s'
        % (rows[S.PENDING].pk, hidden % (name, "Open pending"), cancel % (rows[S.PENDING].pk, name, "Open pending")),
        "Closed confirmed": cancel % (rows[S.CONFIRMED].pk, name, "Closed confirmed"),
        "Open cancelled": '<a href="/workshops/%s/register/">Register again'
        '<span class="visually-hidden"> Open cancelled</span></a>' % rows[S.CANCELLED].workshop.slug,
        "Attended": '<form method="post" action="/documents/certificate/%d/generate/" class="inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value=""><input type="hidden" name="language" value="en">'
        '<button type="submit" class="link-button">Certificate of attendance'
        '<span class="visually-hidden"> Attended</span></button></form>' % rows[S.ATTENDED].pk,
        "Declined": "",
    }


def test_my_registrations_are_kept_for_their_own_user_with_each_requests_token_and_address(committed):
    first, second = delegates(2)
    mine = registration(WorkshopFactory(title="Workshop of the first"), status=S.CONFIRMED, person=person_of(first))
    registration(WorkshopFactory(title="Workshop of the second"), status=S.CONFIRMED, person=person_of(second))
    browser, other = Client(enforce_csrf_checks=True), Client()
    browser.force_login(first)
    other.force_login(second)
    browser.get("/my/registrations/")

    theirs = other.get("/my/registrations/").content.decode()
    html = browser.get("/my/registrations/?from=mail").content.decode()  # the same table, from the cache
    form = re.search(
        r'action="/my/registrations/%d/cancel/"[^>]*><input type="hidden" name="csrfmiddlewaretoken" '
        r'value="([^"]+)">\s*<input type="hidden" name="next" value="([^"]+)">' % mine.pk,
        html,
    )
    response = committed(
        browser.post, "/my/registrations/%d/cancel/" % mine.pk, {"csrfmiddlewaretoken": form[1], "next": form[2]}
    )
    after = browser.get("/my/registrations/?from=mail").content.decode()

    assert ("Workshop of the first" in theirs, "Workshop of the second" in theirs) == (False, True)
    assert ("Workshop of the first" in html, "Workshop of the second" in html) == (True, False)
    assert form[2] == "/my/registrations/?from=mail"
    assert set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)) == {form[1]}
    assert (response.status_code, response["Location"]) == (302, "/my/registrations/?from=mail")
    assert ('<span class="badge badge-cancelled">' in html, '<span class="badge badge-cancelled">' in after) == (
        False,
        True,
    )
