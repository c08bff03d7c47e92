"""A write through the API and the same write through the page: the same records, e-mails and audit
(the API adds which token made it). One test per write endpoint."""

import pytest
from django.core import mail
from django.urls import reverse

from api.models import ApiWrite
from documents.models import DocumentJob
from tests import factories
from tests.workshops.factories import WorkshopFactory, person_of, registration
from workshops import services
from workshops.models import Registration

from .helpers import make_token

CHANNELS = ["page", "api"]


def _registration(registration: Registration) -> dict:
    registration.refresh_from_db()
    return {
        "workshop": registration.workshop.slug,
        "person": registration.person.full_name,
        "member_state": registration.member_state.name,
        "registered_by": registration.registered_by.email,
        "status": registration.status,
        "reason": registration.reason,
        "decided_by": registration.decided_by.email if registration.decided_by else None,
        "decided": registration.decided_at is not None,
        "funding": registration.funding,
        "consent_to_publish": registration.consent_to_publish,
    }


def _mails() -> list[tuple[str, list[str]]]:
    return [(message.subject, message.to) for message in mail.outbox]


def _audit() -> list[tuple[str, str, str, str]]:
    return [(w.token_name, w.user.email, w.action, w.object_type) for w in ApiWrite.objects.order_by("pk")]


@pytest.mark.parametrize("channel", CHANNELS)
def test_registering(client, api, delegate, django_capture_on_commit_callbacks, channel):
    workshop = WorkshopFactory(slug="migration-and-transnationalism")

    with django_capture_on_commit_callbacks(execute=True):
        if channel == "page":
            client.force_login(delegate)
            response = client.post(
                reverse("workshops:register", kwargs={"slug": workshop.slug}),
                {"participant": "self", "consent_to_publish": "on"},
            )
        else:
            response = api.post(
                "/api/v1/registrations/",
                {"workshop": workshop.slug, "participant": "self", "consent_to_publish": True},
                make_token(delegate),
            )

    registration = Registration.objects.get()
    assert response.status_code == {"page": 302, "api": 201}[channel]
    assert _registration(registration) == {
        "workshop": "migration-and-transnationalism",
        "person": person_of(delegate).full_name,
        "member_state": registration.member_state.name,
        "registered_by": "delegate@state.example",
        "status": "confirmed",
        "reason": "",
        "decided_by": None,
        "decided": False,
        "funding": "",
        "consent_to_publish": True,
    }
    assert _mails() == [(mail.outbox[0].subject, ["delegate@state.example"])]
    assert "confirmed" in mail.outbox[0].subject.lower()
    assert (
        _audit()
        == {"page": [], "api": [("sync", "delegate@state.example", "register", "workshops.registration")]}[channel]
    )


@pytest.mark.parametrize("channel", CHANNELS)
def test_declining_with_a_reason(
    client, api, secretariat, workshop_registration, django_capture_on_commit_callbacks, channel
):
    reason = "Two members per state."

    with django_capture_on_commit_callbacks(execute=True):
        if channel == "page":
            client.force_login(secretariat)
            response = client.post(
                reverse("workshops:staff_registration", kwargs={"pk": workshop_registration.pk}),
                {"action": "decline", "reason": reason},
            )
        else:
            response = api.post(
                f"/api/v1/registrations/{workshop_registration.pk}/decision/",
                {"action": "decline", "reason": reason},
                make_token(secretariat),
            )

    assert response.status_code == {"page": 302, "api": 200}[channel]
    assert _registration(workshop_registration)["status"] == "declined"
    assert _registration(workshop_registration)["reason"] == reason
    assert _registration(workshop_registration)["decided_by"] == "staff@iom.example"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["participant@state.example"]
    assert reason in mail.outbox[0].body
    assert (
        _audit() == {"page": [], "api": [("sync", "staff@iom.example", "decline", "workshops.registration")]}[channel]
    )


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_decline_without_a_reason_changes_nothing(client, api, secretariat, workshop_registration, channel):
    if channel == "page":
        client.force_login(secretariat)
        response = client.post(
            reverse("workshops:staff_registration", kwargs={"pk": workshop_registration.pk}), {"action": "decline"}
        )
        errors = response.context["form"].errors
    else:
        response = api.post(
            f"/api/v1/registrations/{workshop_registration.pk}/decision/",
            {"action": "decline"},
            make_token(secretariat),
        )
        errors = response.json()

    assert response.status_code == {"page": 200, "api": 400}[channel]
    assert errors == {"reason": ["Give the reason for declining; it is sent to the participant."]}
    assert _registration(workshop_registration)["status"] == "pending"
    assert _audit() == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_cancelling_promotes_the_first_waitlisted(db, client, api, django_capture_on_commit_callbacks, channel):
    workshop = WorkshopFactory(capacity=1)
    first, second = (
        factories.make_delegate(email="first@state.example"),
        factories.make_delegate(email="second@state.example"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.request_registration(workshop=workshop, person=person_of(first), by=first)
        waiting = services.request_registration(workshop=workshop, person=person_of(second), by=second)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if channel == "page":
            client.force_login(first)
            response = client.post(reverse("workshops:cancel", kwargs={"pk": confirmed.pk}))
        else:
            response = api.post(f"/api/v1/registrations/{confirmed.pk}/cancel/", {}, make_token(first))

    assert response.status_code == {"page": 302, "api": 200}[channel]
    assert (_registration(confirmed)["status"], _registration(waiting)["status"]) == ("cancelled", "confirmed")
    assert [message.to for message in mail.outbox] == [["first@state.example"], ["second@state.example"]]
    assert (
        _audit() == {"page": [], "api": [("sync", "first@state.example", "cancel", "workshops.registration")]}[channel]
    )


@pytest.mark.parametrize("channel", CHANNELS)
def test_asking_for_a_donor_statement(client, api, donor_contact, channel):
    donor = donor_contact.donor_contact.donor

    if channel == "page":
        client.force_login(donor_contact)
        response = client.post(
            reverse("documents:generate", kwargs={"kind": "donor-statement", "pk": donor.pk}), {"language": "fr"}
        )
    else:
        response = api.post(
            "/api/v1/document-jobs/",
            {"kind": "donor-statement", "source": donor.pk, "language": "fr"},
            make_token(donor_contact),
        )

    job = DocumentJob.objects.get()
    assert response.status_code == {"page": 302, "api": 201}[channel]
    assert (job.kind, job.language, job.status, job.version, job.requested_by) == (
        "donor-statement",
        "fr",
        "queued",
        1,
        donor_contact,
    )
    assert job.subject.donor == donor
    assert (
        _audit()
        == {"page": [], "api": [("sync", "donor@donor.example", "request_document", "documents.documentjob")]}[channel]
    )


@pytest.mark.parametrize("channel", CHANNELS)
def test_checking_in_by_badge(client, api, secretariat, channel):
    from django.utils import timezone

    from workshops import attendance

    workshop = WorkshopFactory(start_date=timezone.localdate())
    participant = factories.make_delegate(email="participant@state.example")
    registration = services.request_registration(workshop=workshop, person=person_of(participant), by=participant)
    attendance.issue_badge_tokens(workshop=workshop)
    registration.refresh_from_db()

    if channel == "page":
        client.force_login(secretariat)
        response = client.post(
            reverse("workshops:staff_checkin_scan", kwargs={"slug": workshop.slug}), {"token": registration.badge_token}
        )
        again = client.post(
            reverse("workshops:staff_checkin_scan", kwargs={"slug": workshop.slug}), {"token": registration.badge_token}
        )
        outcomes = [response.context["result"].outcome, again.context["result"].outcome]
    else:
        key = make_token(secretariat)
        path = f"/api/v1/workshops/{workshop.slug}/check-in/"
        response = api.post(path, {"token": registration.badge_token}, key)
        again = api.post(path, {"token": registration.badge_token}, key)
        outcomes = [response.json()["outcome"], again.json()["outcome"]]

    (present,) = registration.attendances.all()
    assert (response.status_code, again.status_code) == (200, 200)
    assert outcomes == ["checked_in", "already"]
    assert _registration(registration)["status"] == "attended"
    assert (present.day, present.checked_in_by) == (timezone.localdate(), secretariat)
    assert _audit() == {"page": [], "api": [("sync", "staff@iom.example", "check_in", "workshops.attendance")]}[channel]


@pytest.mark.parametrize("status", [Registration.Status.PENDING, Registration.Status.CANCELLED])
def test_a_badge_for_a_registration_without_a_seat_is_a_400_not_a_500(api, secretariat, status):
    """Found by the schema fuzzer: the document service looked the seat up and failed when there was none."""
    row = registration(WorkshopFactory(), status=status)

    response = api.post(
        "/api/v1/document-jobs/", {"kind": "badge", "source": row.pk, "language": "en"}, make_token(secretariat)
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Only a confirmed participant gets a badge."]}
    assert DocumentJob.objects.count() == 0
