"""Content in three languages: the records' text in English, French and Spanish, shown in the active
language or in English where the translation is missing, edited in language groups by the secretariat,
who sees what is still to translate."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from consultations import services as consultation_services
from consultations.models import Consultation
from directory.translation import missing, translated
from sessions_council.models import Panel
from tests.consultations.factories import ConsultationFactory, ballot, state, themes, topics
from tests.sessions_council.factories import PanelFactory
from tests.workshops.factories import DialogueYearFactory, WorkshopFactory
from workshops.models import AgendaItem, WorkshopDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def workshop(db):
    return WorkshopFactory(
        title="Societies and Identities",
        title_fr="Sociétés et identités",
        description="First paragraph.\n\nSecond paragraph.",
        description_es="Primer párrafo.\n\nSegundo párrafo.",
        guiding_questions="Why?\nHow?",
    )


def test_translated_text_falls_back_to_english(workshop):
    with translation.override("fr"):
        french = (translated(workshop, "title"), translated(workshop, "description"), str(workshop))
    with translation.override("es"):
        spanish = (translated(workshop, "title"), workshop.paragraphs, workshop.questions)

    assert french == ("Sociétés et identités", "First paragraph.\n\nSecond paragraph.", "Sociétés et identités")
    assert spanish == ("Societies and Identities", ["Primer párrafo.", "Segundo párrafo."], ["Why?", "How?"])
    assert translated(workshop, "title", language="fr") == "Sociétés et identités"
    assert translated(workshop, "title", language="de") == "Societies and Identities"  # not a portal language


def test_the_template_filter(workshop):
    template = Template('{% load i18n_content %}{{ workshop|tr:"title" }} / {{ nothing|tr:"title" }}')

    with translation.override("fr"):
        rendered = template.render(Context({"workshop": workshop, "nothing": None}))

    assert rendered == "Sociétés et identités / "


def test_a_year_names_itself_in_the_language():
    year = DialogueYearFactory(theme_es="Migración y cambio social")

    with translation.override("es"):
        spanish = str(year)
    with translation.override("fr"):
        french = str(year)

    assert (spanish, french) == ("IDM 2010: Migración y cambio social", "IDM 2010 : Migration and social change")


def test_missing_lists_each_field_and_language_lacking(workshop):
    assert missing(workshop) == {
        "title": ["es"],
        "venue": ["fr", "es"],
        "description": ["fr"],
        "guiding_questions": ["fr", "es"],
    }


def test_a_panels_summary_and_conclusions_in_french():
    panel = PanelFactory(
        summary="One.\n\nTwo.", summary_fr="Un.\n\nDeux.", key_conclusions="First\nSecond", key_conclusions_fr=""
    )

    with translation.override("fr"):
        shown = (panel.paragraphs, panel.conclusions)

    assert shown == (["Un.", "Deux."], ["First", "Second"])


# --- Staff forms ----------------------------------------------------------------------------


def legends(page: str) -> list[str]:
    return re.findall(r'<legend><span lang="(\w+)">([^<]+)</span></legend>', page)


def test_the_workshop_form_groups_the_three_languages(staff_client, workshop):
    page = staff_client.get(reverse("workshops:staff_workshop_edit", args=[workshop.slug])).content.decode()

    assert legends(page) == [("en", "English"), ("fr", "Français"), ("es", "Español")]
    assert re.findall(r'<input type="text" name="(title(?:_fr|_es)?)"[^>]* lang="(\w+)"', page) == [
        ("title", "en"),
        ("title_fr", "fr"),
        ("title_es", "es"),
    ]
    assert page.count('<label for="id_title_fr">Title:</label>') == 1


def test_the_agenda_item_form_saves_the_translations(staff_client, workshop):
    response = staff_client.post(
        reverse("workshops:staff_agenda_item_create", args=[workshop.slug]),
        {
            "starts_at": "2010-03-09T10:45",
            "ends_at": "2010-03-09T13:00",
            "kind": AgendaItem.Kind.SESSION,
            "title": "Session I",
            "title_fr": "Séance I",
            "title_es": "Sesión I",
            "description": "",
            "description_fr": "",
            "description_es": "",
        },
    )

    item = AgendaItem.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("workshops:staff_agenda", kwargs={"slug": workshop.slug}),
    )
    assert (item.title, item.title_fr, item.title_es) == ("Session I", "Séance I", "Sesión I")


def test_a_document_is_uploaded_with_its_titles_and_they_can_be_edited(staff_client, workshop):
    staff_client.post(
        reverse("workshops:staff_documents", args=[workshop.slug]),
        {
            "file": SimpleUploadedFile("note.pdf", PDF, content_type="application/pdf"),
            "kind": WorkshopDocument.Kind.CONCEPT_NOTE,
            "title": "Concept note",
            "title_fr": "Note conceptuelle",
            "title_es": "",
            "language": "en",
            "is_public": "on",
        },
    )
    document = WorkshopDocument.objects.get()
    response = staff_client.post(
        reverse("workshops:staff_document_edit", args=[document.pk]),
        {
            "kind": WorkshopDocument.Kind.CONCEPT_NOTE,
            "language": "en",
            "is_public": "on",
            "title": "Concept note",
            "title_fr": "Note conceptuelle",
            "title_es": "Nota conceptual",
        },
    )

    document.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (
        302,
        reverse("workshops:staff_documents", args=[workshop.slug]),
    )
    assert (document.title, document.title_fr, document.title_es) == (
        "Concept note",
        "Note conceptuelle",
        "Nota conceptual",
    )


def test_the_panel_form_groups_the_three_languages(staff_client):
    panel = PanelFactory()

    page = staff_client.get(reverse("sessions_council:panel_edit", args=[panel.pk])).content.decode()

    assert legends(page) == [("en", "English"), ("fr", "Français"), ("es", "Español")]
    assert [name for name in re.findall(r'name="(\w+)"', page) if name.endswith(("_fr", "_es"))] == [
        "title_fr",
        "theme_fr",
        "summary_fr",
        "key_conclusions_fr",
        "title_es",
        "theme_es",
        "summary_es",
        "key_conclusions_es",
    ]


# --- What is still to translate -----------------------------------------------------------------


def test_the_secretariat_sees_what_is_missing(staff_client, workshop):
    WorkshopFactory(title="Translated", title_fr="Traduit", title_es="Traducido", venue="", description="")
    PanelFactory(title="Panel", title_fr="Table ronde", title_es="Mesa redonda", summary="Text only in English")

    page = staff_client.get("/staff/translations/?kind=workshops").content.decode()
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    counts = [tuple(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    panels = staff_client.get("/staff/translations/?kind=panels").content.decode()

    assert counts == [
        ("IDM", "years", "1", "1", "1"),  # the factory's year: its theme in English only
        ("Workshops", "1", "1", "1"),
        ("Agenda", "items", "0", "0", "0"),
        ("Workshop", "documents", "0", "0", "0"),
        ("Council", "sessions", "1", "1", "1"),
        ("Council", "panels", "1", "1", "1"),
        ("Theme", "consultations", "0", "0", "0"),
        ("Informal", "consultations", "0", "0", "0"),
        ("Candidate", "themes", "0", "0", "0"),
        ("Candidate", "workshop", "topics", "0", "0", "0"),
        ("Organisations", "0", "0", "0"),
        ("Positions", "0", "0", "0"),
        ("Donors", "0", "0", "0"),
    ]
    assert "<li>Title: Spanish</li><li>Venue: French, Spanish</li><li>Description: French</li>" in page
    assert reverse("workshops:staff_workshop_edit", args=[workshop.slug]) in page
    assert "<li>Summary: French, Spanish</li>" in panels
    assert reverse("sessions_council:panel_edit", args=[Panel.objects.get().pk]) in panels


def test_the_missing_translations_page_speaks_french(staff_client, workshop):
    staff_client.cookies["django_language"] = "fr"

    page = staff_client.get("/staff/translations/?kind=workshops").content.decode()

    assert "<li>Titre : Espagnol</li><li>Lieu : Français, Espagnol</li><li>Description : Français</li>" in page


def test_an_unknown_kind_is_not_found(staff_client):
    assert staff_client.get("/staff/translations/?kind=nothing").status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_the_missing_translations_page_costs_the_same_queries(staff_client, rows, django_assert_num_queries):
    for n in range(rows):
        workshop = WorkshopFactory(title="Workshop %d" % n)
        AgendaItem.objects.create(
            workshop=workshop, starts_at=workshop.registration_opens, ends_at=workshop.registration_opens, title="Item"
        )
        PanelFactory(summary="Summary")
    staff_client.get("/staff/translations/")  # the session and the user, once

    with django_assert_num_queries(16):  # one count per kind of content, one page of one kind
        response = staff_client.get("/staff/translations/?kind=agenda")

    assert response.content.decode().count(">Translate<") == rows


# --- Adopting a theme ---------------------------------------------------------------------------


def test_adopting_a_theme_says_how_it_was_chosen_in_the_three_languages(secretariat):
    consultation = ConsultationFactory(year=2010)
    (social, environment) = themes(consultation, "Migration and social change", "Migration and the environment")
    (topic,) = topics(consultation, "Migration and Transnationalism")
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    ballot(consultation, state("SN"), [social, environment])

    year = consultation_services.adopt_consultation(
        consultation=consultation,
        theme=social,
        topics=[
            consultation_services.AdoptedTopic(topic=topic, start_date=date(2010, 3, 9), end_date=date(2010, 3, 10))
        ],
        by=secretariat,
    )

    assert (year.theme_selection_fr, year.theme_selection_es, year.theme_fr) == (
        "À l'issue de consultations informelles et d'une enquête de suivi, les États Membres ont retenu le thème "
        "général « Migration and social change » pour orienter l'IDM en 2010.",
        "Mediante consultas informales y una encuesta de seguimiento, los Estados Miembros han elegido el tema "
        "general «Migration and social change» para orientar el IDM en 2010.",
        "",  # the theme itself is for the secretariat to translate
    )
