"""The public and delegates' pages: the workshops, ICS, registering, cancelling (the secretariat's in
test_views_staff.py, the exports in test_exports.py)."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from directory.models import Person
from tests import factories
from tests.pages import messages
from workshops.models import Registration

from .factories import WorkshopFactory, delegates, person_of, registration

pytestmark = pytest.mark.django_db

S = Registration.Status
PDF = b"%PDF-1.4\n%%EOF\n"


# --- Public pages ---------------------------------------------------------------------------


def test_public_list_shows_status_dates_venue_and_seats(client):
    workshop = WorkshopFactory(
        title="Migration and Transnationalism: Opportunities and Challenges",
        start_date=date.today() + timedelta(days=30),
        end_date=date.today() + timedelta(days=31),
        capacity=3,
    )
    registration(workshop, status=S.CONFIRMED)

    response = client.get("/workshops/")

    text = response.content.decode()
    assert text.count('class="workshop-card"') == 1
    assert "Planned, subject to available funding" in text
    assert "International Conference Centre Geneva (CICG), Geneva" in text
    assert "2 of 3 seats left" in text
    assert "Registration open" in text


def test_public_list_is_by_year(client):
    WorkshopFactory(year__year=2009, year__is_current=False, title="Trafficking in Persons")
    WorkshopFactory(title="Societies and Identities")

    default = client.get("/workshops/").content.decode()
    earlier = client.get("/workshops/?year=2009").content.decode()
    unknown = client.get("/workshops/?year=1999")

    def cards(page):
        return re.findall(r'<h3 id="workshop-\d+"><a href="[^"]+">([^<]+)</a></h3>', page)

    assert cards(default) == ["Societies and Identities"]
    assert cards(earlier) == ["Trafficking in Persons"]
    assert unknown.status_code == 404


def test_workshop_page_offers_registration_to_an_approved_delegate_only(client, delegate, donor_contact):
    workshop = WorkshopFactory()
    register_url = "/workshops/%s/register/" % workshop.slug

    anonymous = client.get(workshop.get_absolute_url()).content.decode()
    client.force_login(donor_contact)
    donor = client.get(workshop.get_absolute_url()).content.decode()
    client.force_login(delegate)
    mine = client.get(workshop.get_absolute_url()).content.decode()

    assert (register_url in anonymous, "Sign in to register" in anonymous) == (False, True)
    assert (register_url in donor) is False
    assert register_url in mine


def test_full_workshop_page_says_requests_join_the_waiting_list(client):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.CONFIRMED)

    response = client.get(workshop.get_absolute_url())

    assert "Full: new requests join the waiting list" in response.content.decode()


def test_workshop_ics_parses_with_one_event(client, settings):
    settings.PUBLIC_URL = "https://idm.example.org"  # the calendar links to the public address, not the request's host
    workshop = WorkshopFactory(
        title="Societies and Identities: the Multifaceted Impact of Migration",
        start_date=date(2030, 7, 19),
        end_date=date(2030, 7, 20),
    )

    response = client.get("/workshops/%s/calendar.ics" % workshop.slug)

    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [
        (str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND"), str(e["LOCATION"]), str(e["URL"])) for e in events
    ] == [
        (
            "Societies and Identities: the Multifaceted Impact of Migration",
            date(2030, 7, 19),
            date(2030, 7, 21),
            "International Conference Centre Geneva (CICG), Geneva",
            "https://idm.example.org/workshops/%s/" % workshop.slug,
        )
    ]


def test_upcoming_feed_has_only_upcoming_workshops(client):
    past = WorkshopFactory(
        start_date=date(2010, 3, 9), end_date=date(2010, 3, 10), registration_opens=None, registration_closes=None
    )
    later = WorkshopFactory(start_date=date.today() + timedelta(days=60), end_date=date.today() + timedelta(days=61))
    sooner = WorkshopFactory(start_date=date.today() + timedelta(days=5), end_date=date.today() + timedelta(days=6))

    calendar = Calendar.from_ical(client.get("/workshops/upcoming.ics").content)

    assert [str(event["UID"]) for event in calendar.walk("VEVENT")] == [
        "workshop-%d@idm-portal" % sooner.pk,
        "workshop-%d@idm-portal" % later.pk,
    ]
    assert past.pk not in (sooner.pk, later.pk)


# --- Registering ----------------------------------------------------------------------------


def test_delegate_registers_and_sees_confirmed(client, delegate):
    workshop = WorkshopFactory()
    client.force_login(delegate)

    response = client.post(
        "/workshops/%s/register/" % workshop.slug, {"participant": "self", "consent_to_publish": "on"}, follow=True
    )

    registration = Registration.objects.get()
    assert (registration.person, registration.status, registration.consent_to_publish) == (
        person_of(delegate),
        S.CONFIRMED,
        True,
    )
    assert messages(response) == ["%s is registered: the seat is confirmed." % person_of(delegate)]
    assert "Confirmed" in response.content.decode()


@pytest.mark.parametrize("already", [1, 30])
def test_registering_costs_the_same_queries_whatever_the_registrations(
    client, delegate, already, django_assert_num_queries
):
    """Session, user, workshop with its seats, roles with the own person; then in the transaction the row
    already there, the lock, the count, the registration, its history and its e-mail (on PostgreSQL
    the lock, then in the same round trip one statement that finds the row already there, counts,
    and writes the registration, its history and its e-mail)."""
    workshop = WorkshopFactory(capacity=100)
    for _ in range(already):
        registration(workshop, status=S.CONFIRMED)
    client.force_login(delegate)

    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 10):
        response = client.post("/workshops/%s/register/" % workshop.slug, {"participant": "self"})

    assert (response.status_code, response["Location"]) == (302, "/my/registrations/")
    assert Registration.objects.get(person=person_of(delegate)).status == S.CONFIRMED


def test_delegate_of_an_eligible_state_asks_for_funded_participation(client, delegate):
    workshop = WorkshopFactory()
    client.force_login(delegate)

    client.post(
        "/workshops/%s/register/" % workshop.slug,
        {"participant": "self", "request_funding": "on", "travel_from": "Nairobi, Kenya", "funding_reason": "Budget"},
    )

    registration = Registration.objects.get()
    assert (registration.funding, registration.travel_from, registration.funding_reason) == (
        Registration.Funding.REQUESTED,
        "Nairobi, Kenya",
        "Budget",
    )


def test_delegate_of_an_ineligible_state_is_not_offered_funding(client):
    state = factories.MemberStateFactory(country="CH", name="Switzerland", eligible_for_funding=False)
    swiss = factories.make_delegate(email="ch@state.example", state=state)
    workshop = WorkshopFactory()
    client.force_login(swiss)

    form = client.get("/workshops/%s/register/" % workshop.slug).context["form"]
    client.post(
        "/workshops/%s/register/" % workshop.slug,
        {"participant": "self", "request_funding": "on", "travel_from": "Bern"},
    )

    assert "request_funding" not in form.fields
    assert Registration.objects.get().funding == Registration.Funding.NOT_REQUESTED


def test_delegate_cannot_register_someone_else_through_the_form(client, delegate):
    colleague = factories.make_delegate(email="colleague@state.example", state=person_of(delegate).member_state)
    workshop = WorkshopFactory()
    client.force_login(delegate)

    response = client.post("/workshops/%s/register/" % workshop.slug, {"participant": str(person_of(colleague).pk)})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "participant": ["Select a valid choice. %d is not one of the available choices." % person_of(colleague).pk]
    }
    assert Registration.objects.count() == 0


def test_closed_registration_sends_back_to_the_workshop(client, delegate):
    workshop = WorkshopFactory(
        registration_opens=timezone.now() - timedelta(days=5), registration_closes=timezone.now() - timedelta(days=1)
    )
    client.force_login(delegate)

    response = client.post("/workshops/%s/register/" % workshop.slug, {"participant": "self"}, follow=True)

    assert response.redirect_chain == [(workshop.get_absolute_url(), 302)]
    assert messages(response) == ["Registration for this workshop is not open."]
    assert Registration.objects.count() == 0


@pytest.fixture
def senegal(db):
    state = factories.MemberStateFactory(country="SN", name="Senegal")
    focal = factories.make_delegate(email="focal@sn.example", state=state, focal_point=True)
    member = factories.PersonFactory(member_state=state, given_name="Awa", family_name="Ndiaye")
    return focal, member


def test_focal_point_registers_a_new_member_as_head_with_a_note_verbale(client, senegal):
    focal, _ = senegal
    workshop = WorkshopFactory()
    client.force_login(focal)

    response = client.post(
        "/workshops/%s/register/" % workshop.slug,
        {
            "participant": "new",
            "honorific": "H.E.",
            "given_name": "Fatou",
            "family_name": "Sow",
            "position": "Ambassador",
            "email": "fatou.sow@sn.example",
            "head_of_delegation": "on",
            "note_verbale": SimpleUploadedFile("nv.pdf", PDF),
        },
    )

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/my/delegation/"
    assert (registration.person.full_name, registration.person.member_state.name, registration.registered_by) == (
        "H.E. Fatou Sow",
        "Senegal",
        focal,
    )
    assert (registration.is_head_of_delegation, registration.status) == (True, S.CONFIRMED)
    assert registration.note_verbale.name.startswith("notes-verbales/")


def test_focal_point_registers_an_existing_member_and_sees_the_delegation(client, senegal):
    focal, member = senegal
    workshop = WorkshopFactory()
    client.force_login(focal)

    client.post("/workshops/%s/register/" % workshop.slug, {"participant": str(member.pk)})
    page = client.get("/my/delegation/")

    assert [(r.person, r.status) for r in page.context["registrations"]] == [(member, S.CONFIRMED)]


def test_focal_point_new_member_needs_a_name(client, senegal):
    focal, _ = senegal
    workshop = WorkshopFactory()
    client.force_login(focal)

    response = client.post("/workshops/%s/register/" % workshop.slug, {"participant": "new", "given_name": "Fatou"})

    assert response.context["form"].errors == {"family_name": ["Enter the name of the new member of the delegation."]}
    assert (Registration.objects.count(), Person.objects.filter(given_name="Fatou").count()) == (0, 0)


def test_note_verbale_must_be_a_pdf(client, senegal):
    focal, member = senegal
    workshop = WorkshopFactory()
    client.force_login(focal)

    response = client.post(
        "/workshops/%s/register/" % workshop.slug,
        {"participant": str(member.pk), "note_verbale": SimpleUploadedFile("nv.pdf", b"MZ\x90\x00not a pdf")},
    )

    assert response.context["form"].non_field_errors() == ["The file is not a valid PDF document."]
    assert Registration.objects.count() == 0


# --- My registrations -----------------------------------------------------------------------


def test_cancel_from_my_registrations_promotes_the_waiting_list(client):
    workshop = WorkshopFactory(capacity=1)
    first, second = delegates(2)
    mine = registration(workshop, status=S.CONFIRMED, person=person_of(first))
    waiting = registration(workshop, status=S.WAITLISTED, person=person_of(second))
    client.force_login(first)

    response = client.post("/my/registrations/%d/cancel/" % mine.pk, follow=True)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == (S.CANCELLED, S.CONFIRMED)
    assert messages(response) == ["The registration of %s for %s was cancelled." % (person_of(first), workshop)]
