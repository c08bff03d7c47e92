"""Helpers of the API tests: personal tokens for any user, a JSON client, and records of every kind."""

import datetime
import json
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from api.models import ApiToken
from consultations.models import Consultation
from directory.models import Person
from documents.models import DocumentKind, DocumentSubject
from documents.services import subject_for
from tests import factories
from tests.consultations import factories as consultation_factories
from tests.documents.helpers import make_job
from tests.funding import factories as funding_factories
from tests.sessions_council import factories as council_factories
from tests.workshops.factories import DialogueYearFactory, WorkshopFactory, registration
from workshops.models import AgendaItem, AgendaSpeaker, Attendance, Registration, WorkshopDocument


def make_token(user, *, scope: str = ApiToken.Scope.READ_WRITE, name: str = "sync", days: int = 30) -> str:
    """A usable token of the user; returns its key."""
    _token, key = ApiToken.objects.create_key(
        user=user, name=name, scope=scope, expiry_date=timezone.now() + datetime.timedelta(days=days)
    )
    return key


class Api:
    """The Django test client speaking JSON, with ``Authorization: Bearer <key>`` when a key is given."""

    def __init__(self, client):
        self.client = client

    def _headers(self, key: str | None, language: str | None) -> dict:
        headers = {}
        if key:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        if language:
            headers["HTTP_ACCEPT_LANGUAGE"] = language
        return headers

    def get(self, path: str, key: str | None = None, *, language: str | None = None, **params):
        return self.client.get(path, params, **self._headers(key, language))

    def post(self, path: str, data: dict | None = None, key: str | None = None):
        return self.client.post(
            path, json.dumps(data or {}), content_type="application/json", **self._headers(key, None)
        )


@dataclass
class Records:
    workshop: object
    session: object
    consultation: object
    donor_contact: object
    delegate: object
    focal_point: object
    secretariat: object


def workshop_document(workshop, *, title: str = "Concept note", is_public: bool = True) -> WorkshopDocument:
    document = WorkshopDocument(
        workshop=workshop,
        kind=WorkshopDocument.Kind.CONCEPT_NOTE,
        title=title,
        title_fr=title + " (fr)",
        language="en",
        is_public=is_public,
        content_type="application/pdf",
        size=10,
        original_name="note.pdf",
    )
    document.file.save("note.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


def build_records(n: int) -> Records:
    """``n`` rows in every list of the API, seen by a secretariat user, a donor contact, a delegate and
    a focal point of one member state."""
    state = factories.MemberStateFactory(country="KE", name="Kenya")
    delegate = factories.make_delegate(email="delegate@state.example", state=state)
    focal_point = factories.make_delegate(email="focal@state.example", state=state, focal_point=True)
    donor_contact = factories.make_donor_contact(email="donor@donor.example")
    secretariat = factories.make_secretariat(email="staff@iom.example")
    donor = donor_contact.donor_contact.donor
    workshop = None
    for i in range(n):
        year = DialogueYearFactory(year=2010 + i, is_current=(i == 0))  # one IDM year a row
        workshop = WorkshopFactory(year=year, title=f"Workshop {i}", title_fr=f"Atelier {i}")
        item = AgendaItem.objects.create(
            workshop=workshop,
            starts_at=timezone.now(),
            ends_at=timezone.now() + datetime.timedelta(hours=1),
            title=f"Opening {i}",
            order=i,
        )
        AgendaSpeaker.objects.create(agenda_item=item, person=factories.PersonFactory(), role="speaker")
        workshop_document(workshop, title=f"Concept note {i}")
        person = factories.PersonFactory(member_state=state)
        registration(workshop, status=Registration.Status.PENDING, person=person)
        confirmed = registration(
            workshop, status=Registration.Status.CONFIRMED, person=Person.objects.get(user=delegate)
        )
        contribution = funding_factories.contribution(donor=donor, workshop=workshop, amount="1000")
        funding_factories.pay(contribution, "100")
        session = council_factories.CouncilSessionFactory()
        council_factories.ParticipationFactory(panel=council_factories.PanelFactory(session=session))
        consultation = consultation_factories.ConsultationFactory(status=Consultation.Status.CLOSED)
        consultation_factories.themes(consultation, f"Theme {i}")
        make_job(subject_for(kind=DocumentKind.WORKSHOP_REPORT, source=workshop, variant=""), by=secretariat)
    assert DocumentSubject.objects.count() == n
    for i in range(1, n):  # the last workshop's agenda: n items, each with its speaker
        item = AgendaItem.objects.create(
            workshop=workshop,
            starts_at=timezone.now() + datetime.timedelta(hours=i),
            ends_at=timezone.now() + datetime.timedelta(hours=i + 1),
            title=f"Session {i}",
            order=n + i,
        )
        AgendaSpeaker.objects.create(agenda_item=item, person=factories.PersonFactory(), role="speaker")
    for day in range(n):  # the last workshop's attendance: its delegate on n days, each checked in
        Attendance.objects.create(
            registration=confirmed,
            day=workshop.start_date + datetime.timedelta(days=day),
            checked_in_by=secretariat,
        )
    return Records(
        workshop=workshop,
        session=session,
        consultation=consultation,
        donor_contact=donor_contact,
        delegate=delegate,
        focal_point=focal_point,
        secretariat=secretariat,
    )
