"""E-mails at each step, sent after commit, with exact subjects and the calendar entry where it helps."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from directory.models import OutboxMail
from workshops import queries, services
from workshops.models import Registration, Workshop

from .factories import WorkshopFactory, delegates, person_of, registration

pytestmark = pytest.mark.django_db

TITLE = "Migration and Transnationalism: Opportunities and Challenges"


@pytest.fixture
def mailbox(committed):
    """Run each step in a captured commit, so its mail is sent as it would be after the real commit."""
    return committed


def subjects(outbox) -> list[tuple[str, list[str]]]:
    return [(message.subject, message.to) for message in outbox]


def register(step, workshop, user, **options):
    return step(services.request_registration, workshop=workshop, person=person_of(user), by=user, **options)


def test_confirmed_mail_carries_the_workshop_calendar(mailbox, delegate):
    step = mailbox
    workshop = WorkshopFactory(title=TITLE)

    register(step, workshop, delegate)

    (message,) = mail.outbox
    (name, content, mimetype) = message.attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert (message.subject, message.to) == ("[IDM] Registration confirmed: %s" % TITLE, [delegate.email])
    assert (name, mimetype, str(event["SUMMARY"])) == ("workshop.ics", "text/calendar", TITLE)
    assert "Dear %s," % person_of(delegate).full_name in message.body


def test_received_then_declined(mailbox, delegate, secretariat):
    step = mailbox
    workshop = WorkshopFactory(title=TITLE, requires_approval=True)

    pending = register(step, workshop, delegate)
    step(services.decline_registration, registration=pending, by=secretariat, reason="Two members per state.")

    assert subjects(mail.outbox) == [
        ("[IDM] Registration received: %s" % TITLE, [delegate.email]),
        ("[IDM] Registration declined: %s" % TITLE, [delegate.email]),
    ]
    assert mail.outbox[0].attachments == []
    assert "Reason: Two members per state." in mail.outbox[1].body


def test_waitlisted_cancelled_and_promoted(mailbox):
    step = mailbox
    workshop = WorkshopFactory(title=TITLE, capacity=1)
    first, second = delegates(2)
    mine = register(step, workshop, first)
    register(step, workshop, second)

    step(services.cancel_registration, registration=mine, by=first)

    assert subjects(mail.outbox) == [
        ("[IDM] Registration confirmed: %s" % TITLE, [first.email]),
        ("[IDM] On the waiting list: %s" % TITLE, [second.email]),
        ("[IDM] Registration cancelled: %s" % TITLE, [first.email]),
        ("[IDM] A seat is now confirmed: %s" % TITLE, [second.email]),
    ]
    assert [len(message.attachments) for message in mail.outbox] == [1, 0, 0, 1]


def test_funding_decisions(mailbox, secretariat):
    step = mailbox
    workshop = WorkshopFactory(title=TITLE, funded_seats=1)
    first, second = delegates(2)
    approved = register(step, workshop, first, request_funding=True, travel_from="Nairobi")
    refused = register(step, workshop, second, request_funding=True, travel_from="Nairobi")
    mail.outbox.clear()

    step(services.decide_funding, registration=approved, by=secretariat, approve=True)
    step(services.decide_funding, registration=refused, by=secretariat, approve=False, reason="All seats are taken.")

    assert subjects(mail.outbox) == [
        ("[IDM] Funded participation approved: %s" % TITLE, [first.email]),
        # travel opens the travel file with the approval and asks for the details
        ("[IDM] Your travel to %s: details needed" % TITLE, [first.email]),
        ("[IDM] Funded participation not approved: %s" % TITLE, [second.email]),
    ]
    assert "Reason: All seats are taken." in mail.outbox[2].body


def test_focal_point_and_the_participant_both_receive_the_mail(mailbox, delegate):
    from tests import factories

    step = mailbox
    state = person_of(delegate).member_state
    focal = factories.make_delegate(email="focal@state.example", state=state, focal_point=True)
    workshop = WorkshopFactory(title=TITLE)

    step(services.request_registration, workshop=workshop, person=person_of(delegate), by=focal)

    assert subjects(mail.outbox) == [
        ("[IDM] Registration confirmed: %s" % TITLE, sorted([delegate.email, focal.email]))
    ]


def test_no_mail_when_the_transaction_rolls_back(mailbox, delegate):
    step = mailbox
    workshop = WorkshopFactory(title=TITLE, capacity=1)
    register(step, workshop, delegate)
    mail.outbox.clear()

    with pytest.raises(Exception):  # noqa: B017 - the second request is refused
        register(step, workshop, delegate)

    assert mail.outbox == []
    assert Registration.objects.count() == 1


def test_mail_says_the_decision_taken_under_the_lock_not_the_seats_counted_before(mailbox):
    """The e-mail is rendered before the lock for the decision the page's count foretells; when the
    last seat went meanwhile, it is rendered again for the waiting list."""
    step = mailbox
    first, late = delegates(2)
    workshop = WorkshopFactory(title=TITLE, capacity=1)
    counted = queries.workshop_for_page(slug=workshop.slug).get()  # one seat free, as the page saw it
    register(step, workshop, first)
    mail.outbox.clear()

    registration = register(step, counted, late)

    assert (counted.seats_taken, registration.status) == (0, Registration.Status.WAITLISTED)
    assert subjects(mail.outbox) == [("[IDM] On the waiting list: %s" % TITLE, [late.email])]
    assert mail.outbox[0].attachments == []


def test_mail_shows_the_workshop_as_committed_when_it_changed_before_the_lock(mailbox, delegate):
    step = mailbox
    workshop = WorkshopFactory(title=TITLE)
    Workshop.objects.filter(pk=workshop.pk).update(title="Migration and Health")  # after the page read it

    register(step, workshop, delegate)

    (message,) = mail.outbox
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert (message.subject, str(event["SUMMARY"])) == (
        "[IDM] Registration confirmed: Migration and Health",
        "Migration and Health",
    )


def test_a_refused_registration_leaves_no_mail_in_the_outbox(mailbox, delegate):
    """The e-mail is in the outbox before the lock, in the registration's transaction: a workshop
    found closed under the lock rolls it back with the rest."""
    step = mailbox
    workshop = WorkshopFactory(title=TITLE)
    Workshop.objects.filter(pk=workshop.pk).update(registration_closes=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError) as refused:
        register(step, workshop, delegate)

    assert (refused.value.messages, OutboxMail.objects.count(), mail.outbox) == (
        ["Registration for this workshop is not open."],
        0,
        [],
    )


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_mails_rendered_once_a_workshop_are_each_participants_own(language):
    """The confirmed, waitlisted and received e-mails are filled in from one rendering per workshop,
    event, language and funding request (workshops/services/mail.py): the same texts as rendering the
    templates for each participant, whatever the name holds and whichever workshop or state."""
    from directory.mail import render_mail
    from tests import factories
    from workshops.services.mail import participant_mails

    plain = WorkshopFactory(venue="")
    odd = WorkshopFactory(title="Travel & <Borders> 'at' \"sea\"", title_fr="Voyages & <frontières>", venue="A & B")
    states = [factories.MemberStateFactory(name="Trinidad & Tobago"), factories.MemberStateFactory()]
    users = [
        factories.make_delegate(email="a@state.example", state=states[0], first_name="Zoë & <b>", last_name=" O'Neil "),
        factories.make_delegate(email="b@state.example", state=states[1], first_name="Ana", last_name="Lima"),
    ]
    compared = 0
    for workshop in (plain, odd):
        for user in users:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
            for funding in (Registration.Funding.NOT_REQUESTED, Registration.Funding.REQUESTED):
                made = registration(
                    workshop, status=Registration.Status.CONFIRMED, person=person_of(user), funding=funding
                )
                for event in ("confirmed", "waitlisted", "received"):
                    for _ in range(2):  # rendered, then filled in from what was rendered
                        context = {"registration": made, "workshop": workshop, "person": made.person}
                        expected = render_mail(
                            template="workshops/email/registration_%s" % event,
                            context=context,
                            to=[],
                            language=language,
                        )
                        (mail,) = participant_mails(made, event)
                        assert (mail.subject, mail.body) == (expected.subject, expected.body)
                        compared += 1
                made.delete()
    assert compared == 2 * 2 * 2 * 3 * 2
