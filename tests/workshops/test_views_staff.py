"""The secretariat's workshop pages: the queue, its filters and bulk decisions, capacity, funding
decisions, the agenda, a new workshop; who sees which registrations."""

from datetime import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.pages import messages
from workshops.models import Registration, Workshop

from .factories import WorkshopFactory, person_of, registration

pytestmark = pytest.mark.django_db

S = Registration.Status


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
    assert messages(response) == ["Give the reason for declining; it is sent to the participants."]


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
    assert messages(response) == ["Funded participation of %s: Approved." % request.person]


def test_deleting_an_agenda_item_goes_back_to_the_agenda(client, secretariat):
    workshop = WorkshopFactory()
    now = timezone.now()
    kept, gone = (workshop.agenda.create(title=t, starts_at=now, ends_at=now, order=i) for i, t in enumerate("AB"))
    client.force_login(secretariat)

    response = client.post("/staff/workshops/agenda/%d/delete/" % gone.pk)

    assert (response.status_code, response["Location"]) == (302, "/staff/workshops/%s/agenda/" % workshop.slug)
    assert list(workshop.agenda.values_list("pk", flat=True)) == [kept.pk]
    assert messages(client.get(response["Location"])) == ["B was removed from the agenda."]


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


def test_lowering_the_seats_from_the_queue_below_confirmed_is_refused(client, secretariat):
    workshop = WorkshopFactory(capacity=2)
    for _ in range(2):
        registration(workshop, status=S.CONFIRMED)
    client.force_login(secretariat)

    response = client.post("/staff/workshops/%s/seats/" % workshop.slug, {"capacity": 1}, follow=True)

    workshop.refresh_from_db()
    assert workshop.capacity == 2
    assert messages(response) == ["2 participants are already confirmed; the capacity cannot be lower."]


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
