"""Writing to a workshop's participants: the recipients the filter says, each once, in their language."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from directory import outbox
from directory.models import OutboxMail
from tests import factories
from tests.pages import text
from workshops import messaging, queries
from workshops.models import Attendance, MessageRecipient, ParticipantMessage, Registration

from .factories import WorkshopFactory, person_of, registration

S = Registration.Status
SIZES = [1, 30]
TEXTS = {
    "subject": "Room change",
    "body": "The workshop moves to room XIX.",
    "subject_fr": "Changement de salle",
    "body_fr": "L'atelier a lieu dans la salle XIX.",
    "subject_es": "",
    "body_es": "",
}
ALL = {"status": "", "member_state_id": None, "funded": "", "checked_in": ""}


def participant(workshop, email, *, language="en", state=None, status=S.CONFIRMED, **fields) -> Registration:
    user = factories.make_delegate(email=email, state=state)
    user.preferred_language = language
    user.save()
    person = person_of(user)
    person.email = email
    person.save()
    return registration(workshop, status=status, person=person, **fields)


@pytest.fixture
def workshop(db):
    return WorkshopFactory()


@pytest.fixture
def kenya(db):
    return factories.MemberStateFactory(name="Kenya")


@pytest.fixture
def people(workshop, kenya):
    """Five with a seat in three languages (two funded, one checked in), and others without a seat."""
    rows = {
        "amina": participant(workshop, "amina@ke.example", state=kenya, funding="approved"),
        "claire": participant(workshop, "claire@fr.example", language="fr", funding="approved"),
        "jorge": participant(workshop, "jorge@ec.example", language="es"),
        "lena": participant(workshop, "lena@de.example", language="de"),  # not a portal language: English
        "omar": participant(workshop, "omar@eg.example", status=S.ATTENDED),
        "waiting": participant(workshop, "waiting@np.example", status=S.WAITLISTED),
        "gone": participant(workshop, "gone@np.example", status=S.CANCELLED),
    }
    Attendance.objects.create(registration=rows["omar"], day=workshop.start_date)
    return rows


def send(workshop, by, *, filters=ALL, copy=False, texts=TEXTS, expected=None):
    if expected is None:
        expected = queries.message_recipients(workshop=workshop, **filters).count()
    return messaging.send_participant_message(
        workshop=workshop, by=by, filters=filters, texts=texts, copy_focal_points=copy, expected_count=expected
    )


@pytest.mark.parametrize(
    "filters, who",
    [
        (ALL, ["amina", "claire", "jorge", "lena", "omar"]),
        ({**ALL, "funded": "approved"}, ["amina", "claire"]),
        ({**ALL, "funded": "none"}, ["jorge", "lena", "omar"]),
        ({**ALL, "checked_in": "yes"}, ["omar"]),
        ({**ALL, "checked_in": "no"}, ["amina", "claire", "jorge", "lena"]),
        ({**ALL, "status": S.WAITLISTED}, ["waiting"]),
        ({**ALL, "member_state_id": "kenya"}, ["amina"]),
    ],
)
def test_the_recipients_are_exactly_the_filter(
    workshop, people, kenya, secretariat, filters, who, django_capture_on_commit_callbacks
):
    if filters["member_state_id"] == "kenya":
        filters = {**filters, "member_state_id": kenya.pk}

    with django_capture_on_commit_callbacks(execute=True):
        message = send(workshop, secretariat, filters=filters)

    expected = sorted(people[name].pk for name in who)
    assert message.recipient_count == len(who)
    assert sorted(message.recipients.values_list("registration_id", flat=True)) == expected
    assert sorted(m.to[0] for m in mail.outbox) == sorted(people[name].person.email for name in who)


def test_each_recipient_gets_one_message_in_their_language(
    workshop, people, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(workshop, secretariat)

    got = {m.to[0]: (m.subject, m.body.split("\n")[0]) for m in mail.outbox}
    assert len(mail.outbox) == 5
    assert got == {
        "amina@ke.example": ("Room change", "The workshop moves to room XIX."),
        "claire@fr.example": ("Changement de salle", "L'atelier a lieu dans la salle XIX."),
        "jorge@ec.example": ("Room change", "The workshop moves to room XIX."),  # no Spanish: English
        "lena@de.example": ("Room change", "The workshop moves to room XIX."),
        "omar@eg.example": ("Room change", "The workshop moves to room XIX."),
    }
    languages = dict(MessageRecipient.objects.values_list("email", "language"))
    assert languages["claire@fr.example"] == "fr"
    assert languages["jorge@ec.example"] == "es"
    assert "Vous recevez ce message" in next(m.body for m in mail.outbox if m.to == ["claire@fr.example"])


def test_focal_points_are_copied_on_their_delegations_messages(
    workshop, kenya, secretariat, django_capture_on_commit_callbacks
):
    focal = factories.make_delegate(email="focal@ke.example", state=kenya, focal_point=True)
    participant(workshop, "amina@ke.example", state=kenya)
    participant(workshop, "claire@fr.example")

    with django_capture_on_commit_callbacks(execute=True):
        send(workshop, secretariat, copy=True)

    assert sorted(m.to for m in mail.outbox) == [["amina@ke.example", focal.email], ["claire@fr.example"]]


def test_a_changed_set_of_recipients_since_the_preview_is_refused(workshop, people, secretariat):
    with pytest.raises(ValidationError) as error:
        send(workshop, secretariat, expected=4)

    assert error.value.messages == [
        "The recipients changed since the preview: 5 now instead of 4. Look at the preview again."
    ]
    assert (ParticipantMessage.objects.count(), OutboxMail.objects.count()) == (0, 0)


class WorkerKilled(BaseException):
    """What the process sees when it is killed: not an error any handler catches."""


class DyingBackend(EmailBackend):
    """Sends two messages, then the process dies before the third."""

    def send_messages(self, messages):
        if len(mail.outbox) >= 2:
            raise WorkerKilled
        return super().send_messages(messages)


def test_a_worker_killed_mid_send_sends_no_one_twice_and_no_one_zero_times(workshop, people, secretariat, settings):
    message = send(workshop, secretariat)  # the outbox rows are written; the after-commit publish does not run here
    ids = list(OutboxMail.objects.values_list("pk", flat=True))
    settings.EMAIL_BACKEND = "tests.workshops.test_messages.DyingBackend"

    with pytest.raises(WorkerKilled):
        outbox.dispatch(mail_ids=ids)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.sweep()  # a sweep soon after: the dead worker's claim is still fresh, nothing goes twice
    assert len(mail.outbox) == 2
    OutboxMail.objects.filter(sent_at__isnull=True).update(claimed_at=timezone.now() - outbox.CLAIM_TIMEOUT)
    outbox.sweep()  # once the claim is stale, the rest go

    sent_to = sorted(m.to[0] for m in mail.outbox)
    assert sent_to == sorted(r.email for r in message.recipients.all())
    assert len(sent_to) == len(set(sent_to)) == 5


# --- Pages ----------------------------------------------------------------------------------


def test_preview_shows_the_exact_count_and_sends_nothing(client, workshop, people, secretariat):
    client.force_login(secretariat)
    url = reverse("workshops:staff_message_new", kwargs={"slug": workshop.slug})

    response = client.post(url, {**TEXTS, "funded": "approved", "action": "preview"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "This message will go to 2 participants." in html
    assert '<input type="hidden" name="expected_count" value="2">' in html
    assert "Send to 2 participants" in html
    assert (ParticipantMessage.objects.count(), OutboxMail.objects.count()) == (0, 0)


def test_send_after_preview_keeps_the_message(
    client, workshop, people, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    url = reverse("workshops:staff_message_new", kwargs={"slug": workshop.slug})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**TEXTS, "funded": "approved", "expected_count": 2, "action": "send"})

    message = ParticipantMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:staff_message", kwargs={"slug": workshop.slug, "pk": message.pk})
    assert (message.recipient_count, message.sent_by, len(mail.outbox)) == (2, secretariat, 2)
    assert message.filters == {"status": "", "member_state_id": None, "funded": "approved", "checked_in": ""}


def test_a_message_without_english_changes_nothing(client, workshop, people, secretariat):
    client.force_login(secretariat)
    url = reverse("workshops:staff_message_new", kwargs={"slug": workshop.slug})

    response = client.post(url, {**TEXTS, "subject": "", "expected_count": 5, "action": "send"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert ParticipantMessage.objects.count() == 0


@pytest.mark.parametrize("n", SIZES)
def test_message_pages_queries(client, workshop, secretariat, n, django_assert_num_queries):
    for i in range(n):
        participant(workshop, "p%d@state.example" % i)
    message = send(workshop, secretariat)
    client.force_login(secretariat)

    with django_assert_num_queries(4):
        listing = client.get(reverse("workshops:staff_messages", kwargs={"slug": workshop.slug}))
    with django_assert_num_queries(4):
        detail = client.get(reverse("workshops:staff_message", kwargs={"slug": workshop.slug, "pk": message.pk}))

    assert (listing.status_code, detail.status_code) == (200, 200)
    assert text(listing).count("Room change") == 1  # the one message, whatever its recipients
    assert detail.content.decode().count("@state.example</td>") == n
