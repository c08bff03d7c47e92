"""The public pages make the same number of queries for 1 row as for 30."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_council import services
from sessions_council.models import Participation
from tests.factories import MemberStateFactory, OrganisationFactory, PersonFactory
from tests.pages import shown
from workshops.models import AgendaItem, AgendaSpeaker, DialogueYear, Workshop

from .factories import CouncilSessionFactory, PanelFactory, ParticipationFactory, pdf_upload, png_upload

pytestmark = pytest.mark.django_db
ROWS = [1, 30]


def _speaker(**fields):
    return PersonFactory(
        organisation=OrganisationFactory(member_state=MemberStateFactory()), member_state=MemberStateFactory(), **fields
    )


@pytest.mark.parametrize("rows", ROWS)
def test_council_list(client, django_assert_num_queries, rows):
    sessions, panels = [], []
    for n in range(rows):
        session = CouncilSessionFactory(
            start_date=datetime.date(1980 + n, 11, 1), end_date=datetime.date(1980 + n, 11, 3)
        )
        sessions.append(session.title)
        panels += [panel.title for panel in PanelFactory.create_batch(2, session=session)]

    with django_assert_num_queries(3):  # count, sessions, their panels
        response = client.get(reverse("sessions_council:session_list"))

    assert len(response.context["sessions"]) == rows
    assert shown(response, sessions) == rows
    assert shown(response, panels) == 2 * rows


@pytest.mark.parametrize("rows", ROWS)
def test_session_page(client, django_assert_num_queries, secretariat, rows):
    session = CouncilSessionFactory(number=98)
    panels, speakers = [], []
    for _ in range(rows):
        panel = PanelFactory(
            session=session, year=DialogueYear.objects.get_or_create(year=2009, defaults={"theme": "T"})[0]
        )
        participation = ParticipationFactory(panel=panel, person=_speaker(), consent_to_publish=True)
        services.upload_presentation(participation=participation, upload=pdf_upload(), by=secretariat)
        panels.append(panel.title)
    crowded = PanelFactory(session=session)
    for _ in range(rows):
        speakers.append(ParticipationFactory(panel=crowded, person=_speaker()).person.full_name)
    ParticipationFactory(panel=crowded, person=None, organisation=OrganisationFactory(), label="the IOM Administration")

    with django_assert_num_queries(3):  # session, panels with their years, speakers with presentations
        response = client.get(reverse("sessions_council:session_detail", kwargs={"number": 98}))

    assert len(response.context["session"].panels.all()) == rows + 1
    assert shown(response, [*panels, crowded.title]) == rows + 1
    assert shown(response, speakers) == rows
    assert response.content.decode().count("Presentation (PDF, ") == rows


@pytest.mark.parametrize("rows", ROWS)
def test_speakers(client, django_assert_num_queries, rows):
    panel = PanelFactory()
    names = []
    for n in range(rows):
        person = _speaker()
        names.append(person.full_name)
        ParticipationFactory(panel=panel, person=person)
        if n % 2:
            services.update_speaker(person=person, biography="", photo=png_upload())

    with django_assert_num_queries(3):  # states for the search form, count, speakers
        response = client.get(reverse("sessions_council:speaker_list"), {"q": "", "role": "panellist"})

    assert len(response.context["speakers"]) == rows
    assert shown(response, names) == rows


@pytest.mark.parametrize("rows", ROWS)
def test_speaker_page(client, django_assert_num_queries, secretariat, rows):
    person = _speaker(biography="**Biography**")
    services.update_speaker(person=person, biography="**Biography**", photo=png_upload())
    year = DialogueYear.objects.create(year=2009, theme="Human rights and migration")
    workshop = Workshop.objects.create(
        year=year,
        title="Workshop",
        slug="workshop",
        start_date=datetime.date(2009, 3, 25),
        end_date=datetime.date(2009, 3, 26),
    )
    appearances = []
    for n in range(rows):
        if n % 2 == 0:
            participation = ParticipationFactory(panel=PanelFactory(), person=person, consent_to_publish=True)
            services.upload_presentation(participation=participation, upload=pdf_upload(), by=secretariat)
            appearances.append(participation.panel.title)
        else:
            appearances.append(f"Item {n}")
            starts = timezone.make_aware(datetime.datetime(2009, 3, 25, 9, 0) + datetime.timedelta(minutes=n))
            item = AgendaItem.objects.create(workshop=workshop, starts_at=starts, ends_at=starts, title=f"Item {n}")
            AgendaSpeaker.objects.create(agenda_item=item, person=person, role=AgendaSpeaker.Role.SPEAKER)

    with django_assert_num_queries(3):  # the speaker, Council panels, workshop agenda items
        response = client.get(reverse("sessions_council:speaker_detail", kwargs={"pk": person.pk}))

    assert len(response.context["appearances"]) == rows
    assert shown(response, appearances) == rows
    assert sorted({appearance.role for appearance in response.context["appearances"]}) == (
        ["Panellist"] if rows == 1 else ["Panellist", "Speaker"]
    )
    assert Participation.objects.filter(person=person).count() == (rows + 1) // 2
