"""The pages: registering, cancelling, the queue and its bulk decisions, exports, ICS."""

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from directory.models import Person
from tests import factories
from workshops.models import Registration, Workshop

from .factories import WorkshopFactory, delegates, person_of, registration

pytestmark = pytest.mark.django_db

S = Registration.Status
PDF = b"%PDF-1.4\n%%EOF\n"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


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
    assert messages_of(response) == ["%s is registered: the seat is confirmed." % person_of(delegate)]
    assert "Confirmed" in response.content.decode()


@pytest.mark.parametrize("already", [1, 30])
def test_registering_costs_the_same_queries_whatever_the_registrations(
    client, delegate, already, django_assert_num_queries
):
    """Session, user, workshop with its seats, roles, own person; then in the transaction the row
    already there, the lock, the count, the registration, its history and its e-mail (on PostgreSQL
    the count, the registration and its history in one statement)."""
    workshop = WorkshopFactory(capacity=100)
    for _ in range(already):
        registration(workshop, status=S.CONFIRMED)
    client.force_login(delegate)

    with django_assert_num_queries(9 if connection.vendor == "postgresql" else 11):
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
    assert messages_of(response) == ["Registration for this workshop is not open."]
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
    assert messages_of(response) == ["The registration of %s for %s was cancelled." % (person_of(first), workshop)]


def test_bulk_decline_without_a_reason_changes_nothing(client, secretariat):
    workshop = WorkshopFactory(requires_approval=True)
    pending = registration(workshop, status=S.PENDING)
    client.force_login(secretariat)

    response = client.post(
        "/staff/workshops/%s/registrations/decide/" % workshop.slug,
        {"action": "decline", "registrations": [pending.pk], "reason": ""},
        follow=True,
    )

    pending.refresh_from_db()
    assert pending.status == S.PENDING
    assert messages_of(response) == ["Give the reason for declining; it is sent to the participants."]


def test_queue_filters(client, secretariat):
    workshop = WorkshopFactory()
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    ecuador = factories.MemberStateFactory(country="EC", name="Ecuador")
    wanted = registration(
        workshop, status=S.WAITLISTED, person=person_of(factories.make_delegate(state=kenya)), funding="requested"
    )
    registration(workshop, status=S.WAITLISTED, person=person_of(factories.make_delegate(state=kenya)))
    registration(
        workshop, status=S.CONFIRMED, person=person_of(factories.make_delegate(state=kenya)), funding="requested"
    )
    registration(
        workshop, status=S.WAITLISTED, person=person_of(factories.make_delegate(state=ecuador)), funding="requested"
    )
    client.force_login(secretariat)

    response = client.get(
        "/staff/workshops/%s/registrations/?status=waitlisted&member_state=%d&funded=requested"
        % (workshop.slug, kenya.pk)
    )

    assert list(response.context["registrations"]) == [wanted]


def test_lowering_capacity_below_confirmed_is_refused_with_a_message(client, secretariat):
    workshop = WorkshopFactory(capacity=2, title="Before")
    for _ in range(2):
        registration(workshop, status=S.CONFIRMED)
    client.force_login(secretariat)
    form = client.get("/staff/workshops/%s/edit/" % workshop.slug).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        year=workshop.year.pk,
        title="After",
        capacity=1,
        start_date=workshop.start_date.isoformat(),
        end_date=workshop.end_date.isoformat(),
        registration_opens=timezone.localtime(workshop.registration_opens).strftime("%Y-%m-%dT%H:%M"),
        registration_closes=timezone.localtime(workshop.registration_closes).strftime("%Y-%m-%dT%H:%M"),
    )
    data.pop("requires_approval", None)

    response = client.post("/staff/workshops/%s/edit/" % workshop.slug, data)

    workshop.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "capacity": ["2 participants are already confirmed; the capacity cannot be lower."]
    }
    assert (workshop.title, workshop.capacity) == ("Before", 2)


def test_funding_decision_from_the_funding_page(client, secretariat):
    workshop = WorkshopFactory(funded_seats=1)
    request = registration(workshop, status=S.CONFIRMED, funding="requested", travel_from="Dakar")
    client.force_login(secretariat)

    response = client.post(
        "/staff/workshops/registrations/%d/funding/" % request.pk, {"decision": "approve"}, follow=True
    )

    request.refresh_from_db()
    assert request.funding == Registration.Funding.APPROVED
    assert messages_of(response) == ["Funded participation of %s: Approved." % request.person]


def test_deleting_an_agenda_item_goes_back_to_the_agenda(client, secretariat):
    workshop = WorkshopFactory()
    now = timezone.now()
    kept, gone = (workshop.agenda.create(title=t, starts_at=now, ends_at=now, order=i) for i, t in enumerate("AB"))
    client.force_login(secretariat)

    response = client.post("/staff/workshops/agenda/%d/delete/" % gone.pk)

    assert (response.status_code, response["Location"]) == (302, "/staff/workshops/%s/agenda/" % workshop.slug)
    assert list(workshop.agenda.values_list("pk", flat=True)) == [kept.pk]
    assert messages_of(client.get(response["Location"])) == ["B was removed from the agenda."]


def test_agenda_reorder_buttons(client, secretariat):
    workshop = WorkshopFactory()
    now = timezone.now()
    items = [workshop.agenda.create(title=t, starts_at=now, ends_at=now, order=i) for i, t in enumerate("ABC")]
    client.force_login(secretariat)

    client.post("/staff/workshops/agenda/%d/move/" % items[2].pk, {"direction": "up"})
    client.post("/staff/workshops/agenda/%d/move/" % items[0].pk, {"direction": "down"})

    assert list(workshop.agenda.values_list("title", flat=True)) == ["C", "A", "B"]


def test_new_workshop_from_the_staff_form(client, secretariat):
    from .factories import DialogueYearFactory

    year = DialogueYearFactory()
    client.force_login(secretariat)

    response = client.post(
        "/staff/workshops/new/",
        {
            "year": year.pk,
            "title": "Societies and Identities: the Multifaceted Impact of Migration",
            "start_date": "2030-07-19",
            "end_date": "2030-07-20",
            "capacity": 40,
            "status": Workshop.Status.SUBJECT_TO_FUNDING,
            "funded_seats": 0,
            "registration_opens": "2030-04-12T09:00",
            "registration_closes": "2030-07-09T18:00",
        },
    )

    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/staff/workshops/"
    assert (workshop.slug, workshop.capacity, timezone.localtime(workshop.registration_opens).replace(tzinfo=None)) == (
        "societies-and-identities-the-multifaceted-impact-of-migration",
        40,
        datetime(2030, 4, 12, 9, 0),
    )


# --- Exports --------------------------------------------------------------------------------

EXPORT_HEADER = [
    "Workshop",
    "Honorific",
    "Given name",
    "Family name",
    "Position",
    "Organisation",
    "Member state",
    "E-mail address",
    "Status",
    "Head of delegation",
    "On the published list",
    "Funded participation",
    "Travelling from",
    "Registered at",
]


@pytest.fixture
def exported(db):
    workshop = WorkshopFactory(title="Migration and Transnationalism", slug="transnationalism")
    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    person = factories.PersonFactory(
        honorific="H.E.",
        given_name="Wanjiru",
        family_name="Kamau",
        position="Ambassador",
        member_state=kenya,
        email="wk@ke.example",
        organisation=factories.OrganisationFactory(name="Ministry of Foreign Affairs"),
    )
    first = registration(
        workshop,
        status=S.CONFIRMED,
        person=person,
        is_head_of_delegation=True,
        consent_to_publish=True,
        funding="approved",
        travel_from="Nairobi, Kenya",
    )
    sneaky = factories.PersonFactory(given_name="=HYPERLINK(1)", family_name="Otieno", member_state=kenya, position="")
    second = registration(workshop, status=S.WAITLISTED, person=sneaky)
    at = timezone.make_aware(datetime(2030, 1, 18, 9, 30))
    Registration.objects.filter(pk=first.pk).update(created_at=at)
    Registration.objects.filter(pk=second.pk).update(created_at=at + timedelta(minutes=1))
    return workshop


ROWS = [
    [
        "Migration and Transnationalism",
        "H.E.",
        "Wanjiru",
        "Kamau",
        "Ambassador",
        "Ministry of Foreign Affairs",
        "Kenya",
        "wk@ke.example",
        "Confirmed",
        "yes",
        "yes",
        "Approved",
        "Nairobi, Kenya",
        "2030-01-18 09:30 CET",
    ],
    [
        "Migration and Transnationalism",
        "",
        "=HYPERLINK(1)",
        "Otieno",
        "",
        "",
        "Kenya",
        "",
        "Waitlisted",
        "no",
        "no",
        "",
        "",
        "2030-01-18 09:31 CET",
    ],
]


def test_csv_export(client, secretariat, exported):
    client.force_login(secretariat)

    response = client.get("/staff/workshops/transnationalism/registrations.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="participants-transnationalism.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == EXPORT_HEADER
    # A cell that a spreadsheet would run as a formula is written as text.
    assert rows[1:] == [ROWS[0], [*ROWS[1][:2], "'=HYPERLINK(1)", *ROWS[1][3:]]]


def test_csv_export_follows_the_filters(client, secretariat, exported):
    client.force_login(secretariat)

    response = client.get("/staff/workshops/transnationalism/registrations.csv?status=confirmed")

    assert list(csv.reader(io.StringIO(response.content.decode())))[1:] == [ROWS[0]]


def test_xlsx_export(client, secretariat, exported):
    client.force_login(secretariat)

    response = client.get("/staff/workshops/transnationalism/registrations.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert values == [EXPORT_HEADER, *ROWS]
    assert sheet["C3"].data_type == "s"  # "=HYPERLINK(1)" is text, not a formula


def test_lowering_the_seats_from_the_queue_below_confirmed_is_refused(client, secretariat):
    workshop = WorkshopFactory(capacity=2)
    for _ in range(2):
        registration(workshop, status=S.CONFIRMED)
    client.force_login(secretariat)

    response = client.post("/staff/workshops/%s/seats/" % workshop.slug, {"capacity": 1}, follow=True)

    workshop.refresh_from_db()
    assert workshop.capacity == 2
    assert messages_of(response) == ["2 participants are already confirmed; the capacity cannot be lower."]


def test_registrations_visible_to_each_role(secretariat, donor_contact):
    from workshops.queries import registrations_visible_to

    kenya = factories.MemberStateFactory(country="KE", name="Kenya")
    ecuador = factories.MemberStateFactory(country="EC", name="Ecuador")
    delegate = factories.make_delegate(email="d@ke.example", state=kenya)
    colleague = factories.make_delegate(email="c@ke.example", state=kenya)
    focal = factories.make_delegate(email="f@ke.example", state=kenya, focal_point=True)
    foreign = factories.make_delegate(email="d@ec.example", state=ecuador)
    workshop = WorkshopFactory()
    mine, theirs, foreigner = (
        registration(workshop, status=S.CONFIRMED, person=person_of(user)) for user in (delegate, colleague, foreign)
    )

    def visible(user):
        return sorted(r.pk for r in registrations_visible_to(user))

    assert visible(secretariat) == sorted([mine.pk, theirs.pk, foreigner.pk])
    assert visible(focal) == sorted([mine.pk, theirs.pk])
    assert visible(delegate) == [mine.pk]
    assert visible(foreign) == [foreigner.pk]
    assert visible(donor_contact) == []


def test_queue_row_shows_what_the_secretariat_decides_on(client, secretariat):
    workshop = WorkshopFactory()
    row = registration(
        workshop,
        status=S.DECLINED,
        is_head_of_delegation=True,
        reason="Two members per state at most, as the invitation letter says; thank you.",
        funding=Registration.Funding.REQUESTED,
        travel_from="Dakar",
    )
    client.force_login(secretariat)

    page = client.get("/staff/workshops/%s/registrations/" % workshop.slug).content.decode()

    name = row.person.full_name
    assert (
        '<td><input type="checkbox" name="registrations" value="%d" id="reg-%d" aria-label="Select %s"></td>'
        % (row.pk, row.pk, name)
    ) in page
    assert (
        '<a href="/staff/workshops/registrations/%d/">%s</a> <span class="badge">Head of delegation</span>'
        % (
            row.pk,
            name,
        )
        in page
    )
    assert (
        '<span class="badge badge-declined">Declined</span><br><span class="help">'
        "Two members per state at most, as the invitation letter say…</span>"
    ) in page
    assert (
        '<span class="badge badge-funding-requested">Requested</span><br><span class="help">from Dakar</span>'
    ) in page
