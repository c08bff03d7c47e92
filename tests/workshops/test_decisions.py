"""The secretariat's decisions, the waiting list and funded participation, each with the exact states
it leads to."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from workshops import services
from workshops.models import Registration, Workshop

from .factories import WorkshopFactory, delegates, register, registration, statuses

S = Registration.Status
F = Registration.Funding


# --- Secretariat decisions ------------------------------------------------------------------


def test_secretariat_confirms_a_pending_request(approval_workshop, delegate, secretariat):
    pending = register(approval_workshop, delegate)

    result = services.confirm_registration(registration=pending, by=secretariat)

    assert (result.status, result.decided_by) == (S.CONFIRMED, secretariat)


def test_confirming_beyond_capacity_waitlists(secretariat):
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    first, second = (register(workshop, user) for user in delegates(2))

    results = [services.confirm_registration(registration=r, by=secretariat).status for r in (first, second)]

    assert results == [S.CONFIRMED, S.WAITLISTED]


def test_decline_needs_a_reason_and_changes_nothing_without(approval_workshop, delegate, secretariat):
    pending = register(approval_workshop, delegate)

    with pytest.raises(ValidationError):
        services.decline_registration(registration=pending, by=secretariat, reason="  ")

    pending.refresh_from_db()
    assert pending.status == S.PENDING


def test_decline_with_reason(approval_workshop, delegate, secretariat):
    pending = register(approval_workshop, delegate)

    result = services.decline_registration(registration=pending, by=secretariat, reason="Two members per state.")

    assert (result.status, result.reason) == (S.DECLINED, "Two members per state.")


def test_bulk_decide_confirms_in_arrival_order_and_skips_what_cannot_change(secretariat):
    workshop = WorkshopFactory(capacity=2, requires_approval=True)
    requests = [register(workshop, user) for user in delegates(3)]
    services.decline_registration(registration=requests[0], by=secretariat, reason="No.")
    registration(workshop, status=S.CANCELLED)

    plan = services.bulk_decide(
        workshop=workshop, registrations=reversed(workshop.registrations.all()), action="confirm", by=secretariat
    )

    assert [(m.registration.pk, m.before, m.after, m.chosen, m.refused) for m in plan.moves] == [
        (requests[0].pk, S.DECLINED, S.CONFIRMED, True, ""),
        (requests[1].pk, S.PENDING, S.CONFIRMED, True, ""),
        (requests[2].pk, S.PENDING, S.WAITLISTED, True, ""),
        (
            workshop.registrations.get(status=S.CANCELLED).pk,
            S.CANCELLED,
            S.CANCELLED,
            True,
            "Only a pending, waitlisted or declined registration can be confirmed.",
        ),
    ]
    assert statuses(workshop) == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.CANCELLED]


def test_bulk_decline_needs_a_reason(approval_workshop, delegate, secretariat):
    pending = register(approval_workshop, delegate)

    with pytest.raises(ValidationError):
        services.bulk_decide(
            workshop=approval_workshop, registrations=[pending], action="decline", by=secretariat, reason=""
        )

    assert statuses(approval_workshop) == [S.PENDING]


def test_mark_attended_only_once_the_workshop_started(delegate, secretariat):
    workshop = WorkshopFactory()
    confirmed = register(workshop, delegate)

    with pytest.raises(ValidationError):
        services.mark_attended(registration=confirmed, by=secretariat)
    Workshop.objects.filter(pk=workshop.pk).update(
        start_date=timezone.localdate() - timedelta(days=1), end_date=timezone.localdate()
    )
    result = services.mark_attended(registration=confirmed, by=secretariat)

    assert result.status == S.ATTENDED


# --- Waiting list -------------------------------------------------------------------------


def test_cancellation_promotes_the_first_waitlisted(db):
    workshop = WorkshopFactory(capacity=2)
    users = delegates(4)
    first, _, third, fourth = [register(workshop, user) for user in users]

    services.cancel_registration(registration=first, by=users[0])

    assert statuses(workshop) == [S.CANCELLED, S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (S.CONFIRMED, S.WAITLISTED)


def test_registering_again_after_cancelling_joins_the_back_of_the_queue(db):
    workshop = WorkshopFactory(capacity=1)
    first_user, second_user = delegates(2)
    first = register(workshop, first_user)
    second = register(workshop, second_user)
    services.cancel_registration(registration=first, by=first_user)

    again = register(workshop, first_user)

    second.refresh_from_db()
    assert (again.pk, again.status, second.status) == (first.pk, S.WAITLISTED, S.CONFIRMED)
    assert statuses(workshop) == [S.CONFIRMED, S.WAITLISTED]
    assert Registration.objects.filter(workshop=workshop).count() == 2


def test_cancelling_a_waitlisted_registration_promotes_no_one(db):
    workshop = WorkshopFactory(capacity=1)
    users = delegates(3)
    _, second, _ = [register(workshop, user) for user in users]

    services.cancel_registration(registration=second, by=users[1])

    assert statuses(workshop) == [S.CONFIRMED, S.CANCELLED, S.WAITLISTED]


def test_capacity_increase_promotes_in_arrival_order(secretariat):
    workshop = WorkshopFactory(capacity=1)
    for user in delegates(4):
        register(workshop, user)

    services.change_capacity(workshop=workshop, capacity=3, by=secretariat)

    assert statuses(workshop) == [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]


def test_capacity_below_confirmed_is_refused_and_nothing_changes(secretariat):
    workshop = WorkshopFactory(capacity=3)
    for user in delegates(3):
        register(workshop, user)

    with pytest.raises(ValidationError) as error:
        services.change_capacity(workshop=workshop, capacity=2, by=secretariat)

    workshop.refresh_from_db()
    assert error.value.message_dict == {
        "capacity": ["3 participants are already confirmed; the capacity cannot be lower."]
    }
    assert workshop.capacity == 3
    assert statuses(workshop) == [S.CONFIRMED] * 3


def test_save_workshop_refuses_a_lower_capacity_and_keeps_the_other_changes_out(secretariat):
    workshop = WorkshopFactory(capacity=2, title="Before")
    for user in delegates(2):
        register(workshop, user)
    edited = Workshop.objects.get(pk=workshop.pk)
    edited.title, edited.capacity = "After", 1

    with pytest.raises(ValidationError):
        services.save_workshop(workshop=edited, by=secretariat)

    workshop.refresh_from_db()
    assert (workshop.title, workshop.capacity) == ("Before", 2)


def test_save_workshop_raising_capacity_promotes(secretariat):
    workshop = WorkshopFactory(capacity=1)
    for user in delegates(2):
        register(workshop, user)
    edited = Workshop.objects.get(pk=workshop.pk)
    edited.capacity = 2

    services.save_workshop(workshop=edited, by=secretariat)

    assert statuses(workshop) == [S.CONFIRMED, S.CONFIRMED]


def test_waitlisting_a_confirmed_registration_gives_the_seat_to_the_first_waiting(secretariat):
    workshop = WorkshopFactory(capacity=1)
    first, second = (register(workshop, user) for user in delegates(2))

    services.waitlist_registration(registration=first, by=secretariat)

    assert statuses(workshop) == [S.WAITLISTED, S.CONFIRMED]


# --- Funded participation -------------------------------------------------------------------


def test_funding_can_be_asked_only_by_an_eligible_state(workshop):
    ineligible = factories.MemberStateFactory(country="CH", name="Switzerland", eligible_for_funding=False)
    swiss = factories.make_delegate(email="ch@state.example", state=ineligible)

    with pytest.raises(ValidationError) as error:
        register(workshop, swiss, request_funding=True, travel_from="Bern")

    assert error.value.messages == ["Switzerland is not eligible for funded participation."]
    assert workshop.registrations.count() == 0


def test_funding_request_needs_a_departure(workshop, delegate):
    with pytest.raises(ValidationError) as error:
        register(workshop, delegate, request_funding=True, travel_from="")

    assert error.value.message_dict == {"travel_from": ["Say where the participant would travel from."]}


def test_funding_approved_within_the_funded_seats_only(secretariat):
    workshop = WorkshopFactory(funded_seats=1)
    first, second = (register(workshop, u, request_funding=True, travel_from="Nairobi") for u in delegates(2))

    approved = services.decide_funding(registration=first, by=secretariat, approve=True)
    with pytest.raises(ValidationError) as error:
        services.decide_funding(registration=second, by=secretariat, approve=True)

    second.refresh_from_db()
    assert approved.funding == F.APPROVED
    assert error.value.messages == ["All 1 funded seats of this workshop are taken."]
    assert second.funding == F.REQUESTED


def test_a_cancelled_funded_registration_frees_its_funded_seat(secretariat):
    workshop = WorkshopFactory(funded_seats=1)
    users = delegates(2)
    first, second = (register(workshop, u, request_funding=True, travel_from="Nairobi") for u in users)
    services.decide_funding(registration=first, by=secretariat, approve=True)

    services.cancel_registration(registration=first, by=users[0])
    result = services.decide_funding(registration=second, by=secretariat, approve=True)

    assert result.funding == F.APPROVED


def test_funding_not_approved_for_a_state_no_longer_eligible(delegate, secretariat):
    workshop = WorkshopFactory(funded_seats=2)
    request = register(workshop, delegate, request_funding=True, travel_from="Nairobi")
    state = request.member_state
    state.eligible_for_funding = False
    state.save()

    with pytest.raises(ValidationError):
        services.decide_funding(registration=request, by=secretariat, approve=True)

    request.refresh_from_db()
    assert request.funding == F.REQUESTED


def test_funding_refusal_needs_a_reason(workshop, delegate, secretariat):
    request = register(workshop, delegate, request_funding=True, travel_from="Nairobi")

    with pytest.raises(ValidationError):
        services.decide_funding(registration=request, by=secretariat, approve=False, reason="")
    refused = services.decide_funding(registration=request, by=secretariat, approve=False, reason="No seats left.")

    assert (refused.funding, refused.funding_decision_reason) == (F.REFUSED, "No seats left.")


def test_no_funding_approved_where_there_are_no_funded_seats(workshop, delegate, secretariat):
    request = register(workshop, delegate, request_funding=True, travel_from="Nairobi")

    with pytest.raises(ValidationError) as error:
        services.decide_funding(registration=request, by=secretariat, approve=True)

    assert error.value.messages == ["This workshop has no funded seats."]
