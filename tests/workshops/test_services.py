"""The registration rules, each with the exact states it leads to."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from directory.models import Person
from tests import factories
from workshops import services
from workshops.models import AgendaItem, DialogueYear, Registration, Workshop

from .factories import DialogueYearFactory, WorkshopFactory, delegates, person_of, registration

S = Registration.Status
F = Registration.Funding


def register(workshop, user, **options):
    return services.request_registration(workshop=workshop, person=person_of(user), by=user, **options)


def statuses(workshop):
    return list(workshop.registrations.order_by("created_at", "pk").values_list("status", flat=True))


# --- Requesting a seat ----------------------------------------------------------------------


def test_free_seat_is_confirmed_at_once(workshop, delegate):
    result = register(workshop, delegate)

    assert result.status == S.CONFIRMED
    assert result.member_state == person_of(delegate).member_state
    assert result.registered_by == delegate


def test_only_a_postgresql_transaction_without_callbacks_commits_before_the_disk(db):
    """SQLite has no such commit; callbacks already there would run before the wait for the disk."""
    with transaction.atomic():
        assert services.seats.commit_before_the_disk() is (connection.vendor == "postgresql")
    with transaction.atomic():
        transaction.on_commit(lambda: None)
        assert services.seats.commit_before_the_disk() is False
    assert services.seats.commit_before_the_disk() is False  # autocommit: no transaction to commit


def test_request_when_full_is_waitlisted(db):
    workshop = WorkshopFactory(capacity=2)
    users = delegates(3)

    results = [register(workshop, user).status for user in users]

    assert results == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]


def test_workshop_needing_approval_keeps_requests_pending(approval_workshop, delegate):
    result = register(approval_workshop, delegate)

    assert result.status == S.PENDING


def test_registration_before_the_window_is_refused(delegate):
    workshop = WorkshopFactory(
        registration_opens=timezone.now() + timedelta(days=1), registration_closes=timezone.now() + timedelta(days=5)
    )

    with pytest.raises(ValidationError) as error:
        register(workshop, delegate)

    assert error.value.messages == ["Registration for this workshop is not open."]
    assert workshop.registrations.count() == 0


def test_registration_after_the_window_is_refused(delegate):
    workshop = WorkshopFactory(
        registration_opens=timezone.now() - timedelta(days=5), registration_closes=timezone.now() - timedelta(days=1)
    )

    with pytest.raises(ValidationError):
        register(workshop, delegate)

    assert workshop.registrations.count() == 0


@pytest.mark.parametrize("status", [Workshop.Status.CANCELLED, Workshop.Status.HELD])
def test_no_registration_for_a_cancelled_or_held_workshop(delegate, status):
    workshop = WorkshopFactory(status=status)

    with pytest.raises(ValidationError):
        register(workshop, delegate)


def test_second_registration_of_the_same_person_is_refused(workshop, delegate):
    register(workshop, delegate)

    with pytest.raises(ValidationError) as error:
        register(workshop, delegate)

    assert error.value.messages == ["%s is already registered for this workshop." % person_of(delegate)]
    assert workshop.registrations.count() == 1


def test_database_refuses_a_second_registration_of_the_same_person(workshop, delegate):
    registration(workshop, status=S.CONFIRMED, person=person_of(delegate))

    with pytest.raises(IntegrityError), transaction.atomic():
        registration(workshop, status=S.PENDING, person=person_of(delegate))


def test_delegate_cannot_register_someone_else(workshop, delegate):
    colleague = factories.make_delegate(email="colleague@state.example", state=person_of(delegate).member_state)

    with pytest.raises(ValidationError) as error:
        services.request_registration(workshop=workshop, person=person_of(colleague), by=delegate)

    assert error.value.messages == ["You can only register yourself, or, as focal point, members of your delegation."]
    assert workshop.registrations.count() == 0


def test_user_without_approved_affiliation_cannot_register(workshop, donor_contact):
    person = factories.PersonFactory(user=donor_contact)

    with pytest.raises(ValidationError) as error:
        services.request_registration(workshop=workshop, person=person, by=donor_contact)

    assert error.value.messages == ["Only delegates with an approved affiliation can register for workshops."]


def test_consent_to_publish_is_recorded(workshop, delegate):
    assert register(workshop, delegate, consent_to_publish=True).consent_to_publish is True


# --- Focal points and delegations ------------------------------------------------------------


@pytest.fixture
def delegation(db):
    state = factories.MemberStateFactory(country="SN", name="Senegal")
    focal = factories.make_delegate(email="focal@sn.example", state=state, focal_point=True)
    member = factories.PersonFactory(member_state=state, given_name="Awa", family_name="Ndiaye")
    return focal, member


def test_focal_point_registers_a_member_of_the_delegation_as_head(workshop, delegation):
    focal, member = delegation

    result = services.request_registration(workshop=workshop, person=member, by=focal, head_of_delegation=True)

    assert (result.status, result.person, result.registered_by, result.is_head_of_delegation) == (
        S.CONFIRMED,
        member,
        focal,
        True,
    )


def test_a_second_head_of_delegation_is_refused_until_the_focal_point_confirms(workshop, delegation):
    focal, member = delegation
    first = services.request_registration(workshop=workshop, person=member, by=focal, head_of_delegation=True)

    with pytest.raises(ValidationError) as refused:
        services.request_registration(workshop=workshop, person=person_of(focal), by=focal, head_of_delegation=True)

    first.refresh_from_db()
    assert refused.value.message_dict == {
        "head_of_delegation": [
            "%s is head of delegation for this workshop. Tick “Make this person head of delegation instead” "
            "to move the flag, or untick “Head of delegation”." % member
        ]
    }
    assert (first.is_head_of_delegation, workshop.registrations.count()) == (True, 1)


def test_one_head_of_delegation_per_state_and_workshop_moved_when_confirmed(workshop, delegation):
    focal, member = delegation
    first = services.request_registration(workshop=workshop, person=member, by=focal, head_of_delegation=True)

    second = services.request_registration(
        workshop=workshop, person=person_of(focal), by=focal, head_of_delegation=True, replace_head=True
    )

    first.refresh_from_db()
    assert (first.is_head_of_delegation, second.is_head_of_delegation) == (False, True)
    assert second.replaced_head == first
    assert list(first.changes.values_list("field", "before", "after", "cause", "by")) == [
        ("status", "", "confirmed", "registered", focal.pk),
        ("head_of_delegation", "no", "yes", "registered", focal.pk),
        ("head_of_delegation", "yes", "no", "head_moved", focal.pk),
    ]


def test_focal_point_registers_a_new_person(workshop, delegation):
    focal, _ = delegation

    result = services.register_new_delegation_member(
        workshop=workshop, by=focal, given_name="Fatou", family_name="Sow", position="Counsellor", email="f@sn.example"
    )

    person = Person.objects.get(family_name="Sow")
    assert (result.person, person.member_state, person.position, person.user) == (
        person,
        person_of(focal).member_state,
        "Counsellor",
        None,
    )
    assert result.status == S.CONFIRMED


def test_focal_point_cannot_register_a_person_of_another_state(workshop, delegation, other_delegate):
    focal, _ = delegation

    with pytest.raises(ValidationError):
        services.request_registration(workshop=workshop, person=person_of(other_delegate), by=focal)


def test_delegate_cannot_add_members_or_mark_a_head(workshop, delegate):
    with pytest.raises(ValidationError):
        services.register_new_delegation_member(workshop=workshop, by=delegate, given_name="A", family_name="B")
    with pytest.raises(ValidationError):
        register(workshop, delegate, head_of_delegation=True)

    assert Person.objects.filter(family_name="B").exists() is False
    assert workshop.registrations.count() == 0


def test_new_person_is_not_kept_when_the_registration_is_refused(delegation):
    focal, _ = delegation
    closed = WorkshopFactory(
        registration_closes=timezone.now() - timedelta(minutes=1), registration_opens=timezone.now() - timedelta(days=3)
    )

    with pytest.raises(ValidationError):
        services.register_new_delegation_member(workshop=closed, by=focal, given_name="Fatou", family_name="Sow")

    assert Person.objects.filter(family_name="Sow").exists() is False


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


def test_one_current_year(db):
    old = DialogueYearFactory(year=2009, is_current=True)

    new = services.save_year(year=DialogueYear(year=2010, theme="Migration and social change", is_current=True))

    old.refresh_from_db()
    assert (old.is_current, new.is_current) == (False, True)


def test_new_workshop_gets_a_slug_from_its_title(secretariat):
    year = DialogueYearFactory()
    today = timezone.localdate()
    workshop = Workshop(year=year, title="Migration and Transnationalism", start_date=today, end_date=today)

    saved = services.save_workshop(workshop=workshop, by=secretariat)

    assert saved.slug == "migration-and-transnationalism"


def test_agenda_items_are_appended_and_moved(workshop):
    now = timezone.now()
    items = [
        services.save_agenda_item(item=AgendaItem(workshop=workshop, title=t, starts_at=now, ends_at=now))
        for t in ("Opening", "Session I", "Closing")
    ]

    services.move_agenda_item(item=items[2], direction=-1)
    services.move_agenda_item(item=items[0], direction=-1)  # already first: stays

    assert list(workshop.agenda.values_list("title", flat=True)) == ["Opening", "Closing", "Session I"]


def test_a_speaker_appears_once_per_item(workshop):
    now = timezone.now()
    item = services.save_agenda_item(item=AgendaItem(workshop=workshop, title="Opening", starts_at=now, ends_at=now))
    person = factories.PersonFactory()
    services.add_agenda_speaker(item=item, person=person, role="chair")

    with pytest.raises(ValidationError):
        services.add_agenda_speaker(item=item, person=person, role="speaker")

    assert list(item.speakers.values_list("role", flat=True)) == ["chair"]


def test_no_funding_approved_where_there_are_no_funded_seats(workshop, delegate, secretariat):
    request = register(workshop, delegate, request_funding=True, travel_from="Nairobi")

    with pytest.raises(ValidationError) as error:
        services.decide_funding(registration=request, by=secretariat, approve=True)

    assert error.value.messages == ["This workshop has no funded seats."]


def test_registering_again_with_a_note_verbale_stores_it_once(settings, delegate):
    """On PostgreSQL the new row's INSERT (which stores the file) comes before the cancelled row is found."""
    workshop = WorkshopFactory()
    first = register(workshop, delegate)
    services.cancel_registration(registration=first, by=delegate)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    again = register(workshop, delegate, note_verbale=SimpleUploadedFile("nv.pdf", pdf))

    stored = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert (again.pk, again.status, again.note_verbale.read()) == (first.pk, S.CONFIRMED, pdf)
    assert stored == [Path(again.note_verbale.path)]
