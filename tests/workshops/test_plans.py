"""Actions on many registrations say first what they will do, act only on confirmation with the plan
shown, and then say what happened to each registration."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from directory.models import OutboxMail
from tests.pages import messages
from workshops import services
from workshops.models import Registration, RegistrationChange

from .factories import WorkshopFactory, registration

pytestmark = pytest.mark.django_db

S = Registration.Status


def names(*registrations) -> list[str]:
    return [r.person.full_name for r in registrations]


def plan_lists(response) -> list[tuple[str, list[str]]]:
    """The plan page's headings and the names under each, as the secretariat reads them."""
    plan = response.context["plan"]
    return [(key, [move.registration.person.full_name for move in moves]) for key, moves in plan.summary().items()]


def post_bulk(client, workshop, data, follow=False):
    return client.post("/staff/workshops/%s/registrations/decide/" % workshop.slug, data, follow=follow)


def statuses(*registrations) -> list[str]:
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


# --- Bulk decisions -------------------------------------------------------------------------


def test_bulk_confirm_first_shows_the_plan_and_changes_nothing(client, secretariat):
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    first, second = (registration(workshop, status=S.PENDING) for _ in range(2))
    client.force_login(secretariat)

    response = post_bulk(client, workshop, {"action": "confirm", "registrations": [second.pk, first.pk]})

    text = response.content.decode()
    assert response.status_code == 200
    assert plan_lists(response) == [
        ((S.PENDING, S.CONFIRMED), names(first)),
        ((S.PENDING, S.WAITLISTED), names(second)),
    ]
    assert "1 person moves from Pending to Confirmed and is e-mailed:" in text
    assert "1 person moves from Pending to Waitlisted and is e-mailed:" in text
    assert statuses(first, second) == [S.PENDING, S.PENDING]
    assert (OutboxMail.objects.count(), RegistrationChange.objects.count()) == (0, 0)


def test_bulk_confirm_applies_the_plan_and_says_what_happened_to_each(client, secretariat):
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    first, second = (registration(workshop, status=S.PENDING) for _ in range(2))
    client.force_login(secretariat)
    data = {"action": "confirm", "registrations": [second.pk, first.pk], "query": "status=pending"}
    plan = post_bulk(client, workshop, data).context["plan"]

    response = post_bulk(client, workshop, {**data, "expected_plan": plan.fingerprint}, follow=True)

    assert statuses(first, second) == [S.CONFIRMED, S.WAITLISTED]
    assert response.redirect_chain[0] == ("/staff/workshops/%s/registrations/?status=pending" % workshop.slug, 302)
    assert messages(response) == [
        "2 of 2 ticked registrations changed; 2 people e-mailed.",
        "%s: Pending → Confirmed, e-mailed." % first.person,
        "%s: Pending → Waitlisted, e-mailed." % second.person,
    ]
    assert OutboxMail.objects.count() == 2


def test_bulk_confirm_on_a_full_workshop_says_both_stayed_waitlisted(client, secretariat):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.CONFIRMED)
    waiting = [registration(workshop, status=S.WAITLISTED) for _ in range(2)]
    client.force_login(secretariat)
    data = {"action": "confirm", "registrations": [r.pk for r in waiting]}
    plan_page = post_bulk(client, workshop, data)

    response = post_bulk(client, workshop, {**data, "expected_plan": plan_page.context["plan"].fingerprint}, True)

    assert plan_lists(plan_page) == [((S.WAITLISTED, S.WAITLISTED), names(*waiting))]
    assert "2 people stay Waitlisted and are not e-mailed:" in plan_page.content.decode()
    assert statuses(*waiting) == [S.WAITLISTED, S.WAITLISTED]
    assert messages(response) == [
        "0 of 2 ticked registrations changed; 0 people e-mailed.",
        "%s: stays Waitlisted, not e-mailed: no seat is free." % waiting[0].person,
        "%s: stays Waitlisted, not e-mailed: no seat is free." % waiting[1].person,
    ]
    assert OutboxMail.objects.count() == 0


def test_bulk_decline_of_a_confirmed_participant_shows_who_moves_up(client, secretariat):
    workshop = WorkshopFactory(capacity=1)
    seated = registration(workshop, status=S.CONFIRMED)
    waiting = registration(workshop, status=S.WAITLISTED)
    client.force_login(secretariat)
    data = {"action": "decline", "registrations": [seated.pk], "reason": "Two members per state."}
    plan_page = post_bulk(client, workshop, data)

    response = post_bulk(client, workshop, {**data, "expected_plan": plan_page.context["plan"].fingerprint}, True)

    assert plan_lists(plan_page) == [
        ((S.CONFIRMED, S.DECLINED), names(seated)),
        ((S.WAITLISTED, S.CONFIRMED), names(waiting)),
    ]
    assert "1 person moves from the waiting list to confirmed and is e-mailed:" in plan_page.content.decode()
    assert statuses(seated, waiting) == [S.DECLINED, S.CONFIRMED]
    assert messages(response) == [
        "1 of 1 ticked registration changed; 2 people e-mailed.",
        "%s: Confirmed → Declined, e-mailed." % seated.person,
        "%s: moved up from the waiting list to confirmed, e-mailed." % waiting.person,
    ]
    assert Registration.objects.get(pk=seated.pk).reason == "Two members per state."


def test_a_stale_bulk_plan_is_refused_shown_again_and_changes_nothing(client, secretariat, delegate):
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    first, second = (registration(workshop, status=S.PENDING) for _ in range(2))
    client.force_login(secretariat)
    data = {"action": "confirm", "registrations": [first.pk, second.pk]}
    stale = post_bulk(client, workshop, data).context["plan"].fingerprint
    services.change_capacity(workshop=workshop, capacity=2, by=secretariat)  # meanwhile, another seat

    response = post_bulk(client, workshop, {**data, "expected_plan": stale})

    assert response.status_code == 200
    assert response.context["error"] == (
        "What this would do has changed since you looked (another decision or registration came in). "
        "Nothing was changed: look at it again and confirm."
    )
    assert plan_lists(response) == [((S.PENDING, S.CONFIRMED), names(first, second))]
    assert statuses(first, second) == [S.PENDING, S.PENDING]
    assert OutboxMail.objects.count() == 0


def test_a_stale_plan_cannot_over_fill(secretariat):
    """Two officers confirm from the same plan: the second is refused, the seats are never exceeded."""
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    first, second = (registration(workshop, status=S.PENDING) for _ in range(2))
    plan_a = services.plan_bulk_decision(workshop=workshop, registrations=[first], action="confirm", by=secretariat)
    plan_b = services.plan_bulk_decision(workshop=workshop, registrations=[second], action="confirm", by=secretariat)
    services.bulk_decide(
        workshop=workshop, registrations=[first], action="confirm", by=secretariat, expected_plan=plan_a.fingerprint
    )

    with pytest.raises(ValidationError) as refused:
        services.bulk_decide(
            workshop=workshop,
            registrations=[second],
            action="confirm",
            by=secretariat,
            expected_plan=plan_b.fingerprint,
        )

    assert refused.value.code == services.STALE
    assert statuses(first, second) == [S.CONFIRMED, S.PENDING]


# --- Seats ----------------------------------------------------------------------------------


def test_raising_the_seats_first_names_who_moves_up(client, secretariat):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.CONFIRMED)
    waiting = [registration(workshop, status=S.WAITLISTED) for _ in range(3)]
    client.force_login(secretariat)

    response = client.post("/staff/workshops/%s/seats/" % workshop.slug, {"capacity": 3})

    workshop.refresh_from_db()
    assert response.status_code == 200
    assert plan_lists(response) == [((S.WAITLISTED, S.CONFIRMED), names(*waiting[:2]))]
    assert "Seats: 1 → 3. This is what will happen:" in response.content.decode()
    assert "2 people move from the waiting list to confirmed and are e-mailed:" in response.content.decode()
    assert (workshop.capacity, statuses(*waiting)) == (1, [S.WAITLISTED] * 3)
    assert OutboxMail.objects.count() == 0


def test_raising_the_seats_on_confirmation_moves_exactly_those_named(client, secretariat):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.CONFIRMED)
    waiting = [registration(workshop, status=S.WAITLISTED) for _ in range(3)]
    client.force_login(secretariat)
    plan = client.post("/staff/workshops/%s/seats/" % workshop.slug, {"capacity": 3}).context["plan"]

    response = client.post(
        "/staff/workshops/%s/seats/" % workshop.slug, {"capacity": 3, "expected_plan": plan.fingerprint}, follow=True
    )

    assert statuses(*waiting) == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert messages(response) == [
        "Seats: 1 → 3.",
        "%s: moved up from the waiting list to confirmed, e-mailed." % waiting[0].person,
        "%s: moved up from the waiting list to confirmed, e-mailed." % waiting[1].person,
    ]
    assert list(RegistrationChange.objects.filter(field="seats").values_list("before", "after", "by")) == [
        ("1", "3", secretariat.pk)
    ]


def test_seats_that_move_nobody_are_changed_at_once(client, secretariat):
    workshop = WorkshopFactory(capacity=1)
    client.force_login(secretariat)

    response = client.post("/staff/workshops/%s/seats/" % workshop.slug, {"capacity": 40}, follow=True)

    workshop.refresh_from_db()
    assert (workshop.capacity, messages(response)) == (40, ["Seats: 1 → 40."])


def test_a_stale_seats_plan_is_shown_again(client, secretariat):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.CONFIRMED)
    first, second = (registration(workshop, status=S.WAITLISTED) for _ in range(2))
    client.force_login(secretariat)
    plan = client.post("/staff/workshops/%s/seats/" % workshop.slug, {"capacity": 2}).context["plan"]
    services.cancel_registration(registration=first, by=secretariat)  # meanwhile the first leaves the list

    response = client.post(
        "/staff/workshops/%s/seats/" % workshop.slug, {"capacity": 2, "expected_plan": plan.fingerprint}
    )

    workshop.refresh_from_db()
    assert response.status_code == 200
    assert plan_lists(response) == [((S.WAITLISTED, S.CONFIRMED), names(second))]
    assert (workshop.capacity, statuses(second)) == (1, [S.WAITLISTED])


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("99999999999", "Enter the number of seats."),
        ("99999999999999999999", "Enter the number of seats."),
        ("3001", "Enter the number of seats."),
        ("-1", "Enter the number of seats."),
        ("", "Enter the number of seats."),
    ],
)
def test_seats_are_bounded(client, secretariat, typed, message):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.WAITLISTED)
    client.force_login(secretariat)

    response = client.post("/staff/workshops/%s/seats/" % workshop.slug, {"capacity": typed}, follow=True)

    workshop.refresh_from_db()
    assert (workshop.capacity, messages(response)) == (1, [message])
    assert workshop.registrations.get().status == S.WAITLISTED


def test_capacity_service_refuses_more_than_3000(secretariat):
    workshop = WorkshopFactory(capacity=1)

    with pytest.raises(ValidationError) as refused:
        services.change_capacity(workshop=workshop, capacity=3001, by=secretariat)

    assert refused.value.message_dict == {"capacity": ["The seats must be between 0 and 3000."]}


def _edit_data(workshop, **changes):
    data = {
        "year": workshop.year.pk,
        "title": workshop.title,
        "slug": workshop.slug,
        "start_date": workshop.start_date.isoformat(),
        "end_date": workshop.end_date.isoformat(),
        "capacity": workshop.capacity,
        "status": workshop.status,
        "funded_seats": workshop.funded_seats,
        "registration_opens": timezone.localtime(workshop.registration_opens).strftime("%Y-%m-%dT%H:%M"),
        "registration_closes": timezone.localtime(workshop.registration_closes).strftime("%Y-%m-%dT%H:%M"),
    }
    return {**data, **changes}


def test_raising_the_seats_in_the_workshop_form_shows_who_moves_first(client, secretariat):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.CONFIRMED)
    waiting = registration(workshop, status=S.WAITLISTED)
    client.force_login(secretariat)
    url = "/staff/workshops/%s/edit/" % workshop.slug

    shown = client.post(url, _edit_data(workshop, capacity=2, title="Renamed"))
    unchanged = statuses(waiting)
    saved = client.post(
        url, _edit_data(workshop, capacity=2, title="Renamed", expected_plan=shown.context["plan"].fingerprint)
    )

    workshop.refresh_from_db()
    assert shown.status_code == 200
    assert plan_lists(shown) == [((S.WAITLISTED, S.CONFIRMED), names(waiting))]
    assert "Save and move these people" in shown.content.decode()
    assert unchanged == [S.WAITLISTED]
    assert saved.status_code == 302
    assert saved["Location"] == reverse("workshops:staff_workshops")
    assert (workshop.title, workshop.capacity, statuses(waiting)) == ("Renamed", 2, [S.CONFIRMED])


def test_the_queue_seats_field_says_its_bounds(client, secretariat):
    workshop = WorkshopFactory(capacity=1)
    client.force_login(secretariat)

    text = client.get("/staff/workshops/%s/registrations/" % workshop.slug).content.decode()

    assert '<input type="number" min="0" max="3000" name="capacity" id="id_capacity" value="1"' in text
