import datetime

import pytest
from django.urls import reverse

from sessions_council import services
from sessions_council.demo import load as load_demo
from sessions_council.models import CouncilSession, Panel, Participation
from tests.factories import PersonFactory
from tests.pages import shown

from .factories import CouncilSessionFactory, PanelFactory, ParticipationFactory, fake_pdf_upload, pdf_upload

pytestmark = pytest.mark.django_db


def _order(panel) -> list[str]:
    return list(panel.participations.order_by("order").values_list("person__family_name", flat=True))


def test_the_secretariat_creates_a_session_and_a_panel(staff_client):
    response = staff_client.post(
        reverse("sessions_council:session_create"),
        {
            "number": "98",
            "title": "Ninety-eighth Session",
            "start_date": "2009-11-23",
            "end_date": "2009-11-26",
            "place": "Geneva",
        },
    )
    session = CouncilSession.objects.get(number=98)
    assert response["Location"] == reverse("sessions_council:staff_session", kwargs={"pk": session.pk})

    response = staff_client.post(
        reverse("sessions_council:panel_create", kwargs={"pk": session.pk}),
        {
            "kind": "idm_panel",
            "title": "Human rights and migration",
            "date": "2009-11-23",
            "time": "15:00",
            "order": "0",
            "presentations_due": "2009-11-16",
            "summary": "One.\n\nTwo.",
            "key_conclusions": "First\nSecond",
        },
    )

    panel = Panel.objects.get(session=session)
    assert response["Location"] == reverse("sessions_council:staff_session", kwargs={"pk": session.pk}) + (
        f"#panel-{panel.pk}"
    )
    assert (panel.time, panel.presentations_due, panel.conclusions) == (
        datetime.time(15, 0),
        datetime.date(2009, 11, 16),
        ["First", "Second"],
    )


def test_a_session_ending_before_it_starts_is_refused(staff_client):
    response = staff_client.post(
        reverse("sessions_council:session_create"),
        {"number": "98", "title": "Ninety-eighth Session", "start_date": "2009-11-26", "end_date": "2009-11-23"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The last day cannot be before the first day."]
    assert CouncilSession.objects.count() == 0


def test_a_panel_outside_its_session_is_refused_with_a_message(staff_client):
    session = CouncilSessionFactory()

    response = staff_client.post(
        reverse("sessions_council:panel_create", kwargs={"pk": session.pk}),
        {"kind": "idm_panel", "title": "Late", "date": "2010-01-01", "order": "0"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "date": ["The date must fall within the session (2009-11-23 to 2009-11-26)."]
    }


def test_the_secretariat_adds_a_panellist_at_the_end_of_the_order(staff_client):
    panel = PanelFactory()
    ParticipationFactory(panel=panel, person=PersonFactory(family_name="Kang"), order=0)
    anita = PersonFactory(given_name="Elly", family_name="Anita")

    response = staff_client.post(
        reverse("sessions_council:participation_create", kwargs={"pk": panel.pk}),
        {"person": anita.pk, "role": "panellist", "attendance": "in_person", "topic": "Her own experience"},
    )

    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("sessions_council:staff_session", kwargs={"pk": panel.session_id}) + "#panel-%d" % panel.pk
    )
    assert _order(panel) == ["Kang", "Anita"]


def test_adding_the_same_person_twice_is_refused_with_a_message(staff_client):
    panel = PanelFactory()
    kang = ParticipationFactory(panel=panel, person=PersonFactory(given_name="Kyung-wha", family_name="Kang"))

    response = staff_client.post(
        reverse("sessions_council:participation_create", kwargs={"pk": panel.pk}),
        {"person": kang.person_id, "role": "panellist", "attendance": "in_person"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Kyung-wha Kang already speaks at this panel."]


def test_a_participation_needs_a_person_or_an_organisation_not_both(staff_client):
    panel = PanelFactory()

    response = staff_client.post(
        reverse("sessions_council:participation_create", kwargs={"pk": panel.pk}),
        {"role": "presenter", "attendance": "in_person"},
    )

    assert response.context["form"].non_field_errors() == ["Choose either a person or an organisation."]
    assert panel.participations.count() == 0


def test_reorder_without_javascript_redirects_back_to_the_panel(staff_client):
    panel = PanelFactory()
    ParticipationFactory(panel=panel, person=PersonFactory(family_name="Kang"), order=0)
    anita = ParticipationFactory(panel=panel, person=PersonFactory(family_name="Anita"), order=1)

    response = staff_client.post(
        reverse("sessions_council:participation_move", kwargs={"pk": anita.pk}), {"direction": "up"}
    )

    assert response["Location"] == reverse("sessions_council:staff_session", kwargs={"pk": panel.session_id}) + (
        f"#panel-{panel.pk}"
    )
    assert _order(panel) == ["Anita", "Kang"]


def test_reorder_with_htmx_returns_the_panels_speakers(staff_client):
    panel = PanelFactory()
    kang = ParticipationFactory(panel=panel, person=PersonFactory(given_name="Kyung-wha", family_name="Kang"), order=0)
    ParticipationFactory(panel=panel, person=PersonFactory(given_name="Elly", family_name="Anita"), order=1)

    response = staff_client.post(
        reverse("sessions_council:participation_move", kwargs={"pk": kang.pk}),
        {"direction": "down"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<div id="panel-{panel.pk}-speakers"')
    assert html.index("Elly Anita") < html.index("Kyung-wha Kang")
    assert _order(panel) == ["Anita", "Kang"]


def test_remove_a_speaker(staff_client):
    panel = PanelFactory()
    kang = ParticipationFactory(panel=panel, person=PersonFactory(family_name="Kang"), order=0)
    ParticipationFactory(panel=panel, person=PersonFactory(family_name="Anita"), order=1)

    staff_client.post(reverse("sessions_council:participation_delete", kwargs={"pk": kang.pk}))

    assert _order(panel) == ["Anita"]


def test_the_secretariat_uploads_a_presentation_for_a_panellist(staff_client):
    participation = ParticipationFactory(consent_to_publish=True)

    response = staff_client.post(
        reverse("sessions_council:presentation_upload", kwargs={"pk": participation.pk}),
        {"file": pdf_upload("kang.pdf"), "is_published": "on"},
    )

    participation.refresh_from_db()
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("sessions_council:staff_session", kwargs={"pk": participation.panel.session_id})
        + "#panel-%d" % participation.panel_id
    )
    assert (participation.presentation.original_name, participation.presentation.is_public) == ("kang.pdf", True)


def test_an_upload_that_is_not_a_document_is_refused_and_nothing_is_stored(staff_client):
    participation = ParticipationFactory()

    response = staff_client.post(
        reverse("sessions_council:presentation_upload", kwargs={"pk": participation.pk}), {"file": fake_pdf_upload()}
    )

    assert response.context["form"].errors == {"file": ["The file is not a valid PDF, DOCX, PPTX document."]}
    assert Participation.objects.filter(presentation__isnull=False).count() == 0


def test_missing_presentations_lists_presenting_speakers_without_one(staff_client, secretariat):
    panel = PanelFactory()
    ParticipationFactory(panel=panel, person=PersonFactory(family_name="Kang"))
    ParticipationFactory(panel=panel, person=PersonFactory(family_name="Moderator"), role=Participation.Role.MODERATOR)
    done = ParticipationFactory(panel=panel, person=PersonFactory(family_name="Done"))
    services.upload_presentation(participation=done, upload=pdf_upload(), by=secretariat)
    ParticipationFactory(panel=panel, person=PersonFactory(family_name="Keynote"), role=Participation.Role.KEYNOTE)

    response = staff_client.get(reverse("sessions_council:presentations_missing"))

    assert [p.person.family_name for p in response.context["participations"]] == ["Kang", "Keynote"]


@pytest.mark.parametrize("rows", [1, 30])
def test_staff_pages_make_constant_queries(staff_client, django_assert_num_queries, rows):
    session = CouncilSessionFactory()
    panel = PanelFactory(session=session)
    names = [ParticipationFactory(panel=panel).person.full_name for _ in range(rows)]
    staff_client.get(reverse("sessions_council:staff_session_list"))  # warm the session and roles

    with django_assert_num_queries(4):
        session_page = staff_client.get(reverse("sessions_council:staff_session", kwargs={"pk": session.pk}))
    with django_assert_num_queries(3):
        response = staff_client.get(reverse("sessions_council:presentations_missing"))

    assert shown(session_page, names) == rows
    assert len(response.context["participations"]) == rows
    assert shown(response, names) == rows


def test_the_speaker_edit_page_saves_a_biography(staff_client):
    person = PersonFactory()

    response = staff_client.post(
        reverse("sessions_council:speaker_edit", kwargs={"pk": person.pk}), {"biography": "*Minister*"}
    )

    person.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_council:speaker_edit", kwargs={"pk": person.pk})
    assert person.biography == "*Minister*"


# --- Demo data --------------------------------------------------------------------------------


def test_demo_loads_the_ninety_eighth_session_as_written_and_again_changes_nothing(db):
    from directory import demo as directory_demo

    directory_demo.load()
    first = load_demo()
    second = load_demo()

    assert first == second == {"Council sessions": 1, "Council panels": 3, "Council speakers": 13}
    session = CouncilSession.objects.get(number=98)
    assert (session.title, session.place, session.start_date, session.end_date) == (
        "Ninety-eighth Session",
        "Geneva",
        datetime.date(2009, 11, 23),
        datetime.date(2009, 11, 26),
    )
    idm, discussion, highlights = session.panels.all()
    assert idm.title == "Human rights and migration: Working together for safe, dignified and secure migration"
    assert idm.year.year == 2009
    assert [(p.speaker_name, p.shown_position, p.role) for p in idm.participations.all()] == [
        ("Kyung-wha Kang", "Deputy High Commissioner for Human Rights", "panellist"),
        ("Fatima Mohammed Al-Balooshi", "Minister of Social Development of Bahrain", "panellist"),
        (
            "Jean-Louis de Brouwer",
            "Directorate-General for Justice, Freedom and Security of the European Commission",
            "panellist",
        ),
        ("Drazen Maravic", "Ministry of Interior of Serbia", "panellist"),
        ("Elly Anita", "Trafficking in Persons Report hero of the year for 2009", "panellist"),
        ("H.E. Ellen Johnson Sirleaf", "President of Liberia", "keynote"),
    ]
    keynote = idm.participations.get(role=Participation.Role.KEYNOTE)
    assert (keynote.attendance, keynote.topic, keynote.note) == (
        "video",
        "Migration, human rights and the economic crisis",
        "in the afternoon of the first day of the Council",
    )
    assert discussion.kind == Panel.Kind.DEDICATED_DISCUSSION
    assert [p.speaker_name for p in discussion.participations.all()] == ["the IOM Administration"]
    assert (
        highlights.title
        == "International Dialogue on Migration – Highlights of global and regional migration dialogues"
    )
    assert [p.speaker_name for p in highlights.participations.all()] == [
        "Malusi Knowledge Nkanyezi Gigaba",
        "Minna Ljunggren",
        "Sihasak Phuangketkeow",
        "George J. Kaklikis",
        "Alejandro Poiré",
        "Carlos Lopes",
    ]
    assert len(idm.paragraphs) == 5
    assert len(discussion.paragraphs) == 1
    assert len(highlights.paragraphs) == 3
    assert idm.conclusions[0] == "Human rights are a fundamental element of migration governance."
