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
from workshops.models import Registration, Workshop

from .factories import WorkshopFactory, delegates, person_of, register, registration

S = Registration.Status


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
