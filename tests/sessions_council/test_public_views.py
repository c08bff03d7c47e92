import datetime
import functools
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from directory.models import MemberState
from sessions_council import services
from sessions_council.models import Participation
from tests.factories import MemberStateFactory, OrganisationFactory, PersonFactory, UserFactory
from workshops.models import AgendaItem, AgendaSpeaker, DialogueYear, Workshop

from .factories import CouncilSessionFactory, PanelFactory, ParticipationFactory, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


# --- /council/ and the session page -----------------------------------------------------------


def test_sessions_are_listed_newest_first(client):
    CouncilSessionFactory(
        number=96,
        title="Ninety-sixth Session",
        start_date=datetime.date(2008, 12, 2),
        end_date=datetime.date(2008, 12, 5),
    )
    CouncilSessionFactory(
        number=98,
        title="Ninety-eighth Session",
        start_date=datetime.date(2009, 11, 23),
        end_date=datetime.date(2009, 11, 26),
    )
    CouncilSessionFactory(
        number=97,
        title="Ninety-seventh Session",
        start_date=datetime.date(2009, 6, 1),
        end_date=datetime.date(2009, 6, 1),
    )

    response = client.get(reverse("sessions_council:session_list"))

    assert [session.number for session in response.context["sessions"]] == [98, 97, 96]


def test_session_page_lists_speakers_in_speaking_order_with_positions(client):
    panel = PanelFactory(session__number=98, title="Human rights and migration")
    for order, (name, position) in enumerate(
        [
            ("Anita", "Trafficking in Persons Report hero of the year for 2009"),
            ("Kang", "Deputy High Commissioner for Human Rights"),
        ]
    ):
        ParticipationFactory(
            panel=panel, person=PersonFactory(given_name="X", family_name=name, position=position), order=order
        )
    kang = panel.participations.get(person__family_name="Kang")
    services.move_participation(participation=kang, direction=-1)

    response = client.get(reverse("sessions_council:session_detail", kwargs={"number": 98}))

    speakers = list(response.context["session"].panels.all()[0].participations.all())
    assert [(s.person.family_name, s.shown_position) for s in speakers] == [
        ("Kang", "Deputy High Commissioner for Human Rights"),
        ("Anita", "Trafficking in Persons Report hero of the year for 2009"),
    ]
    text = _text(response)
    assert text.index("X Kang") < text.index("X Anita")
    assert "Deputy High Commissioner for Human Rights" in text


def test_session_page_shows_summary_conclusions_year_and_keynote_by_video(client):
    year = DialogueYear.objects.create(year=2009, theme="Human rights and migration")
    panel = PanelFactory(
        session__number=98,
        year=year,
        summary="First paragraph.\n\nSecond paragraph.",
        key_conclusions="Human rights are a fundamental element of migration governance.\nSecond conclusion.",
    )
    ParticipationFactory(
        panel=panel,
        person=PersonFactory(honorific="H.E.", given_name="Ellen", family_name="Johnson Sirleaf"),
        role=Participation.Role.KEYNOTE,
        attendance=Participation.Attendance.VIDEO,
        topic="Migration, human rights and the economic crisis",
    )

    response = client.get(reverse("sessions_council:session_detail", kwargs={"number": 98}))

    html = response.content.decode()
    assert "<p>First paragraph.</p>" in html
    assert "<p>Second paragraph.</p>" in html
    assert re.findall(r'<ol class="conclusions"><li>(.*?)</li><li>(.*?)</li></ol>', html) == [
        ("Human rights are a fundamental element of migration governance.", "Second conclusion.")
    ]
    text = _text(response)
    assert "H.E. Ellen Johnson Sirleaf Keynote speaker By video" in text
    assert "On: Migration, human rights and the economic crisis" in text
    assert "2009: Human rights and migration" in text


def test_session_page_links_only_public_presentations(client, secretariat):
    panel = PanelFactory(session__number=98)
    public = ParticipationFactory(panel=panel, consent_to_publish=True)
    no_consent = ParticipationFactory(panel=panel, consent_to_publish=False)
    unpublished = ParticipationFactory(panel=panel, consent_to_publish=True)
    shown = services.upload_presentation(participation=public, upload=pdf_upload(), by=secretariat)
    hidden = [
        services.upload_presentation(participation=no_consent, upload=pdf_upload(), by=secretariat),
        services.upload_presentation(
            participation=unpublished, upload=pdf_upload(), by=secretariat, is_published=False
        ),
    ]

    html = client.get(reverse("sessions_council:session_detail", kwargs={"number": 98})).content.decode()

    assert reverse("sessions_council:presentation_download", kwargs={"pk": shown.pk}) in html
    for presentation in hidden:
        assert reverse("sessions_council:presentation_download", kwargs={"pk": presentation.pk}) not in html


def test_an_unknown_session_is_404(client, db):
    assert client.get(reverse("sessions_council:session_detail", kwargs={"number": 12})).status_code == 404


# --- Presentation downloads -------------------------------------------------------------------


SLIDES_TEXT = "Kang: the human rights of migrants"


@functools.cache
def _slides_pdf() -> bytes:
    """A real one-page PDF with a line of text, so that a download is read back, not just counted."""
    return HTML(string=f"<p>{SLIDES_TEXT}</p>").write_pdf()


def _presentation(by, *, consent=True, published=True, person=None):
    participation = ParticipationFactory(consent_to_publish=consent, **({"person": person} if person else {}))
    upload = SimpleUploadedFile("Kang slides.pdf", _slides_pdf(), content_type="application/pdf")
    return services.upload_presentation(participation=participation, upload=upload, by=by, is_published=published)


def _download(response) -> tuple[int, str, str, list[str]]:
    """Status, content type, disposition and the text of each page of a downloaded PDF."""
    data = b"".join(response.streaming_content)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
    return response.status_code, response["Content-Type"], response["Content-Disposition"], pages


DOWNLOADED = (200, "application/pdf", 'attachment; filename="Kang slides.pdf"', [SLIDES_TEXT])


def test_a_public_presentation_downloads_as_an_attachment_for_anyone(client, secretariat):
    presentation = _presentation(secretariat)

    response = client.get(presentation.get_absolute_url())

    assert response["X-Content-Type-Options"] == "nosniff"
    assert _download(response) == DOWNLOADED


@pytest.mark.parametrize(("consent", "published"), [(False, True), (True, False), (False, False)])
def test_a_presentation_not_public_is_404_for_the_public_and_200_for_the_secretariat(
    client, secretariat, delegate, consent, published
):
    presentation = _presentation(secretariat, consent=consent, published=published)

    anonymous = client.get(presentation.get_absolute_url()).status_code
    client.force_login(delegate)
    other_user = client.get(presentation.get_absolute_url()).status_code
    client.force_login(secretariat)
    staff = client.get(presentation.get_absolute_url())

    assert (anonymous, other_user) == (404, 404)
    assert _download(staff) == DOWNLOADED
    assert staff["Cache-Control"] == "private, no-store"


def test_the_speaker_downloads_their_own_unpublished_presentation(client, secretariat):
    user = UserFactory()
    presentation = _presentation(secretariat, consent=False, person=PersonFactory(user=user))
    client.force_login(user)

    assert _download(client.get(presentation.get_absolute_url())) == DOWNLOADED


def test_a_presentation_whose_file_is_gone_is_404(client, secretariat):
    presentation = _presentation(secretariat)
    presentation.file.storage.delete(presentation.file.name)

    assert client.get(presentation.get_absolute_url()).status_code == 404


# --- /speakers/ -------------------------------------------------------------------------------


@pytest.fixture
def speakers(db):
    """Two Council speakers, one workshop speaker, and a directory person who never spoke."""
    sweden = MemberStateFactory(country="SE", name="Sweden")
    panel = PanelFactory()
    ohchr = OrganisationFactory(name="Office of the High Commissioner of Human Rights", acronym="OHCHR")
    kang = PersonFactory(given_name="Kyung-wha", family_name="Kang", organisation=ohchr)
    ljunggren = PersonFactory(given_name="Minna", family_name="Ljunggren", member_state=sweden)
    ParticipationFactory(panel=panel, person=kang, role=Participation.Role.PANELLIST)
    ParticipationFactory(panel=panel, person=ljunggren, role=Participation.Role.PRESENTER)
    chair = PersonFactory(given_name="Workshop", family_name="Chair")
    item = _agenda_item(datetime.datetime(2009, 3, 25, 10, 0))
    AgendaSpeaker.objects.create(agenda_item=item, person=chair, role=AgendaSpeaker.Role.CHAIR)
    PersonFactory(given_name="Never", family_name="Spoke")
    return {"kang": kang, "ljunggren": ljunggren, "chair": chair, "sweden": sweden}


def _agenda_item(starts: datetime.datetime, *, workshop=None, title="Opening") -> AgendaItem:
    if workshop is None:
        year, _ = DialogueYear.objects.get_or_create(year=starts.year, defaults={"theme": "Theme"})
        workshop = Workshop.objects.create(
            year=year,
            title="Effective Respect for the Human Rights of Migrants: A Shared Responsibility",
            slug=f"workshop-{starts:%Y%m%d%H%M}",
            start_date=starts.date(),
            end_date=starts.date(),
        )
    aware = timezone.make_aware(starts)
    return AgendaItem.objects.create(workshop=workshop, starts_at=aware, ends_at=aware, title=title)


def _listed(client, **params) -> list[str]:
    response = client.get(reverse("sessions_council:speaker_list"), params)
    assert response.status_code == 200
    return [person.family_name for person in response.context["speakers"]]


def test_speakers_lists_everyone_who_spoke_and_nobody_else(client, speakers):
    assert _listed(client) == ["Chair", "Kang", "Ljunggren"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "kyung"}, ["Kang"]),
        ({"q": "Minna Ljunggren"}, ["Ljunggren"]),
        ({"q": "High Commissioner"}, ["Kang"]),
        ({"q": "ohchr"}, ["Kang"]),
        ({"role": "presenter"}, ["Ljunggren"]),
        ({"role": "panellist"}, ["Kang"]),
        ({"role": "chair"}, ["Chair"]),
        ({"role": "moderator"}, []),
        ({"q": "nobody"}, []),
    ],
)
def test_speakers_are_searched_by_name_organisation_and_role(client, speakers, params, expected):
    assert _listed(client, **params) == expected


def test_speakers_are_searched_by_member_state(client, speakers):
    assert _listed(client, state=speakers["sweden"].pk) == ["Ljunggren"]
    assert list(MemberState.objects.filter(pk=speakers["sweden"].pk)) == [speakers["sweden"]]


def test_a_state_that_is_not_in_the_list_is_an_error_not_a_crash(client, speakers):
    response = client.get(reverse("sessions_council:speaker_list"), {"state": "999999"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "state": ["Choose a member state from the list; the one given is not known to the portal."]
    }


# --- A speaker's page -------------------------------------------------------------------------


def test_speaker_page_lists_appearances_across_panels_and_workshops_in_date_order(client, db):
    person = PersonFactory(given_name="Kyung-wha", family_name="Kang")
    session = CouncilSessionFactory(
        title="Ninety-eighth Session", start_date=datetime.date(2009, 11, 23), end_date=datetime.date(2009, 11, 26)
    )
    afternoon = PanelFactory(
        session=session, title="Afternoon panel", date=datetime.date(2009, 11, 23), time=datetime.time(15, 0)
    )
    undated = PanelFactory(session=session, title="Undated discussion", date=None)  # the session's first day
    ParticipationFactory(
        panel=afternoon, person=person, role=Participation.Role.KEYNOTE, attendance=Participation.Attendance.VIDEO
    )
    ParticipationFactory(panel=undated, person=person, role=Participation.Role.PANELLIST)
    july = _agenda_item(datetime.datetime(2009, 7, 9, 9, 30), title="Trafficking in persons")
    morning = _agenda_item(datetime.datetime(2009, 11, 23, 10, 0), title="Morning workshop session")
    AgendaSpeaker.objects.create(agenda_item=july, person=person, role=AgendaSpeaker.Role.SPEAKER)
    AgendaSpeaker.objects.create(agenda_item=morning, person=person, role=AgendaSpeaker.Role.MODERATOR)
    march = _agenda_item(datetime.datetime(2009, 3, 25, 10, 0), title="Effective respect")
    AgendaSpeaker.objects.create(agenda_item=march, person=person, role=AgendaSpeaker.Role.CHAIR)
    cancelled = _agenda_item(datetime.datetime(2009, 5, 1, 10, 0), title="Cancelled item")
    Workshop.objects.filter(pk=cancelled.workshop_id).update(status=Workshop.Status.CANCELLED)
    AgendaSpeaker.objects.create(agenda_item=cancelled, person=person, role=AgendaSpeaker.Role.SPEAKER)

    response = client.get(reverse("sessions_council:speaker_detail", kwargs={"pk": person.pk}))

    assert [(a.date.isoformat(), a.what, a.role, a.by_video) for a in response.context["appearances"]] == [
        ("2009-03-25", "Effective respect", "Chair", False),
        ("2009-07-09", "Trafficking in persons", "Speaker", False),
        ("2009-11-23", "Undated discussion", "Panellist", False),
        ("2009-11-23", "Morning workshop session", "Moderator", False),
        ("2009-11-23", "Afternoon panel", "Keynote speaker", True),
    ]


def test_speaker_page_renders_the_biography_from_markdown_sanitised(client, db):
    person = PersonFactory(
        biography="**Deputy High Commissioner** for [Human Rights](https://www.ohchr.org/)\n\n"
        "<script>alert('x')</script><img src=x onerror=alert(1)> [bad](javascript:alert(1))"
    )
    ParticipationFactory(person=person)

    html = client.get(reverse("sessions_council:speaker_detail", kwargs={"pk": person.pk})).content.decode()

    assert (
        '<p><strong>Deputy High Commissioner</strong> for <a href="https://www.ohchr.org/" '
        'rel="noopener noreferrer nofollow">Human Rights</a></p>'
    ) in html
    assert "alert" not in html
    assert "<img src=x" not in html
    assert "javascript:" not in html


def test_a_person_who_never_spoke_has_no_speaker_page(client, db):
    person = PersonFactory()

    assert client.get(reverse("sessions_council:speaker_detail", kwargs={"pk": person.pk})).status_code == 404


def test_the_photo_is_served_with_its_checked_type_and_nosniff(client, db):
    person = PersonFactory()
    ParticipationFactory(person=person)
    services.update_speaker(person=person, biography="", photo=png_upload("evil.html"))

    page = client.get(reverse("sessions_council:speaker_detail", kwargs={"pk": person.pk})).content.decode()
    response = client.get(reverse("sessions_council:speaker_photo", kwargs={"pk": person.pk}))

    assert reverse("sessions_council:speaker_photo", kwargs={"pk": person.pk}) in page
    assert (response.status_code, response["Content-Type"], response["X-Content-Type-Options"]) == (
        200,
        "image/png",
        "nosniff",
    )


def test_no_photo_is_404(client, db):
    person = PersonFactory()
    ParticipationFactory(person=person)

    assert client.get(reverse("sessions_council:speaker_photo", kwargs={"pk": person.pk})).status_code == 404


# --- A speaker's own upload -------------------------------------------------------------------


def test_a_speaker_uploads_their_presentation_and_consents(client):
    user = UserFactory()
    participation = ParticipationFactory(person=PersonFactory(user=user), consent_to_publish=False)
    client.force_login(user)

    listing = client.get(reverse("sessions_council:my_presentations"))
    response = client.post(
        reverse("sessions_council:my_presentation_upload", kwargs={"pk": participation.pk}),
        {"file": pdf_upload("my slides.pdf"), "consent_to_publish": "on"},
    )

    participation.refresh_from_db()
    assert list(listing.context["participations"]) == [participation]
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_council:my_presentations")
    assert (participation.consent_to_publish, participation.presentation.original_name) == (True, "my slides.pdf")


def test_a_speaker_upload_that_is_not_a_document_is_refused_with_a_message(client):
    user = UserFactory()
    participation = ParticipationFactory(person=PersonFactory(user=user))
    client.force_login(user)

    response = client.post(
        reverse("sessions_council:my_presentation_upload", kwargs={"pk": participation.pk}),
        {"file": png_upload("slides.pdf")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["The file is not a valid PDF, DOCX, PPTX document."]}
    assert Participation.objects.get(pk=participation.pk).consent_to_publish is False
