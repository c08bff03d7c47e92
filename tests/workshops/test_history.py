"""A registration's history: every change of status, funding and head of delegation, and of the seats,
recorded by the services (who, when, from, to, why) and shown on the registration's staff page."""

import pytest
from django.conf import settings

from tests import factories
from tests.pages import text
from workshops import services
from workshops.models import Registration, RegistrationChange

from .factories import WorkshopFactory, delegates, person_of, registration

pytestmark = pytest.mark.django_db

S = Registration.Status


def history(registration) -> list[tuple]:
    return list(registration.changes.values_list("field", "before", "after", "cause", "reason", "by"))


def test_one_way_of_keeping_history_simple_history_is_gone():
    assert "simple_history" not in settings.INSTALLED_APPS
    assert "simple_history.middleware.HistoryRequestMiddleware" not in settings.MIDDLEWARE
    with open(settings.BASE_DIR / "requirements.txt") as requirements:
        assert [line for line in requirements if "simple-history" in line] == []


def test_every_decision_is_recorded_with_who_and_why(secretariat):
    workshop = WorkshopFactory(capacity=1, requires_approval=True, funded_seats=1)
    first, second = delegates(2, state=factories.MemberStateFactory(eligible_for_funding=True))
    mine = services.request_registration(
        workshop=workshop, person=person_of(first), by=first, request_funding=True, travel_from="Dakar"
    )
    waiting = services.request_registration(workshop=workshop, person=person_of(second), by=second)

    services.confirm_registration(registration=mine, by=secretariat)
    services.confirm_registration(registration=waiting, by=secretariat)
    services.decide_funding(registration=mine, by=secretariat, approve=True)
    services.decline_registration(registration=mine, by=secretariat, reason="Two members per state.")

    assert history(mine) == [
        ("status", "", S.PENDING, "registered", "", first.pk),
        ("funding", "", "requested", "registered", "", first.pk),
        ("status", S.PENDING, S.CONFIRMED, "decided", "", secretariat.pk),
        ("funding", "requested", "approved", "decided", "", secretariat.pk),
        ("status", S.CONFIRMED, S.DECLINED, "decided", "Two members per state.", secretariat.pk),
    ]
    assert history(waiting) == [
        ("status", "", S.PENDING, "registered", "", second.pk),
        ("status", S.PENDING, S.WAITLISTED, "decided", "", secretariat.pk),
        ("status", S.WAITLISTED, S.CONFIRMED, "promoted", "", secretariat.pk),
    ]


def test_cancelling_and_registering_again_is_recorded(delegate):
    workshop = WorkshopFactory()
    mine = services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)

    services.cancel_registration(registration=mine, by=delegate)
    services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate, consent_to_publish=True)

    assert history(mine) == [
        ("status", "", S.CONFIRMED, "registered", "", delegate.pk),
        ("status", S.CONFIRMED, S.CANCELLED, "cancelled", "", delegate.pk),
        ("status", S.CANCELLED, S.CONFIRMED, "registered", "", delegate.pk),
        ("consent_to_publish", "no", "yes", "registered", "", delegate.pk),
    ]


def test_a_new_registration_is_decided_and_recorded_with_all_it_said():
    """On PostgreSQL the count, the registration and its history are one statement
    (seats.lock_and_decide); on SQLite three: the same rows either way."""
    workshop = WorkshopFactory(capacity=1, funded_seats=2)
    first, second = delegates(2, state=factories.MemberStateFactory(eligible_for_funding=True))
    options = {"consent_to_publish": True, "request_funding": True, "travel_from": "Dakar"}

    confirmed = services.request_registration(workshop=workshop, person=person_of(first), by=first, **options)
    waitlisted = services.request_registration(workshop=workshop, person=person_of(second), by=second, **options)

    assert [(r.status, r.pk is not None) for r in (confirmed, waitlisted)] == [
        (S.CONFIRMED, True),
        (S.WAITLISTED, True),
    ]
    assert list(Registration.objects.filter(workshop=workshop).order_by("pk").values_list("pk", "status")) == [
        (confirmed.pk, S.CONFIRMED),
        (waitlisted.pk, S.WAITLISTED),
    ]
    for made, by, status in ((confirmed, first, S.CONFIRMED), (waitlisted, second, S.WAITLISTED)):
        assert history(made) == [
            ("status", "", status, "registered", "", by.pk),
            ("funding", "", "requested", "registered", "", by.pk),
            ("consent_to_publish", "no", "yes", "registered", "", by.pk),
        ]
    changes = RegistrationChange.objects.filter(registration__in=[confirmed, waitlisted])
    assert set(changes.values_list("workshop_id", flat=True)) == {workshop.pk}
    assert len({change.at for change in changes.filter(registration=confirmed)}) == 1


def test_a_confirmation_that_changes_nothing_records_nothing(secretariat):
    workshop = WorkshopFactory(capacity=0)
    waiting = registration(workshop, status=S.WAITLISTED)

    services.confirm_registration(registration=waiting, by=secretariat)

    assert history(waiting) == []


def test_seat_changes_are_recorded_on_the_workshop(secretariat):
    workshop = WorkshopFactory(capacity=1)
    waiting = registration(workshop, status=S.WAITLISTED)
    registration(workshop, status=S.CONFIRMED)

    services.change_capacity(workshop=workshop, capacity=2, by=secretariat)

    seats = RegistrationChange.objects.filter(registration=None)
    assert list(seats.values_list("workshop", "field", "before", "after", "cause", "by")) == [
        (workshop.pk, "seats", "1", "2", "seats_changed", secretariat.pk)
    ]
    assert history(waiting) == [("status", S.WAITLISTED, S.CONFIRMED, "promoted", "", secretariat.pk)]


def test_the_staff_page_shows_the_history(client, secretariat, delegate):
    workshop = WorkshopFactory()
    mine = services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)
    services.waitlist_registration(registration=mine, by=secretariat)
    client.force_login(secretariat)

    response = client.get("/staff/workshops/registrations/%d/" % mine.pk)

    rows = [
        (c.get_field_display(), c.before_display, c.after_display, str(c.by), c.get_cause_display())
        for c in response.context["history"]
    ]
    assert rows == [
        ("Status", "—", "Confirmed", str(delegate), "Registered"),
        ("Status", "Confirmed", "Waitlisted", str(secretariat), "Decided by the secretariat"),
    ]
    assert "Decided by the secretariat" in response.content.decode()


@pytest.mark.parametrize("changes", [1, 30])
def test_the_staff_page_costs_the_same_whatever_the_history(client, secretariat, django_assert_num_queries, changes):
    workshop = WorkshopFactory()
    mine = registration(workshop, status=S.CONFIRMED)
    RegistrationChange.objects.bulk_create(
        RegistrationChange(
            workshop=workshop,
            registration=mine,
            field="status",
            before="pending",
            after="confirmed",
            cause="decided",
            by=secretariat,
        )
        for _ in range(changes)
    )
    client.force_login(secretariat)
    client.get("/staff/workshops/registrations/%d/" % mine.pk)

    with django_assert_num_queries(QUERIES):
        response = client.get("/staff/workshops/registrations/%d/" % mine.pk)

    assert len(response.context["history"]) == changes
    assert text(response).count(" Status Pending Confirmed ") == changes


QUERIES = 3
