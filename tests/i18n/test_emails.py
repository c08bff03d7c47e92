"""E-mails in each recipient's language, with the records' text in that language where it exists."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from directory import services as directory_services
from sessions_council import services as council_services
from sessions_council.models import Participation
from tests import factories
from tests.sessions_council.factories import PanelFactory, ParticipationFactory
from tests.workshops.factories import WorkshopFactory, person_of
from workshops import services

pytestmark = pytest.mark.django_db

TITLE = "Migration and Transnationalism: Opportunities and Challenges"
TITLE_FR = "Migration et transnationalisme : opportunités et défis"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a step in a captured commit, so its mail goes as it would after the real commit."""

    def step(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return step


@pytest.fixture
def workshop(db):
    return WorkshopFactory(title=TITLE, title_fr=TITLE_FR)


def test_a_french_speaking_delegate_is_told_in_french(committed, workshop):
    delegate = factories.make_delegate(email="claire@state.example", first_name="Claire", preferred_language="fr")

    committed(services.request_registration, workshop=workshop, person=person_of(delegate), by=delegate)

    (message,) = mail.outbox
    (name, content, mimetype) = message.attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert (message.subject, message.to) == ("[IDM] Inscription confirmée : %s" % TITLE_FR, [delegate.email])
    assert message.body.startswith("Bonjour %s,\n\nL'inscription ci-dessous est confirmée" % person_of(delegate))
    assert "Atelier : %s" % TITLE_FR in message.body
    assert str(event["SUMMARY"]) == TITLE_FR


def test_each_recipient_gets_the_message_in_their_own_language(committed, workshop):
    state = factories.MemberStateFactory()
    member = factories.make_delegate(email="pablo@state.example", state=state, preferred_language="es")
    focal = factories.make_delegate(email="focal@state.example", state=state, focal_point=True)

    committed(services.request_registration, workshop=workshop, person=person_of(member), by=focal)

    # No Spanish title yet: the Spanish message names the workshop in English.
    assert sorted((message.subject, message.to) for message in mail.outbox) == [
        ("[IDM] Inscripción confirmada: %s" % TITLE, [member.email]),
        ("[IDM] Registration confirmed: %s" % TITLE, [focal.email]),
    ]


def test_an_affiliation_decided_in_french(committed, secretariat):
    applicant = factories.UserFactory(email="amina@state.example", preferred_language="fr")
    state = factories.MemberStateFactory(country="KE", name="Kenya")
    affiliation = factories.AffiliationFactory(user=applicant, member_state=state, status="pending", decided_at=None)

    committed(directory_services.decide_affiliation, affiliation=affiliation, by=secretariat, approve=True)

    (message,) = mail.outbox
    assert message.subject == "[IDM] Votre affiliation à Kenya a été approuvée"
    assert "Le secrétariat de l'IDM a confirmé votre qualité de délégué de Kenya." in message.body


@override_settings(COUNCIL_PRESENTATION_REMINDER_DAYS=7)
def test_a_presentation_reminder_in_spanish(committed):
    panel = PanelFactory(
        title="Human rights and migration",
        title_es="Derechos humanos y migración",
        presentations_due=datetime.date(2009, 11, 16),
        session__title="Ninety-eighth Session",
        session__title_es="Nonagésima octava Reunión",
    )
    speaker = factories.UserFactory(email="kang@ohchr.example", first_name="Kyung-wha", preferred_language="es")
    ParticipationFactory(
        panel=panel, role=Participation.Role.KEYNOTE, person=factories.PersonFactory(user=speaker, email=speaker.email)
    )

    committed(council_services.send_presentation_reminders, today=datetime.date(2009, 11, 10))

    (message,) = mail.outbox
    assert message.subject == (
        "[IDM] Su presentación para la Nonagésima octava Reunión del Consejo de la OIM debe enviarse a más tardar "
        "el 16 de noviembre de 2009"
    )
    assert (
        "Gracias por intervenir en «Derechos humanos y migración» (Orador principal) en la Nonagésima octava "
        "Reunión del Consejo de la OIM." in " ".join(message.body.split())
    )
